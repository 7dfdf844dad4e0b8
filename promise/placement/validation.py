"""Checks a policy must pass before it is stored.

Every check raises :class:`PolicyValidationError` pointing at the rule,
the position and the variable at fault:

* column references (``t(col=x)``) name columns of the table's schema;
* tables are known (a schema, a derived table, or a builtin) and used
  with one arity; rule heads never define a schema table, nor carry a
  data source prefix;
* safety: every variable of the head, of a negated literal and of a
  builtin's inputs is bound by a positive table literal (or by the result
  of an arithmetic builtin whose inputs are bound);
* stratification: no table depends on itself through negation.
"""

import dataclasses

from promise.placement import errors
from promise.placement import rules

COMPARISONS = {"lt": "<", "lteq": "<=", "gt": ">", "gteq": ">=",
               "equal": "=", "neq": "!="}
ARITHMETIC = {"plus": "+", "minus": "-", "mul": "*", "div": "/"}
BUILTINS = frozenset(COMPARISONS) | frozenset(ARITHMETIC)


def is_builtin(literal):
    return literal.table in BUILTINS


@dataclasses.dataclass(frozen=True)
class CheckedPolicy:
    """Rules with column references resolved, and the tables involved."""

    rules: tuple
    derived: dict      # table -> arity
    base: dict         # table -> arity (schema or inferred)


def _fail(message, rule, node=None, variable=None):
    position = getattr(node, "position", None) or rule.position
    raise errors.PolicyValidationError(
        message, position.line if position else None,
        position.column if position else None, rule.text or str(rule),
        variable)


def _resolve(literal, rule, schemas, is_head):
    named = [a for a in literal.arguments
             if isinstance(a, rules.NamedArgument)]
    if not named:
        return literal
    if is_head:
        _fail(f"column references are not allowed in a rule head "
              f"({literal.table})", rule, named[0])
    if is_builtin(literal):
        _fail(f"builtin {literal.table} takes no column references",
              rule, named[0])
    columns = schemas.get(literal.table)
    if columns is None:
        _fail(f"column reference {named[0].column}= needs a table with a "
              f"known schema, and {literal.table} has none", rule, named[0])
    positional = []
    seen_named = False
    values = {}
    for argument in literal.arguments:
        if isinstance(argument, rules.NamedArgument):
            seen_named = True
            if argument.column not in columns:
                _fail(f"table {literal.table} has no column "
                      f"{argument.column!r} (columns: "
                      f"{', '.join(columns)})", rule, argument)
            if argument.column in values:
                _fail(f"column {argument.column!r} given twice", rule,
                      argument)
            values[argument.column] = argument.term
        elif seen_named:
            _fail("positional arguments must come before column "
                  "references", rule, argument)
        else:
            positional.append(argument)
    if len(positional) > len(columns):
        _fail(f"table {literal.table} has {len(columns)} columns",
              rule, literal)
    for index, column in enumerate(columns[:len(positional)]):
        if column in values:
            _fail(f"column {column!r} given by position and by name",
                  rule, values[column])
        values[column] = positional[index]
    arguments = tuple(values.get(c, rules.Anonymous(literal.position))
                      for c in columns)
    return dataclasses.replace(literal, arguments=arguments)


def _check_terms(literal, rule, allow_anonymous):
    for argument in literal.arguments:
        if isinstance(argument, rules.Anonymous) and not allow_anonymous:
            _fail(f"every column of {literal.table} must be given",
                  rule, literal)


def _bound_variables(rule):
    """Variables bound by the body, following arithmetic results."""
    bound = set()
    for literal in rule.body:
        if not literal.negated and not is_builtin(literal):
            bound.update(v.name for v in literal.variables())
    changed = True
    while changed:
        changed = False
        for literal in rule.body:
            if literal.negated or literal.table not in ARITHMETIC:
                continue
            inputs, output = literal.arguments[:2], literal.arguments[2]
            if (all(not isinstance(a, rules.Variable) or a.name in bound
                    for a in inputs)
                    and isinstance(output, rules.Variable)
                    and output.name not in bound):
                bound.add(output.name)
                changed = True
    return bound


