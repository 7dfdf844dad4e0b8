"""Translation of checked policies to a clingo (ASP) program.

Names are mangled so that any Congress table or variable name becomes a
valid clingo identifier and no two names collide: lowercase letters and
digits are kept, ``_`` becomes ``__`` and any other character ``_xHH_``
(its code point in hex).  Base tables get the prefix ``b_``; tables a
policy derives get ``dN_`` (N the policy's index), so two policies may
both define ``error`` without seeing each other's rows.
"""

from promise.placement import numbers
from promise.placement import rules
from promise.placement import validation

_KEEP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def mangle(name):
    out = []
    for char in name:
        if char in _KEEP:
            out.append(char)
        elif char == "_":
            out.append("__")
        else:
            out.append(f"_x{ord(char):x}_")
    return "".join(out)


def base_name(table):
    return f"b_{mangle(table)}"


def derived_name(index, table):
    return f"d{index}_{mangle(table)}"


def string(value):
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n"))
    return f'"{escaped}"'


def _term(term):
    if isinstance(term, rules.Variable):
        return f"V{mangle(term.name)}"
    if isinstance(term, rules.Anonymous):
        return "_"
    if isinstance(term.value, str):
        return string(term.value)
    return str(numbers.scaled_literal(term.value))


_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=",
            "!=": "="}


def _literal(literal, names):
    args = [_term(a) for a in literal.arguments]
    if literal.table in validation.COMPARISONS:
        op = validation.COMPARISONS[literal.table]
        if literal.negated:
            op = _NEGATED[op]
        return f"{args[0]} {op} {args[1]}"
    if literal.table in validation.ARITHMETIC:
        call = f"@{literal.table}({args[0]}, {args[1]})"
        return f"{args[2]} {'!=' if literal.negated else '='} {call}"
    atom = f"{names[literal.table]}({', '.join(args)})"
    return f"not {atom}" if literal.negated else atom


def program(index, checked):
    """The clingo rules of one checked policy, and its name table."""
    names = {table: derived_name(index, table) for table in checked.derived}
    for table in checked.base:
        names[table] = base_name(table)
    lines = []
    for rule in checked.rules:
        head = _literal(rule.head, names)
        if rule.is_fact:
            lines.append(f"{head}.")
        else:
            body = ", ".join(_literal(lit, names) for lit in rule.body)
            lines.append(f"{head} :- {body}.")
    for table, arity in checked.derived.items():
        lines.append(f"#show {names[table]}/{arity}.")
    return lines, names


def value(item):
    if isinstance(item, str):
        return string(item)
    return str(numbers.scale(item))


def facts(table, rows, arity):
    """One clingo fact per row of a base table."""
    name = base_name(table)
    out = []
    for row in rows:
        if len(row) != arity:
            from promise.placement import errors
            raise errors.EvaluationError(
                f"table {table} has {arity} columns; row {tuple(row)!r} "
                f"has {len(row)}")
        out.append(f"{name}({','.join(map(value, row))}).")
    return out


def check_literals(checked):
    """Policy number literals that three decimals cannot hold."""
    for rule in checked.rules:
        for literal in (rule.head,) + rule.body:
            for term in literal.arguments:
                if (isinstance(term, rules.Constant)
                        and not isinstance(term.value, str)
                        and numbers.scaled_literal(term.value) is None):
                    yield rule, term
