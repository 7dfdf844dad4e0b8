"""Policy shapes the re-placement solver can compile.

A solver model cannot encode arbitrary Datalog, so the planner compiles
the policies whose ``error`` rules have one of these shapes and checks
every plan against all policies on clingo afterwards.

Utilization band (the draft's Policy 1), per server type ``T``::

    error(s) :- nova:node(s, "T"), server_utilization(s, u), lt(u, 50)
    # or through a helper table, allowing one server in the band:
    low(s) :- nova:node(s, "T"), server_utilization(s, u),
              gt(u, 0), lt(u, 50)
    error(s) :- low(s), low(other), neq(s, other)

Any of lt/lteq/gt/gteq bound the band; ``neq(s, o)`` may be written
``not equal(s, o)``.

Anti-affinity (the draft's Policy 2)::

    error(vm1) :- anti_affinity_group(vm1, g1), anti_affinity_group(vm2, g2),
                  equal(g1, g2), neq(vm1, vm2),
                  vm_host_mapping(vm1, s1), vm_host_mapping(vm2, s2),
                  equal(s1, s2)

Variables made equal by ``equal`` may as well share one name.
"""

import dataclasses
from fractions import Fraction

from promise.placement import numbers
from promise.placement import rules

ERROR = "error"


@dataclasses.dataclass(frozen=True)
class UtilizationBand:
    """Servers of ``server_type`` whose utilization lies in the band
    ``lower <= u < upper`` (exact bounds, see numbers.threshold_units)
    are errors once more than ``allowance`` of them exist."""

    server_type: str
    lower: Fraction | None
    upper: Fraction | None
    allowance: int

    def in_band(self, utilization):
        if self.lower is not None and utilization < self.lower:
            return False
        return self.upper is None or utilization < self.upper

    def rows(self, dc):
        hits = {(name,) for name, server in dc.servers.items()
                if server.server_type == self.server_type
                and self.in_band(dc.utilization(name))}
        return hits if len(hits) > self.allowance else set()


@dataclasses.dataclass(frozen=True)
class AntiAffinity:
    """No two VMs of one ``anti_affinity_group`` group on one server."""


def _substitute(rule):
    """Merge variables made equal by positive ``equal`` literals."""
    parent = {}

    def find(term):
        while term in parent:
            term = parent[term]
        return term

    kept = []
    for literal in rule.body:
        if literal.table == "equal" and not literal.negated:
            a, b = (find(_key(t)) for t in literal.arguments)
            if a != b:
                if a[0] == "const":
                    a, b = b, a
                if a[0] == "const":
                    return None
                parent[a] = b
            continue
        kept.append(literal)

    def norm(term):
        return find(_key(term))

    return norm(("var", rule.head.arguments[0].name)) \
        if len(rule.head.arguments) == 1 and isinstance(
            rule.head.arguments[0], rules.Variable) else None, [
        (lit.table, lit.negated, tuple(norm(_key(a)) for a in lit.arguments))
        for lit in kept]


def _key(term):
    if isinstance(term, tuple):
        return term
    if isinstance(term, rules.Variable):
        return ("var", term.name)
    if isinstance(term, rules.Anonymous):
        return ("anon", id(term))
    return ("const", term.value)


def _is_distinct(literal, a, b):
    table, negated, args = literal
    return ((table == "neq" and not negated)
            or (table == "equal" and negated)) and set(args) == {a, b}


def _band_condition(head, body):
    """``(type, lower, upper)`` if ``body`` bands server ``head``."""
    node = [lit for lit in body if lit[0] == "nova:node" and not lit[1]]
    util = [lit for lit in body
            if lit[0] == "server_utilization" and not lit[1]]
    if len(node) != 1 or len(util) != 1 or len(body) < 3:
        return None
    server, server_type = node[0][2]
    if server != head or server_type[0] != "const" \
            or not isinstance(server_type[1], str):
        return None
    if util[0][2][0] != head or util[0][2][1][0] != "var":
        return None
    value = util[0][2][1]
    lower = upper = None
    for table, negated, args in body:
        if table in ("nova:node", "server_utilization"):
            continue
        if negated or table not in ("lt", "lteq", "gt", "gteq"):
            return None
        if args[0] != value or args[1][0] != "const" \
                or isinstance(args[1][1], str):
            return None
        kind, bound = numbers.threshold_units(table, args[1][1])
        if kind == "lt":
            upper = bound if upper is None else min(upper, bound)
        else:
            lower = bound if lower is None else max(lower, bound)
    return server_type[1], lower, upper


def _helpers(policy):
    """Derived tables other than error defined by exactly one rule."""
    defined = {}
    for rule in policy.rules:
        defined.setdefault(rule.head.table, []).append(rule)
    return {t: rs[0] for t, rs in defined.items()
            if t != ERROR and len(rs) == 1}


def _band(rule, helpers):
    head, body = _substitute(rule) or (None, None)
    if head is None or body is None:
        return None
    direct = _band_condition(head, body)
    if direct:
        return UtilizationBand(*direct, allowance=0)
    positives = [lit for lit in body if not lit[1] and lit[0] in helpers]
    if len(body) == 1 and positives and positives[0][2] == (head,):
        helper = helpers[positives[0][0]]
        inner = _substitute(helper)
        if inner and inner[0] is not None:
            cond = _band_condition(inner[0], inner[1])
            if cond:
                return UtilizationBand(*cond, allowance=0)
    if len(body) == 3 and len(positives) == 2 \
            and positives[0][0] == positives[1][0]:
        a, b = positives[0][2], positives[1][2]
        if len(a) == 1 and head in (a[0], b[0]) and a[0] != b[0]:
            others = [lit for lit in body if lit not in positives]
            if others and _is_distinct(others[0], a[0], b[0]):
                helper = helpers[positives[0][0]]
                inner = _substitute(helper)
                if inner and inner[0] is not None:
                    cond = _band_condition(inner[0], inner[1])
                    if cond:
                        return UtilizationBand(*cond, allowance=1)
    return None


def _anti_affinity(rule):
    result = _substitute(rule)
    if not result or result[0] is None:
        return None
    head, body = result
    groups = [lit for lit in body
              if lit[0] == "anti_affinity_group" and not lit[1]]
    hosts = [lit for lit in body if lit[0] == "vm_host_mapping"
             and not lit[1]]
    others = [lit for lit in body if lit not in groups and lit not in hosts]
    if len(groups) != 2 or len(hosts) != 2 or len(others) != 1:
        return None
    (v1, g1), (v2, g2) = groups[0][2], groups[1][2]
    if g1 != g2 or v1 == v2 or g1[0] != "var":
        return None
    hosted = {args[0]: args[1] for _, _, args in hosts}
    if set(hosted) != {v1, v2} or hosted[v1] != hosted[v2]:
        return None
    if not _is_distinct(others[0], v1, v2):
        return None
    if head not in (v1, v2, g1, hosted[v1]):
        return None
    return AntiAffinity()


def recognise(policy):
    """The compiled shapes of ``policy``'s error rules, or None when any
    error rule has a shape the solver does not know."""
    helpers = _helpers(policy)
    shapes = []
    for rule in policy.rules:
        if rule.head.table != ERROR:
            continue
        shape = _band(rule, helpers) or _anti_affinity(rule)
        if shape is None:
            return None
        shapes.append(shape)
    return shapes or None
