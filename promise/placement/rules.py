"""The abstract syntax of policies: terms, literals, rules.

Positions are kept on every node so that validation can point at the
fault in the text the operator wrote.
"""

import dataclasses
from fractions import Fraction


@dataclasses.dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclasses.dataclass(frozen=True)
class Variable:
    name: str
    position: Position | None = dataclasses.field(default=None,
                                                  compare=False)

    def __str__(self):
        return self.name


@dataclasses.dataclass(frozen=True)
class Constant:
    """A string or a number (numbers kept exact as ``Fraction``)."""

    value: str | Fraction
    position: Position | None = dataclasses.field(default=None,
                                                  compare=False)

    def __str__(self):
        if isinstance(self.value, str):
            escaped = self.value.replace("\\", "\\\\").replace('"', '\\"')
            return f'"{escaped}"'
        if self.value.denominator == 1:
            return str(self.value.numerator)
        return str(float(self.value))


@dataclasses.dataclass(frozen=True)
class Anonymous:
    """A column left out of a column reference: any value matches."""

    position: Position | None = dataclasses.field(default=None,
                                                  compare=False)

    def __str__(self):
        return "_"


Term = Variable | Constant | Anonymous


@dataclasses.dataclass(frozen=True)
class NamedArgument:
    """``column=term`` before it is resolved against a table schema."""

    column: str
    term: Term
    position: Position | None = dataclasses.field(default=None,
                                                  compare=False)


@dataclasses.dataclass(frozen=True)
class Literal:
    table: str
    arguments: tuple
    negated: bool = False
    position: Position | None = dataclasses.field(default=None,
                                                  compare=False)

    @property
    def datasource(self):
        return self.table.split(":", 1)[0] if ":" in self.table else None

    def variables(self):
        return [a for a in self.arguments if isinstance(a, Variable)]

    def __str__(self):
        args = ", ".join(
            f"{a.column}={a.term}" if isinstance(a, NamedArgument)
            else str(a) for a in self.arguments)
        return f"{'not ' if self.negated else ''}{self.table}({args})"


@dataclasses.dataclass(frozen=True)
class Rule:
    """``head :- body``; a fact is a rule with an empty body."""

    head: Literal
    body: tuple
    text: str = dataclasses.field(default="", compare=False)
    position: Position | None = dataclasses.field(default=None,
                                                  compare=False)

    @property
    def is_fact(self):
        return not self.body

    def __str__(self):
        if not self.body:
            return str(self.head)
        return f"{self.head} :- {', '.join(map(str, self.body))}"
