"""Parser of Datalog policies in OpenStack Congress syntax.

A policy is a sequence of rules and facts::

    // comments run to the end of the line (so do "#" comments)
    error(server) :- nova:node(server, "type1"),
                     server_utilization(server, util), lt(util, 50)
    warning(vm) :- nova:servers(id=vm, name=name), not allowed(name)
    allowed("web-1")

Statements need no separator: a statement ends with an atom that is not
followed by ``,`` or ``:-``.  Table names may carry a data source prefix
(``nova:servers``); arguments are variables (bare identifiers), strings
in double or single quotes, numbers (``50``, ``-3``, ``62.5``), or
``column=term`` references resolved later against the table's schema.
"""

from fractions import Fraction

import lark

from promise.placement import errors
from promise.placement import rules

GRAMMAR = r"""
    start: statement*
    statement: atom (":-" body)?
    body: literal ("," literal)*
    literal: NOT? atom
    atom: TABLE "(" [argument ("," argument)*] ")"
    argument: term
            | NAME "=" term     -> named
    term: NAME                  -> variable
        | STRING                -> string
        | NUMBER                -> number

    NOT.2: /not(?![A-Za-z0-9_.\-])/
    TABLE: /[A-Za-z_][A-Za-z0-9_.\-]*(:[A-Za-z_][A-Za-z0-9_.\-]*)?(?=\s*\()/
    NAME: /[A-Za-z_][A-Za-z0-9_.\-]*/
    STRING: /"(\\.|[^"\\\n])*"/ | /'(\\.|[^'\\\n])*'/
    NUMBER: /[+-]?(\d+(\.\d*)?|\.\d+)/
    COMMENT: /(\/\/|#)[^\n]*/

    %import common.WS
    %ignore WS
    %ignore COMMENT
"""

_PARSER = lark.Lark(GRAMMAR, parser="lalr", propagate_positions=True,
                    maybe_placeholders=False)

_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}


def _position(meta_or_token):
    return rules.Position(meta_or_token.line, meta_or_token.column)


def _unquote(token):
    body = token[1:-1]
    out = []
    chars = iter(body)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            out.append(_ESCAPES.get(nxt, nxt))
        else:
            out.append(char)
    return "".join(out)


class _Builder(lark.Transformer):
    def __init__(self, text):
        super().__init__()
        self._text = text

    def variable(self, children):
        (token,) = children
        return rules.Variable(str(token), _position(token))

    def string(self, children):
        (token,) = children
        return rules.Constant(_unquote(str(token)), _position(token))

    def number(self, children):
        (token,) = children
        return rules.Constant(Fraction(str(token)), _position(token))

    def argument(self, children):
        return children[0]

    def named(self, children):
        name, term = children
        return rules.NamedArgument(str(name), term, _position(name))

    @lark.v_args(meta=True)
    def atom(self, meta, children):
        table, *arguments = children
        return rules.Literal(str(table), tuple(arguments),
                             position=_position(meta))

    @lark.v_args(meta=True)
    def literal(self, meta, children):
        if len(children) == 2:
            atom = children[1]
            return rules.Literal(atom.table, atom.arguments, True,
                                 _position(meta))
        return children[0]

    def body(self, children):
        return tuple(children)

    @lark.v_args(meta=True)
    def statement(self, meta, children):
        head = children[0]
        body = children[1] if len(children) > 1 else ()
        text = " ".join(
            self._text[meta.start_pos:meta.end_pos].split())
        return rules.Rule(head, body, text, _position(meta))

    def start(self, children):
        return list(children)


def _expected(error):
    names = sorted(getattr(error, "expected", None) or
                   getattr(error, "allowed", None) or ())
    readable = {"LPAR": "'('", "RPAR": "')'", "COMMA": "','",
                "__ANON_0": "':-'", "EQUAL": "'='", "TABLE": "a table",
                "NAME": "a name", "STRING": "a string",
                "NUMBER": "a number", "NOT": "'not'"}
    shown = [readable.get(n, n) for n in names]
    return ", ".join(dict.fromkeys(shown))


def parse(text):
    """The rules of ``text`` (a list of :class:`rules.Rule`).

    Raises :class:`errors.PolicySyntaxError` with the line and column of
    the first fault.
    """
    try:
        tree = _PARSER.parse(text)
    except lark.exceptions.UnexpectedCharacters as exc:
        raise errors.PolicySyntaxError(
            f"unexpected character {text[exc.pos_in_stream]!r}",
            exc.line, exc.column) from None
    except lark.exceptions.UnexpectedEOF as exc:
        lines = text.splitlines() or [""]
        raise errors.PolicySyntaxError(
            f"unexpected end of policy, expected {_expected(exc)}",
            len(lines), len(lines[-1]) + 1) from None
    except lark.exceptions.UnexpectedToken as exc:
        token = exc.token
        if token.type == "$END":
            lines = text.splitlines() or [""]
            raise errors.PolicySyntaxError(
                f"unexpected end of policy, expected {_expected(exc)}",
                len(lines), len(lines[-1]) + 1) from None
        raise errors.PolicySyntaxError(
            f"unexpected {str(token)!r}, expected {_expected(exc)}",
            token.line, token.column) from None
    return _Builder(text).transform(tree)