def _check_safety(rule):
    bound = _bound_variables(rule)

    def require(variables, what):
        for variable in variables:
            if variable.name not in bound:
                _fail(f"variable {variable.name!r} {what} is not bound by "
                      f"a positive literal of the body", rule, variable,
                      variable.name)

    for literal in rule.body:
        if literal.negated and not is_builtin(literal):
            require(literal.variables(),
                    f"of the negated literal {literal.table}")
        elif literal.table in COMPARISONS or (
                literal.negated and literal.table in ARITHMETIC):
            require(literal.variables(), f"of builtin {literal.table}")
        elif literal.table in ARITHMETIC:
            require([a for a in literal.arguments[:2]
                     if isinstance(a, rules.Variable)],
                    f"of builtin {literal.table}")
    if rule.is_fact:
        for variable in rule.head.variables():
            _fail(f"a fact cannot hold variable {variable.name!r}", rule,
                  variable, variable.name)
    require(rule.head.variables(), "of the head")


def _strongly_connected(graph):
    """Tarjan's algorithm, iterative; returns a node -> component map."""
    index = {}
    low = {}
    stack = []
    on_stack = set()
    component = {}
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = node
                    if member == node:
                        break
    return component


def _check_stratified(checked_rules, derived):
    graph = {table: set() for table in derived}
    for rule in checked_rules:
        for literal in rule.body:
            if literal.table in derived:
                graph[rule.head.table].add(literal.table)
    component = _strongly_connected(graph)
    for rule in checked_rules:
        for literal in rule.body:
            if (literal.negated and literal.table in derived
                    and component[literal.table]
                    == component[rule.head.table]):
                _fail(f"{rule.head.table} depends on itself through the "
                      f"negation of {literal.table} (recursion through "
                      f"negation cannot be stratified)", rule, literal)


def check(parsed_rules, schemas, allow_unknown_tables=False):
    """Resolve and validate ``parsed_rules``; returns a CheckedPolicy."""
    checked = []
    derived = {}
    for rule in parsed_rules:
        head = rule.head
        if head.datasource:
            _fail(f"a rule cannot define {head.table}: tables with a data "
                  f"source prefix are read only", rule, head)
        if head.table in schemas:
            _fail(f"a rule cannot define {head.table}, a table of the "
                  f"data sources", rule, head)
        if head.table in BUILTINS:
            _fail(f"a rule cannot define builtin {head.table}", rule, head)
        head = _resolve(head, rule, schemas, True)
        body = tuple(_resolve(lit, rule, schemas, False)
                     for lit in rule.body)
        rule = dataclasses.replace(rule, head=head, body=body)
        previous = derived.setdefault(head.table, len(head.arguments))
        if previous != len(head.arguments):
            _fail(f"{head.table} has {previous} columns elsewhere but "
                  f"{len(head.arguments)} here", rule, head)
        checked.append(rule)

    base = {}
    for rule in checked:
        for literal in rule.body:
            count = len(literal.arguments)
            if literal.table in COMPARISONS or literal.table in ARITHMETIC:
                wanted = 2 if literal.table in COMPARISONS else 3
                if count != wanted:
                    _fail(f"builtin {literal.table} takes {wanted} "
                          f"arguments, not {count}", rule, literal)
                _check_terms(literal, rule, False)
                continue
            if literal.table in derived:
                expected = derived[literal.table]
            elif literal.table in schemas:
                expected = len(schemas[literal.table])
            elif not allow_unknown_tables:
                if literal.datasource is None:
                    what = "unknown builtin or table"
                else:
                    what = "unknown table"
                _fail(f"{what} {literal.table} (builtins: "
                      f"{', '.join(sorted(BUILTINS))}; tables: "
                      f"{', '.join(sorted(set(schemas) | set(derived)))})",
                      rule, literal)
            else:
                expected = base.setdefault(literal.table, count)
            if count != expected:
                _fail(f"{literal.table} has {expected} columns, not "
                      f"{count}", rule, literal)
            if literal.table not in derived:
                base[literal.table] = expected
        _check_safety(rule)
    _check_stratified(checked, derived)
    return CheckedPolicy(tuple(checked), derived, base)
