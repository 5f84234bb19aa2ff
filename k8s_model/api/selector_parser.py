"""The label-selector string grammar: the Lexer and Parser of
k8s.io/apimachinery/pkg/labels/selector.go, token for token.

    <selector>    ::= <requirement> | <requirement> "," <selector>
    <requirement> ::= [!] KEY [ ("in" | "notin") "(" VALUES ")"
                              | ("=" | "==" | "!=" | ">" | "<") VALUE ]

The lexer splits `x in (a,b), !y` into identifiers, keywords (`in`, `notin`) and symbols
(`=`, `==`, `!=`, `!`, `(`, `)`, `,`, `>`, `<`), skipping blanks. The parser looks one
token ahead; where a value is expected, `in`/`notin` are plain words (`a in (in)` is
legal). A bare key means Exists, `!key` DoesNotExist; `()` and an empty `a=` mean the
empty value. The error texts, typos included, are upstream's.
"""

from __future__ import annotations

from typing import Callable

from k8s_model.api.errors import invalid
from k8s_model.api.names import is_qualified_name


class SelectorError(ValueError):
    """A selector that cannot be parsed or built; str() is upstream's message."""


# Token kinds (labels.Token)
ERROR, END, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS = range(7)
GREATER_THAN, IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR = range(7, 14)

_STRING_TO_TOKEN = {")": CLOSED_PAR, ",": COMMA, "!": DOES_NOT_EXIST, "==": DOUBLE_EQUALS,
                    "=": EQUALS, ">": GREATER_THAN, "in": IN, "<": LESS_THAN,
                    "!=": NOT_EQUALS, "notin": NOT_IN, "(": OPEN_PAR}
_OPERATOR = {IN: "in", EQUALS: "=", DOUBLE_EQUALS: "==", GREATER_THAN: "gt",
             LESS_THAN: "lt", NOT_IN: "notin", NOT_EQUALS: "!="}
_SPECIAL = "=!(),><"
_WHITESPACE = " \t\r\n"
_EOF = "\0"  # Go's lexer reads a NUL byte as end of input, too


class Lexer:
    def __init__(self, text: str):
        self.s, self.pos = text, 0

    def read(self) -> str:
        if self.pos < len(self.s):
            self.pos += 1
            return self.s[self.pos - 1]
        return _EOF

    def unread(self) -> None:
        self.pos -= 1

    def scan_id_or_keyword(self) -> tuple[int, str]:
        buffer = ""
        while True:
            ch = self.read()
            if ch == _EOF:
                break
            if ch in _SPECIAL or ch in _WHITESPACE:
                self.unread()
                break
            buffer += ch
        return _STRING_TO_TOKEN.get(buffer, IDENTIFIER), buffer

    def scan_special_symbol(self) -> tuple[int, str]:
        """The longest run of symbols that is still a token: `!=` but `!` + `(`."""
        last, buffer = None, ""
        while True:
            ch = self.read()
            if ch == _EOF:
                break
            if ch not in _SPECIAL:
                self.unread()
                break
            buffer += ch
            if buffer in _STRING_TO_TOKEN:
                last = (_STRING_TO_TOKEN[buffer], buffer)
            elif last is not None:
                self.unread()
                break
        return last or (ERROR, f"error expected: keyword found '{buffer}'")

    def lex(self) -> tuple[int, str]:
        ch = self.read()
        while ch in _WHITESPACE and ch != _EOF:
            ch = self.read()
        if ch == _EOF:
            return END, ""
        self.unread()
        return self.scan_special_symbol() if ch in _SPECIAL else self.scan_id_or_keyword()


