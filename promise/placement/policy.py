"""Policies and their evaluation on clingo.

    policies = PolicySet([
        Policy("energy", POLICY_1),
        Policy("ha", POLICY_2, hard=True),
    ])
    derived = policies.evaluate(tables)        # {"error": {(...), ...}}
    per_policy = policies.violations(tables)   # {"energy": {...}, ...}
    result = policies.simulate(tables, [Change("vm_host_mapping",
                                               ("vm-1", "h2"))])

``tables`` maps a table name (as policies write it) to an iterable of
tuples of strings and numbers.
"""

import dataclasses
import types

import clingo

from promise.placement import errors
from promise.placement import numbers
from promise.placement import schemas as schema_module
from promise.placement import syntax
from promise.placement import translate
from promise.placement import validation

ERROR_TABLE = "error"


class Policy:
    """One named policy: Datalog text, parsed and validated at once.

    ``hard`` marks a policy re-placement must never break (anti-affinity);
    the others are soft: re-placement minimises their violations.
    """

    def __init__(self, name, text, hard=False, schemas=None,
                 allow_unknown_tables=False):
        self.name = name
        self.text = text
        self.hard = hard
        self.schemas = types.MappingProxyType(
            dict(schema_module.DEFAULT_SCHEMAS if schemas is None
                 else schemas))
        try:
            parsed = syntax.parse(text)
            self.checked = validation.check(parsed, self.schemas,
                                            allow_unknown_tables)
        except errors.PolicyError as exc:
            raise exc.with_policy(name) from None
        for rule, term in translate.check_literals(self.checked):
            raise errors.PolicyValidationError(
                f"number {term} needs more than three decimals or is out "
                f"of range (see numbers.SCALE)", term.position.line,
                term.position.column, rule.text, policy=name)

    @property
    def rules(self):
        return self.checked.rules

    def __repr__(self):
        return f"Policy({self.name!r}, hard={self.hard})"


@dataclasses.dataclass(frozen=True)
class Change:
    """Insert (or, with ``delete``, remove) one row of a base table."""

    table: str
    row: tuple
    delete: bool = False


@dataclasses.dataclass(frozen=True)
class Simulation:
    """Rows of ``table`` per policy before and after the changes."""

    before: dict
    after: dict

    @property
    def added(self):
        return {name: self.after[name] - self.before[name]
                for name in self.after
                if self.after[name] - self.before[name]}

    @property
    def removed(self):
        return {name: self.before[name] - self.after[name]
                for name in self.before
                if self.before[name] - self.after[name]}


class _Arithmetic:
    """clingo's ``@plus`` and friends, exact and range-checked."""

    def __init__(self):
        self.overflow = None

    def _number(self, result, a, b, name):
        if result is None:
            return []
        if abs(result) > numbers.LIMIT:
            self.overflow = f"{name}({numbers.unscale(a.number)}, " \
                            f"{numbers.unscale(b.number)})"
            return []
        return clingo.Number(result)

    @staticmethod
    def _numbers(a, b):
        return (a.type == clingo.SymbolType.Number
                and b.type == clingo.SymbolType.Number)

    def plus(self, a, b):
        if not self._numbers(a, b):
            return []
        return self._number(a.number + b.number, a, b, "plus")

    def minus(self, a, b):
        if not self._numbers(a, b):
            return []
        return self._number(a.number - b.number, a, b, "minus")

    def mul(self, a, b):
        if not self._numbers(a, b):
            return []
        return self._number(numbers.mul(a.number, b.number), a, b, "mul")

    def div(self, a, b):
        if not self._numbers(a, b):
            return []
        return self._number(numbers.div(a.number, b.number), a, b, "div")


def _python_value(symbol):
    if symbol.type == clingo.SymbolType.Number:
        return numbers.unscale(symbol.number)
    if symbol.type == clingo.SymbolType.String:
        return symbol.string
    return str(symbol)


class PolicySet:
    """Policies evaluated together in one clingo program.

    Each policy keeps its own derived tables (two policies may both
    define ``error``); base tables are shared.
    """

    def __init__(self, policies=(), schemas=None):
        self.policies = []
        self._schemas = schemas
        for policy in policies:
            self.add(policy)

    def add(self, policy, name=None, hard=False):
        """Add a Policy, or policy text (validated now)."""
        if isinstance(policy, str):
            policy = Policy(name or f"policy{len(self.policies) + 1}",
                            policy, hard=hard, schemas=self._schemas)
        if any(p.name == policy.name for p in self.policies):
            raise errors.PolicyValidationError(
                f"a policy named {policy.name!r} already exists")
        self.policies.append(policy)
        self._program = None
        return policy

    def __iter__(self):
        return iter(self.policies)

    def __len__(self):
        return len(self.policies)

    def _compiled(self):
        if getattr(self, "_program", None) is None:
            lines = []
            decode = {}
            base = {}
            for index, policy in enumerate(self.policies):
                rules_text, names = translate.program(index, policy.checked)
                lines.extend(rules_text)
                for table, arity in policy.checked.derived.items():
                    decode[(names[table], arity)] = (policy.name, table)
                base.update(policy.checked.base)
            self._program = ("\n".join(lines), decode, base)
        return self._program

    def base_tables(self):
        """Tables the policies read, with their arity."""
        return dict(self._compiled()[2])

    def evaluate_policies(self, tables):
        """``{policy name: {derived table: set of rows}}``."""
        text, decode, base = self._compiled()
        data = []
        for table, arity in base.items():
            data.extend(translate.facts(table, tables.get(table, ()),
                                        arity))
        ctl = clingo.Control(["--warn=none"])
        ctl.add("base", [], text + "\n" + "\n".join(data))
        arithmetic = _Arithmetic()
        ctl.ground([("base", [])], context=arithmetic)
        if arithmetic.overflow:
            raise errors.EvaluationError(
                f"{arithmetic.overflow} is out of range")
        result = {p.name: {t: set() for t in p.checked.derived}
                  for p in self.policies}
        symbols = []
        ctl.solve(on_model=lambda m: symbols.extend(m.symbols(shown=True)))
        for symbol in symbols:
            key = decode.get((symbol.name, len(symbol.arguments)))
            if key is None:
                continue
            policy, table = key
            result[policy][table].add(
                tuple(_python_value(a) for a in symbol.arguments))
        return result

    def evaluate(self, tables):
        """Derived tables of every policy, merged: ``{table: rows}``."""
        merged = {}
        for derived in self.evaluate_policies(tables).values():
            for table, rows in derived.items():
                merged.setdefault(table, set()).update(rows)
        return merged

    def violations(self, tables, table=ERROR_TABLE):
        """``{policy name: rows of its error table}``."""
        return {name: derived.get(table, set())
                for name, derived in self.evaluate_policies(tables).items()}

    def simulate(self, tables, changes, table=ERROR_TABLE):
        """What ``changes`` (a sequence of :class:`Change`) would do to
        each policy's ``table``: rows added and removed."""
        changed = {name: list(rows) for name, rows in tables.items()}
        for change in changes:
            rows = changed.setdefault(change.table, [])
            row = tuple(change.row)
            if change.delete:
                if row not in rows:
                    raise errors.EvaluationError(
                        f"cannot delete {row!r}: not in {change.table}")
                rows.remove(row)
            elif row not in rows:
                rows.append(row)
        return Simulation(self.violations(tables, table),
                          self.violations(changed, table))
