"""Errors of policy parsing, validation, evaluation and planning."""


class PlacementError(Exception):
    """Base of every error of the placement package."""


class PolicyError(PlacementError, ValueError):
    """A policy text that cannot be accepted.

    ``line`` and ``column`` (1-based) point at the fault in the policy
    text, ``rule`` is the text of the offending rule (when the fault lies
    in one) and ``variable`` the variable concerned, if any.  ``str()``
    gives one line an operator can act on.
    """

    def __init__(self, message, line=None, column=None, rule=None,
                 variable=None, policy=None):
        self.message = message
        self.line = line
        self.column = column
        self.rule = rule
        self.variable = variable
        self.policy = policy
        super().__init__(self._render())

    def _render(self):
        where = []
        if self.policy:
            where.append(f"policy {self.policy!r}")
        if self.line is not None:
            where.append(f"line {self.line}, column {self.column}")
        text = ", ".join(where)
        text = f"{text}: {self.message}" if text else self.message
        if self.rule:
            text = f"{text} in rule: {self.rule}"
        return text

    def with_policy(self, name):
        return type(self)(self.message, self.line, self.column, self.rule,
                          self.variable, name)


class PolicySyntaxError(PolicyError):
    """The text is not Datalog in Congress syntax."""


class PolicyValidationError(PolicyError):
    """Well-formed Datalog that breaks a rule of safe evaluation."""


class EvaluationError(PlacementError, ValueError):
    """Tables that cannot be evaluated (wrong arity, number out of range)."""


class PlanningError(PlacementError):
    """No plan satisfies the hard constraints within the given limits."""
