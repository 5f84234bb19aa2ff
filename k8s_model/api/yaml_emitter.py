"""go-yaml v2's emitter (`emitterc.go`), the block-style subset kubectl prints.

libyaml's emitter is a state machine over events; here each node is one recursive
call, but the state that shapes the text is the same: the current `column`, the
stack of `indents`, and two flags, `whitespace` (the last thing written was a space
or an indicator that wants none after it) and `indention` (only indentation so far
on this line). Two of go-yaml's choices show up in every manifest:

* a list that is a map value is "indentless": `- image: nginx` sits at its key's column;
* `analyze_scalar` + `select_scalar_style` pick plain, 'single', "double" or `|` literal.
"""

from __future__ import annotations

from .yaml_scalars import (BEST_INDENT, BEST_WIDTH, BREAKS, ScalarAnalysis,
                           json_number_to_yaml, printable, resolves_to_str, sorted_keys)


class Emitter:
    """Writes one document: a JSON-like value (dict, list, str, int, float, bool, None)."""

    def __init__(self):
        self.out: list[str] = []
        self.column = 0
        self.indent = -1
        self.indents: list[int] = []
        self.whitespace = True
        self.indention = True

    # -- low-level writers (put, put_break, write_indent, write_indicator) --
    def put(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def put_break(self) -> None:
        self.out.append("\n")
        self.column = 0

    def write_indent(self) -> None:
        indent = max(self.indent, 0)
        if (not self.indention or self.column > indent
                or (self.column == indent and not self.whitespace)):
            self.put_break()
        if self.column < indent:
            self.put(" " * (indent - self.column))
        self.whitespace = self.indention = True

    def write_indicator(self, indicator: str, need_ws: bool, is_ws: bool, is_indention: bool):
        if need_ws and not self.whitespace:
            self.put(" ")
        self.put(indicator)
        self.whitespace = is_ws
        self.indention = self.indention and is_indention

    def increase_indent(self, flow: bool, indentless: bool) -> None:
        self.indents.append(self.indent)
        if self.indent < 0:
            self.indent = BEST_INDENT if flow else 0
        elif not indentless:
            self.indent += BEST_INDENT

    def pop_indent(self) -> None:
        self.indent = self.indents.pop()

    # -- nodes --
    def document(self, value) -> str:
        self.node(value, mapping=False, simple_key=False)
        self.indent = -1
        self.write_indent()  # document end: finish the last line
        return "".join(self.out)

    def node(self, value, *, mapping: bool, simple_key: bool) -> None:
        if isinstance(value, dict):
            if not value:
                self.empty_flow("{", "}")
            else:
                self.block_mapping(value)
        elif isinstance(value, (list, tuple)):
            if not value:
                self.empty_flow("[", "]")
            else:
                self.block_sequence(value, mapping)
        else:
            self.scalar(value, simple_key)

    def empty_flow(self, start: str, end: str) -> None:
        self.write_indicator(start, True, True, False)
        self.increase_indent(True, False)
        self.pop_indent()
        self.write_indicator(end, False, False, False)

    def block_sequence(self, items, mapping_context: bool) -> None:
        self.increase_indent(False, mapping_context and not self.indention)
        for item in items:
            self.write_indent()
            self.write_indicator("-", True, False, True)
            self.node(item, mapping=False, simple_key=False)
        self.pop_indent()

    def block_mapping(self, mapping: dict) -> None:
        self.increase_indent(False, False)
        for key in sorted_keys(mapping):
            self.write_indent()
            if self.is_simple_key(key):
                self.scalar(key, simple_key=True)
                self.write_indicator(":", False, False, False)
            else:
                self.write_indicator("?", True, False, True)
                self.scalar(key, simple_key=False)
                self.write_indent()
                self.write_indicator(":", True, False, True)
            self.node(mapping[key], mapping=True, simple_key=False)
        self.pop_indent()

    @staticmethod
    def is_simple_key(key: str) -> bool:
        """yaml_emitter_check_simple_key: one line, at most 128 bytes."""
        return (not any(c in BREAKS for c in key)
                and len(key.encode("utf-8", "surrogatepass")) <= 128)

    # -- scalars: encode.go picks a style, select_scalar_style may overrule it --
    def scalar(self, value, simple_key: bool) -> None:
        if value is None:
            text, style = "null", "plain"
        elif isinstance(value, bool):
            text, style = ("true" if value else "false"), "plain"
        elif isinstance(value, (int, float)):
            text, style = json_number_to_yaml(value), "plain"
        else:
            text = str(value)
            if "\n" in text:
                style = "literal"
            elif resolves_to_str(text):
                style = "plain"
            else:
                style = "double"
        analysis = ScalarAnalysis(text)
        if simple_key and analysis.multiline:
            style = "double"
        if style == "plain":
            if not analysis.block_plain_allowed or (not text and simple_key):
                style = "single"
        if style == "single" and not analysis.single_quoted_allowed:
            style = "double"
        if style == "literal" and (not analysis.block_allowed or simple_key):
            style = "double"
        self.increase_indent(True, False)
        allow_breaks = not simple_key
        if style == "plain":
            self.write_plain(text, allow_breaks)
        elif style == "single":
            self.write_single_quoted(text, allow_breaks)
        elif style == "double":
            self.write_double_quoted(text, allow_breaks)
        else:
            self.write_literal(text)
        self.pop_indent()

    def write_plain(self, value: str, allow_breaks: bool) -> None:
        if not self.whitespace:
            self.put(" ")
        if self.column + len(value) <= BEST_WIDTH + 1:  # short: no space can reach col 81
            self.put(value)
            self.whitespace = self.indention = False
            return
        spaces = False
        for i, c in enumerate(value):
            if c == " ":
                nxt = value[i + 1] if i + 1 < len(value) else ""
                if allow_breaks and not spaces and self.column > BEST_WIDTH and nxt != " ":
                    self.write_indent()
                else:
                    self.put(c)
                spaces = True
            else:
                self.put(c)
                self.indention = False
                spaces = False
        self.whitespace = self.indention = False

    def write_single_quoted(self, value: str, allow_breaks: bool) -> None:
        self.write_indicator("'", True, False, False)
        spaces = breaks = False
        last = len(value) - 1
        for i, c in enumerate(value):
            if c == " ":
                if (allow_breaks and not spaces and self.column > BEST_WIDTH
                        and 0 < i < last and value[i + 1] != " "):
                    self.write_indent()
                else:
                    self.put(c)
                spaces = True
            elif c in BREAKS:  # only U+2028/U+2029 get here: "\n" goes to a | block
                self.out.append(c)
                self.column = 0
                self.indention = breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put("''" if c == "'" else c)
                self.indention = False
                spaces = breaks = False
        self.write_indicator("'", False, False, False)
        self.whitespace = self.indention = False

    _ESCAPES = {"\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f",
                "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_",
                "\u2028": "L", "\u2029": "P"}

    def write_double_quoted(self, value: str, allow_breaks: bool) -> None:
        self.write_indicator('"', True, False, False)
        spaces = False
        last = len(value) - 1
        for i, c in enumerate(value):
            if not printable(c) or c == "\ufeff" or c in BREAKS or c in '"\\':
                code = ord(c)
                if c in self._ESCAPES:
                    self.put("\\" + self._ESCAPES[c])
                elif code <= 0xFF:
                    self.put(f"\\x{code:02X}")
                elif code <= 0xFFFF:
                    self.put(f"\\u{code:04X}")
                else:
                    self.put(f"\\U{code:08X}")
                spaces = False
            elif c == " ":
                if allow_breaks and not spaces and self.column > BEST_WIDTH and 0 < i < last:
                    self.write_indent()
                    if value[i + 1] == " ":
                        self.put("\\")
                else:
                    self.put(c)
                spaces = True
            else:
                self.put(c)
                spaces = False
        self.write_indicator('"', False, False, False)
        self.whitespace = self.indention = False

    def write_literal(self, value: str) -> None:
        self.write_indicator("|", True, False, False)
        if value[:1] in (" ", *BREAKS):
            self.write_indicator(str(BEST_INDENT), False, False, False)
        if not value.endswith(tuple(BREAKS)):
            self.write_indicator("-", False, False, False)
        elif len(value) == 1 or value[-2] in BREAKS:
            self.write_indicator("+", False, False, False)
        self.put_break()
        self.indention = self.whitespace = True
        breaks = True
        for c in value:
            if c in BREAKS:
                self.out.append(c)  # write_break: a line break ends the line as is
                self.column = 0
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put(c)
                self.indention = False
                breaks = False


def emit(value) -> str:
    """The YAML text go-yaml v2 writes for `value` (a decoded JSON document)."""
    return Emitter().document(value)
