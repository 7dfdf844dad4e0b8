"""Evaluation on clingo: joins, negation, builtins, fixed point."""

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import testtools

from promise import placement
from promise.placement import translate


def evaluate(text, tables, **kwargs):
    return placement.PolicySet(
        [placement.Policy("p", text, **kwargs)]).evaluate(tables)


class TestEvaluation(testtools.TestCase):
    def test_join_negation_and_strings(self):
        tables = {"vm_host_mapping": [("vm-1", "h1"), ("vm-2", "h2")],
                  "nova:node": [("h1", "type1"), ("h2", "type2")]}
        result = evaluate(
            'typed(v) :- vm_host_mapping(v, h), nova:node(h, "type1")\n'
            'error(v) :- vm_host_mapping(v, h), not typed(v)', tables)
        self.assertEqual({("vm-1",)}, result["typed"])
        self.assertEqual({("vm-2",)}, result["error"])

    def test_decimals_are_exact(self):
        tables = {"server_utilization": [("a", 62.5), ("b", 49.999),
                                         ("c", 50)]}
        result = evaluate(
            "low(s, u) :- server_utilization(s, u), lt(u, 50)\n"
            "double(s, d) :- server_utilization(s, u), mul(u, 2, d)\n"
            "third(s, d) :- server_utilization(s, u), div(u, 3, d)\n"
            "sum(s, d) :- server_utilization(s, u), plus(u, 0.5, d)",
            tables)
        self.assertEqual({("b", 49.999)}, result["low"])
        self.assertIn(("a", 125), result["double"])
        self.assertIn(("a", 20.833), result["third"])
        self.assertIn(("a", 63), result["sum"])

    def test_awkward_names_are_mangled(self):
        result = evaluate(
            "Err-or.x(X) :- custom:Weird_Table-1(X)",
            {"custom:Weird_Table-1": [('quote " and \\ back',)]},
            allow_unknown_tables=True)
        self.assertEqual({('quote " and \\ back',)}, result["Err-or.x"])
        self.assertNotEqual(translate.mangle("a_b"), translate.mangle("a-b"))

    def test_policies_have_their_own_error(self):
        policies = placement.PolicySet([
            placement.Policy("one", "error(h) :- nova:node(h, \"t1\")"),
            placement.Policy("two", "error(h) :- nova:node(h, \"t2\")")])
        tables = {"nova:node": [("a", "t1"), ("b", "t2")]}
        self.assertEqual({"one": {("a",)}, "two": {("b",)}},
                         policies.violations(tables))
        self.assertEqual({"error": {("a",), ("b",)}},
                         policies.evaluate(tables))

    def test_out_of_range_numbers(self):
        self.assertRaises(
            placement.EvaluationError, evaluate,
            "e(s) :- server_utilization(s, u)",
            {"server_utilization": [("a", 10**7)]})

    def test_wrong_row_width(self):
        self.assertRaises(
            placement.EvaluationError, evaluate,
            "e(s) :- server_utilization(s, u)",
            {"server_utilization": [("a", 1, 2)]})

    def test_simulate_reports_added_and_removed(self):
        policies = placement.PolicySet([placement.Policy(
            "low", "error(s) :- server_utilization(s, u), lt(u, 50)")])
        tables = {"server_utilization": [("a", 40), ("b", 60)]}
        result = policies.simulate(tables, [
            placement.Change("server_utilization", ("a", 40), delete=True),
            placement.Change("server_utilization", ("a", 55)),
            placement.Change("server_utilization", ("b", 60), delete=True),
            placement.Change("server_utilization", ("b", 45))])
        self.assertEqual({"low": {("b",)}}, result.added)
        self.assertEqual({"low": {("a",)}}, result.removed)


class TestThresholdAgreesWithPython(testtools.TestCase):
    @settings(max_examples=40, deadline=None, database=None)
    @given(st.lists(st.fractions(0, 100, max_denominator=4000), min_size=1,
                    max_size=12),
           st.sampled_from(["lt", "lteq", "gt", "gteq"]),
           st.integers(0, 100))
    def test_comparisons_on_rounded_values(self, values, op, threshold):
        from promise.placement import numbers
        tables = {"server_utilization": [(f"s{i}", v)
                                         for i, v in enumerate(values)]}
        result = evaluate(
            f"hit(s) :- server_utilization(s, u), {op}(u, {threshold})",
            tables)
        kind, bound = numbers.threshold_units(op, threshold)
        expected = {(f"s{i}",) for i, v in enumerate(values)
                    if (v < bound if kind == "lt" else v >= bound)}
        self.assertEqual(expected, result["hit"])
