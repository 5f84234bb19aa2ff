"""The JSONPath template parser: client-go/util/jsonpath's parser.go and node.go.

A template is text with actions in braces. The parser turns
`{range .items[*]}{.metadata.name}{"\\n"}{end}` into a root list of nodes: text, and one
ListNode per action holding its steps (an identifier `range`, a field `items`, an
array slice `[*]` = `[:]`, quoted text, a filter `[?(@.a=="b")]`, a recursive `..`).
`k8s_model.kubectl.jsonpath` evaluates them. Error messages are client-go's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


class JSONPathError(ValueError):
    """A parse or execution error, with client-go's message."""


# -- nodes (node.go) -----------------------------------------------------------------
@dataclass
class ListNode:
    nodes: list = field(default_factory=list)


@dataclass
class TextNode:
    text: str


@dataclass
class FieldNode:
    name: str


@dataclass
class IdentifierNode:
    name: str


@dataclass
class Param:
    value: int = 0
    known: bool = False
    derived: bool = False


@dataclass
class ArrayNode:
    params: tuple[Param, Param, Param]


@dataclass
class FilterNode:
    left: ListNode
    right: ListNode
    operator: str


@dataclass
class IntNode:
    value: int


@dataclass
class FloatNode:
    value: float


@dataclass
class BoolNode:
    value: bool


@dataclass
class WildcardNode:
    pass


@dataclass
class RecursiveNode:
    pass


@dataclass
class UnionNode:
    nodes: list


# -- parser (parser.go) --------------------------------------------------------------
_EOF = ""
_DICT_KEY = re.compile(r"^'([^']*)'$")
_SLICE = re.compile(r"^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$")
_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$", re.S)


def _is_terminator(r: str) -> bool:
    return r in (_EOF, " ", "\t", "\r", "\n", ".", ",", "[", "]", "$", "@", "{", "}")


def _is_alnum(r: str) -> bool:
    return r == "_" or (r != _EOF and (r.isalpha() or r.isdecimal()))


def _rune(r: str) -> str:
    """Go's %#U: U+0023 '#'."""
    code = f"U+{ord(r):04X}"
    return f"{code} '{r}'" if r.isprintable() else code