class Parser:
    """Recursive descent over the scanned tokens; `parse(new_requirement)` returns the
    requirements in input order (the caller sorts them by key)."""

    def __init__(self, text: str):
        lexer, self.items, self.position = Lexer(text), [], 0
        while True:
            self.items.append(lexer.lex())
            if self.items[-1][0] == END:
                break

    def lookahead(self, values: bool) -> tuple[int, str]:
        tok, lit = self.items[self.position]
        return (IDENTIFIER if values and tok in (IN, NOT_IN) else tok), lit

    def consume(self, values: bool) -> tuple[int, str]:
        result = self.lookahead(values)
        self.position += 1
        return result

    def parse(self, new_requirement: Callable) -> list:
        requirements = []
        while True:
            tok, lit = self.lookahead(True)
            if tok in (IDENTIFIER, DOES_NOT_EXIST):
                try:
                    requirements.append(self.parse_requirement(new_requirement))
                except SelectorError as err:
                    raise SelectorError(f"unable to parse requirement: {err}") from None
                tok, lit = self.consume(True)
                if tok == END:
                    return requirements
                if tok != COMMA:
                    raise SelectorError(f"found '{lit}', expected: ',' or 'end of string'")
                tok2, lit2 = self.lookahead(True)
                if tok2 not in (IDENTIFIER, DOES_NOT_EXIST):
                    raise SelectorError(f"found '{lit2}', expected: identifier after ','")
            elif tok == END:
                return requirements
            else:
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")

    def parse_requirement(self, new_requirement: Callable):
        key, operator = self.parse_key_and_infer_operator()
        if operator in ("exists", "!"):
            return new_requirement(key, operator, [])
        tok, lit = self.consume(False)
        if tok not in _OPERATOR:
            raise SelectorError(f"found '{lit}', expected: in, notin, =, ==, !=, gt, lt")
        operator = _OPERATOR[tok]
        values = self.parse_values() if tok in (IN, NOT_IN) else self.parse_exact_value()
        return new_requirement(key, operator, sorted(values))  # a sets.String, listed sorted

    def parse_key_and_infer_operator(self) -> tuple[str, str]:
        operator = ""
        tok, literal = self.consume(True)
        if tok == DOES_NOT_EXIST:
            operator = "!"
            tok, literal = self.consume(True)
        if tok != IDENTIFIER:
            raise SelectorError(f"found '{literal}', expected: identifier")
        msgs = is_qualified_name(literal)
        if msgs:  # validated with a nil field path, hence upstream's "<nil>"
            raise SelectorError(str(invalid("<nil>", literal, "; ".join(msgs))))
        if self.lookahead(True)[0] in (END, COMMA) and operator != "!":
            operator = "exists"
        return literal, operator

    def parse_values(self) -> set[str]:
        tok, lit = self.consume(True)
        if tok != OPEN_PAR:
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self.lookahead(True)
        if tok in (IDENTIFIER, COMMA):
            values = self.parse_identifiers_list()
            if self.consume(True)[0] != CLOSED_PAR:
                raise SelectorError(f"found '{lit}', expected: ')'")
            return values
        if tok == CLOSED_PAR:  # "()" is the empty value
            self.consume(True)
            return {""}
        raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")

    def parse_identifiers_list(self) -> set[str]:
        """`(a,b)`, `(a,,b)`, `(,a)`, `(a,)`: an empty slot is the empty value."""
        values: set[str] = set()
        while True:
            tok, lit = self.consume(True)
            if tok == IDENTIFIER:
                values.add(lit)
                tok2, lit2 = self.lookahead(True)
                if tok2 == CLOSED_PAR:
                    return values
                if tok2 != COMMA:
                    raise SelectorError(f"found '{lit2}', expected: ',' or ')'")
            elif tok == COMMA:
                if not values:
                    values.add("")
                tok2 = self.lookahead(True)[0]
                if tok2 == CLOSED_PAR:
                    values.add("")
                    return values
                if tok2 == COMMA:
                    values.add("")
            else:
                raise SelectorError(f"found '{lit}', expected: ',', or identifier")

    def parse_exact_value(self) -> set[str]:
        if self.lookahead(True)[0] in (END, COMMA):
            return {""}
        tok, lit = self.consume(True)
        if tok == IDENTIFIER:
            return {lit}
        raise SelectorError(f"found '{lit}', expected: identifier")
