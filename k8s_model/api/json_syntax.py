"""Go's JSON syntax errors (encoding/json/scanner.go), for request bodies the server
cannot read.

kube-apiserver decodes a PATCH body with Go's encoding/json, so a typo comes back in
Go's words: `{x` is `invalid character 'x' looking for beginning of object key string`,
a body cut short is `unexpected end of JSON input`. Python's json module finds the
same first bad byte; this small scanner says what Go says about it.
"""

from __future__ import annotations

import json

_LITERALS = {"t": "true", "f": "false", "n": "null"}
_SPACE = " \t\r\n"


def quote_char(c: str) -> str:
    """scanner.go quoteChar: `'x'`, `'\\''`, `'"'`, `'\\n'`."""
    if c == "'":
        return "'\\''"
    if c == '"':
        return "'\"'"
    return "'" + json.dumps(c)[1:-1] + "'"


def syntax_error(text: str) -> str | None:
    """Go's message for the first syntax error in `text`, or None when it is valid."""
    stack: list[str] = []          # "{" or "[" for each open container
    expect = "value"               # value, key, colon, comma
    i, n = 0, len(text)

    def bad(c: str, context: str) -> str:
        return f"invalid character {quote_char(c)} {context}"

    while True:
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n:
            return "unexpected end of JSON input" if (stack or expect == "value") else None
        c = text[i]
        if expect == "end":
            return bad(c, "after top-level value")
        if expect in ("key", "key_or_close"):
            if c == "}" and expect == "key_or_close":
                stack.pop()
                expect, i = _after_value(stack), i + 1
                continue
            if c != '"':
                return bad(c, "looking for beginning of object key string")
            problem, i = _string(text, i)
            if problem:
                return problem
            expect = "colon"
            continue
        if expect == "colon":
            if c != ":":
                return bad(c, "after object key")
            expect, i = "value", i + 1
            continue
        if expect == "comma":
            if stack[-1] == "{":
                if c == ",":
                    expect, i = "key", i + 1
                elif c == "}":
                    stack.pop()
                    expect, i = _after_value(stack), i + 1
                else:
                    return bad(c, "after object key:value pair")
            elif c == ",":
                expect, i = "value", i + 1
            elif c == "]":
                stack.pop()
                expect, i = _after_value(stack), i + 1
            else:
                return bad(c, "after array element")
            continue
        # a value (or, right after `[`, the end of an empty array)
        if c == "]" and expect == "value_or_close":
            stack.pop()
            expect, i = _after_value(stack), i + 1
            continue
        if c == "{":
            stack.append("{")
            expect, i = "key_or_close", i + 1
            continue
        if c == "[":
            stack.append("[")
            expect, i = "value_or_close", i + 1
            continue
        if c == '"':
            problem, i = _string(text, i)
        elif c == "-" or c.isdigit():
            problem, i = _number(text, i)
        elif c in _LITERALS:
            problem, i = _literal(text, i, _LITERALS[c])
        else:
            return bad(c, "looking for beginning of value")
        if problem:
            return problem
        expect = _after_value(stack)


def _after_value(stack: list[str]) -> str:
    return "comma" if stack else "end"


def _string(text: str, i: int) -> tuple[str | None, int]:
    i += 1
    while i < len(text):
        c = text[i]
        if c == '"':
            return None, i + 1
        if c == "\\":
            if i + 1 >= len(text):
                break
            escape = text[i + 1]
            if escape == "u":
                digits = text[i + 2:i + 6]
                for d in digits:
                    if d not in "0123456789abcdefABCDEF":
                        return (f"invalid character {quote_char(d)} in \\u hexadecimal "
                                "character escape"), i
                i += 6
                continue
            if escape not in 'bfnrt\\/"':
                return f"invalid character {quote_char(escape)} in string escape code", i
            i += 2
            continue
        if ord(c) < 0x20:
            return f"invalid character {quote_char(c)} in string literal", i
        i += 1
    return "unexpected end of JSON input", len(text)


def _number(text: str, i: int) -> tuple[str | None, int]:
    n = len(text)

    def digits(j: int) -> int:
        while j < n and text[j].isdigit():
            j += 1
        return j

    if text[i] == "-":
        i += 1
        if i >= n:
            return "unexpected end of JSON input", i
        if not text[i].isdigit():
            return f"invalid character {quote_char(text[i])} in numeric literal", i
    i = i + 1 if text[i] == "0" else digits(i)
    if i < n and text[i] == ".":
        i += 1
        if i >= n:
            return "unexpected end of JSON input", i
        if not text[i].isdigit():
            return (f"invalid character {quote_char(text[i])} after decimal point in numeric "
                    "literal"), i
        i = digits(i)
    if i < n and text[i] in "eE":
        i += 1
        if i < n and text[i] in "+-":
            i += 1
        if i >= n:
            return "unexpected end of JSON input", i
        if not text[i].isdigit():
            return f"invalid character {quote_char(text[i])} in exponent of numeric literal", i
        i = digits(i)
    return None, i


def _literal(text: str, i: int, word: str) -> tuple[str | None, int]:
    for k, expected in enumerate(word[1:], start=1):
        if i + k >= len(text):
            return "unexpected end of JSON input", len(text)
        if text[i + k] != expected:
            return (f"invalid character {quote_char(text[i + k])} in literal {word} "
                    f"(expecting {quote_char(expected)})"), i + k
    return None, i + len(word)