class _Parser:
    def __init__(self, text: str) -> None:
        self.input, self.pos, self.start = text, 0, 0
        self.root = ListNode()

    def parse(self) -> ListNode:
        self._parse_text(self.root)
        return self.root

    def _next(self) -> str:
        if self.pos >= len(self.input):
            return _EOF
        self.pos += 1
        return self.input[self.pos - 1]

    def _peek(self) -> str:
        return self.input[self.pos] if self.pos < len(self.input) else _EOF

    def _consume(self) -> str:
        value = self.input[self.start:self.pos]
        self.start = self.pos
        return value

    def _parse_text(self, cur: ListNode) -> None:
        while True:
            if self.input.startswith("{", self.pos):
                if self.pos > self.start:
                    cur.nodes.append(TextNode(self._consume()))
                self.pos += 1
                self._consume()
                action = ListNode()
                cur.nodes.append(action)
                return self._inside(action)
            if self._next() == _EOF:
                break
        if self.pos > self.start:
            cur.nodes.append(TextNode(self._consume()))

    def _inside(self, cur: ListNode) -> None:
        # Iterative where Go recurses: each step parses one token of the action.
        while True:
            rest = self.input[self.pos:]
            if rest.startswith("}"):
                self.pos += 1
                self._consume()
                return self._parse_text(self.root)
            if rest.startswith("[?("):
                self._parse_filter(cur)
                continue
            if rest.startswith(".."):
                self._parse_recursive(cur)
                continue
            r = self._next()
            if r == _EOF or r in "\r\n":
                raise JSONPathError("unclosed action")
            if r in (" ", "@", "$"):
                self._consume()
            elif r == "[":
                self._parse_array(cur)
            elif r in ('"', "'"):
                self._parse_quote(cur, r)
            elif r == ".":
                self._parse_field(cur)
            elif r in "+-" or r.isdecimal():
                self.pos -= 1
                self._parse_number(cur)
            elif _is_alnum(r):
                self.pos -= 1
                self._parse_identifier(cur)
            else:
                raise JSONPathError(f"unrecognized character in action: {_rune(r)}")

    def _parse_identifier(self, cur: ListNode) -> None:
        while not _is_terminator(self._peek()):
            self._next()
        value = self._consume()
        cur.nodes.append(BoolNode(value == "true") if value in ("true", "false")
                         else IdentifierNode(value))

    def _parse_recursive(self, cur: ListNode) -> None:
        if cur.nodes and isinstance(cur.nodes[-1], RecursiveNode):
            raise JSONPathError("invalid multiple recursive descent")
        self.pos += 2
        self._consume()
        cur.nodes.append(RecursiveNode())
        if _is_alnum(self._peek()):
            self._parse_field(cur)

    def _parse_number(self, cur: ListNode) -> None:
        if self._peek() in ("+", "-"):
            self._next()
        while self._peek() != _EOF and (self._peek() == "." or self._peek().isdecimal()):
            self._next()
        value = self._consume()
        if re.fullmatch(r"[+-]?\d+", value):
            cur.nodes.append(IntNode(int(value)))
            return
        try:
            cur.nodes.append(FloatNode(float(value)))
        except ValueError:
            raise JSONPathError(f"cannot parse number {value}") from None

    def _parse_array(self, cur: ListNode) -> None:
        while True:
            r = self._next()
            if r in (_EOF, "\n"):
                raise JSONPathError("unterminated array")
            if r == "]":
                break
        text = self._consume()[1:-1]
        if text == "*":
            text = ":"
        parts = text.split(",")
        if len(parts) > 1:
            cur.nodes.append(UnionNode([parse_action(f"[{p.strip(' ')}]") for p in parts]))
            return
        key = _DICT_KEY.match(text)
        if key:
            cur.nodes.extend(parse_action(f".{key.group(1)}").nodes)
            return
        match = _SLICE.match(text)
        if match is None:
            raise JSONPathError(f"invalid array index {text}")
        groups = [g or "" for g in match.groups()]
        params = [Param(), Param(), Param()]
        for i in range(3):
            value = groups[i]
            if value:
                if i > 0:
                    value = value[1:]
                if i > 0 and value == "":
                    params[i].known = False
                else:
                    try:
                        params[i] = Param(int(value), True)
                    except ValueError:
                        raise JSONPathError(f"array index {value} is not a number") from None
            elif i == 1:
                params[i] = Param(params[0].value + 1, True, True)
        cur.nodes.append(ArrayNode(tuple(params)))

    def _parse_filter(self, cur: ListNode) -> None:
        self.pos += 3
        self._consume()
        begin = end = False
        pair = ""
        while True:
            r = self._next()
            if r in (_EOF, "\n"):
                raise JSONPathError("unterminated filter")
            if r in ('"', "'"):
                if not begin:
                    begin, pair = True, r
                    continue
                if self.input[self.pos - 2] != "\\" and r == pair:
                    end = True
            elif r == ")" and begin == end:
                break
        if self._next() != "]":
            raise JSONPathError("unclosed array expect ]")
        text = self._consume()[:-2]
        match = _FILTER.match(text)
        if match is None:
            cur.nodes.append(FilterNode(parse_action(text), ListNode(), "exists"))
        else:
            cur.nodes.append(FilterNode(parse_action(match.group(1)),
                                        parse_action(match.group(3)), match.group(2)))

    def _parse_quote(self, cur: ListNode, quote: str) -> None:
        while True:
            r = self._next()
            if r in (_EOF, "\n"):
                raise JSONPathError("unterminated quoted string")
            if r == quote and self.input[self.pos - 2] != "\\":
                break
        value = self._consume()
        try:
            cur.nodes.append(TextNode(unquote_extend(value)))
        except ValueError:
            raise JSONPathError(f"unquote string {value} error invalid syntax") from None

    def _parse_field(self, cur: ListNode) -> None:
        self._consume()
        while True:   # advance(): until the next unescaped terminator
            r = self._next()
            if r == "\\":
                self._next()
            elif _is_terminator(r):
                if r != _EOF:
                    self.pos -= 1
                break
        value = self._consume()
        cur.nodes.append(WildcardNode() if value == "*" else FieldNode(value.replace("\\", "")))


def parse(text: str) -> ListNode:
    """Parse a whole template into its root ListNode."""
    return _Parser(text).parse()


def parse_action(text: str) -> ListNode:
    """parseAction: parse `text` as the inside of one `{...}`."""
    return parse("{" + text + "}").nodes[0]


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            "\\": "\\"}


def unquote_extend(s: str) -> str:
    """UnquoteExtend: strconv.Unquote that also accepts single quotes."""
    if len(s) < 2 or s[0] != s[-1] or s[0] not in "\"'":
        raise ValueError("invalid syntax")
    quote, body, out, i = s[0], s[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c == quote:
            raise ValueError("invalid syntax")
        if c != "\\":
            out.append(c)
            i += 1
            continue
        if i + 1 >= len(body):
            raise ValueError("invalid syntax")
        e = body[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
        elif e == quote:
            out.append(e)
            i += 2
        elif e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            digits = body[i + 2:i + 2 + n]
            if len(digits) != n or not re.fullmatch(r"[0-9a-fA-F]+", digits):
                raise ValueError("invalid syntax")
            out.append(chr(int(digits, 16)))
            i += 2 + n
        elif e in "01234567":
            digits = body[i + 1:i + 4]
            if not re.fullmatch(r"[0-7]{3}", digits) or int(digits, 8) > 255:
                raise ValueError("invalid syntax")
            out.append(chr(int(digits, 8)))
            i += 4
        else:
            raise ValueError("invalid syntax")
    return "".join(out)

