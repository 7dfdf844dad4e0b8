"""Parsing and validation of policies in Congress syntax."""

import testtools

from promise import placement
from promise.placement import syntax


class TestParser(testtools.TestCase):
    def test_rules_facts_comments_and_prefixes(self):
        rules = syntax.parse(
            '// a comment\n'
            'error(x, y) :- body(x), not other(y), lt(x, 50) # another\n'
            'fact("a b", -2.5)\n'
            'q(x) :- nova:servers(id=x, name="w"),\n'
            '        r(x)\n')
        self.assertEqual(3, len(rules))
        self.assertEqual("error(x, y) :- body(x), not other(y), lt(x, 50)",
                         str(rules[0]))
        self.assertTrue(rules[0].body[1].negated)
        self.assertTrue(rules[1].is_fact)
        self.assertEqual(("a b", -2.5),
                         tuple(t.value for t in rules[1].head.arguments))
        self.assertEqual("nova:servers", rules[2].body[0].table)
        self.assertEqual((4, 1), (rules[2].position.line,
                                  rules[2].position.column))

    def test_string_escapes(self):
        (rule,) = syntax.parse(r'p("a\"b", ' + "'c')")
        self.assertEqual(['a"b', "c"],
                         [t.value for t in rule.head.arguments])

    def _syntax_error(self, text):
        return self.assertRaises(placement.PolicySyntaxError,
                                 syntax.parse, text)

    def test_unexpected_token_position(self):
        exc = self._syntax_error("error(x) :- p(x)\nerror(y :- q(y)")
        self.assertEqual((2, 9), (exc.line, exc.column))
        self.assertIn("':-'", str(exc))

    def test_unexpected_character(self):
        exc = self._syntax_error("p(x) :- q(x), $")
        self.assertEqual((1, 15), (exc.line, exc.column))

    def test_unexpected_end(self):
        exc = self._syntax_error("p(x) :-")
        self.assertIn("end of policy", str(exc))
        self.assertEqual(1, exc.line)


class TestValidation(testtools.TestCase):
    def _invalid(self, text, **kwargs):
        return self.assertRaises(placement.PolicyValidationError,
                                 placement.Policy, "p", text, **kwargs)

    def test_head_safety(self):
        exc = self._invalid('error(x, y) :- nova:node(x, "type1")')
        self.assertEqual("y", exc.variable)
        self.assertEqual((1, 10), (exc.line, exc.column))
        self.assertIn('error(x, y) :- nova:node(x, "type1")', str(exc))

    def test_negation_safety(self):
        exc = self._invalid(
            'low(x) :- nova:node(x, t)\n'
            'error(x) :- nova:node(x, t), not low(z)')
        self.assertEqual("z", exc.variable)
        self.assertEqual((2, 38), (exc.line, exc.column))

    def test_builtin_safety(self):
        exc = self._invalid('error(x) :- nova:node(x, t), lt(u, 50)')
        self.assertEqual("u", exc.variable)

    def test_arithmetic_result_binds(self):
        policy = placement.Policy(
            "p", "r(x, z) :- server_utilization(x, u), plus(u, 10, z), "
                 "lt(z, 60)")
        self.assertEqual({"r": 2}, policy.checked.derived)

    def test_fact_with_variable(self):
        exc = self._invalid("p(x)")
        self.assertEqual("x", exc.variable)

    def test_arity_against_schema(self):
        exc = self._invalid('error(x) :- nova:node(x)')
        self.assertIn("nova:node has 2 columns, not 1", str(exc))

    def test_derived_arity_consistent(self):
        exc = self._invalid('e(x) :- nova:node(x, y)\n'
                            'e(x, y) :- nova:node(x, y)')
        self.assertEqual(2, exc.line)

    def test_unknown_builtin(self):
        exc = self._invalid('e(x) :- nova:node(x, y), lesser(x, 3)')
        self.assertIn("unknown builtin or table lesser", str(exc))

    def test_builtin_arity(self):
        exc = self._invalid('e(x) :- nova:node(x, y), plus(x, 3)')
        self.assertIn("plus takes 3 arguments", str(exc))

    def test_recursion_through_negation(self):
        exc = self._invalid('p(x) :- nova:node(x, y), not q(x)\n'
                            'q(x) :- nova:node(x, y), not p(x)')
        self.assertIn("through the negation", str(exc))

    def test_positive_recursion_is_fine(self):
        policy = placement.Policy(
            "p", 'reach(x, y) :- vm_host_mapping(x, y)\n'
                 'reach(x, z) :- reach(x, y), reach(y, z)')
        self.assertEqual({"reach": 2}, policy.checked.derived)

    def test_column_references(self):
        policy = placement.Policy(
            "p", 'e(x) :- nova:servers(host=h, id=x), nova:node(h, "t1")')
        literal = policy.rules[0].body[0]
        self.assertEqual(5, len(literal.arguments))
        exc = self._invalid('e(x) :- nova:servers(hots=h, id=x)')
        self.assertIn("no column 'hots'", str(exc))

    def test_data_source_tables_are_read_only(self):
        exc = self._invalid('nova:node(x, y) :- vm_host_mapping(x, y)')
        self.assertIn("read only", str(exc))

    def test_literal_precision(self):
        exc = self._invalid('e(x) :- server_utilization(x, u), lt(u, 0.0001)')
        self.assertIn("three decimals", str(exc))

    def test_unknown_tables_allowed_on_request(self):
        policy = placement.Policy("p", "e(x) :- custom:t(x)",
                                  allow_unknown_tables=True)
        self.assertEqual({"custom:t": 1}, policy.checked.base)
