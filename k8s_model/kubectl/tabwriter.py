"""Go's text/tabwriter (and github.com/liggitt/tabwriter, kubectl's fork of it).

kubectl never pads columns itself: it writes cells separated by tabs and lets an
elastic-tabstop writer align them. A column is a run of consecutive lines that each
have a *tab-terminated* cell at that index; its width is the widest cell plus
`padding`, at least `minwidth`. Text after the last tab of a line is not part of
any column and is never padded, so the last column has no trailing spaces:

    "NAME\\tAGE\\nweb-1\\t5s\\n"  with padding 3  ->  "NAME    AGE\\nweb-1   5s\\n"

A line without any tab ends every column above it (the writer flushes there).
`kubectl get` uses minwidth 6, tabwidth 4, padding 3 and RememberWidths, which keeps
column widths across flushes; `kubectl describe` uses minwidth 0, tabwidth 8,
padding 2 (describe.go's tabbedString). Widths count Unicode code points, as the Go
writer counts runes.
"""

from __future__ import annotations

from dataclasses import dataclass

REMEMBER_WIDTHS = 1 << 6   # liggitt/tabwriter.RememberWidths
DISCARD_EMPTY_COLUMNS = 1 << 3


@dataclass
class _Cell:
    size: int = 0      # characters of text in the buffer
    width: int = 0     # display width in runes
    htab: bool = False  # terminated by '\t' (not '\v')


class TabWriter:
    """A port of tabwriter.Writer for padchar ' ' (the only one kubectl uses)."""

    def __init__(self, minwidth: int, tabwidth: int, padding: int, flags: int = 0) -> None:
        self.minwidth, self.tabwidth, self.padding, self.flags = minwidth, tabwidth, padding, flags
        self.maxwidths: list[int] = []   # RememberWidths: per-column maxima across flushes
        self.output: list[str] = []
        self._reset()

    # -- the Go Writer's state ---------------------------------------------------------
    def _reset(self) -> None:
        self.buf: list[str] = []
        self.cell = _Cell()
        self.lines: list[list[_Cell]] = [[]]
        self.widths: list[int] = []

    def _terminate_cell(self, htab: bool) -> int:
        self.cell.htab = htab
        line = self.lines[-1]
        line.append(self.cell)
        self.cell = _Cell()
        return len(line)

    def write(self, text: str) -> None:
        """Split text into cells at '\\t', '\\v', '\\n' and '\\f', as Writer.Write does."""
        start = 0
        for i, ch in enumerate(text):
            if ch in "\t\v\n\f":
                chunk = text[start:i]
                self.buf.append(chunk)
                self.cell.size += len(chunk)
                self.cell.width += len(chunk)
                start = i + 1
                ncells = self._terminate_cell(ch == "\t")
                if ch in "\n\f":
                    self.lines.append([])
                    if ch == "\f" or ncells == 1:
                        # A line with one cell cannot affect the layout of what follows.
                        self.flush()
        chunk = text[start:]
        self.buf.append(chunk)
        self.cell.size += len(chunk)
        self.cell.width += len(chunk)

    def set_remembered_widths(self, widths: list[int] | None) -> None:
        self.maxwidths = list(widths or [])

    def flush(self) -> None:
        if self.cell.size > 0:
            self._terminate_cell(False)
        text = "".join(self.buf)
        self._format(text, 0, 0, len(self.lines))
        self._reset()

    def getvalue(self) -> str:
        """Everything written so far, after a final flush."""
        self.flush()
        return "".join(self.output)

    # -- formatting --------------------------------------------------------------------
    def _write_lines(self, text: str, pos: int, line0: int, line1: int) -> int:
        out = self.output
        for i in range(line0, line1):
            line = self.lines[i]
            for j, c in enumerate(line):
                if c.size == 0:
                    if j < len(self.widths):
                        out.append(" " * (self.widths[j] - c.width))
                else:
                    out.append(text[pos:pos + c.size])
                    pos += c.size
                    if j < len(self.widths):
                        out.append(" " * (self.widths[j] - c.width))
            if i + 1 == len(self.lines):
                # The last buffered line has no newline yet: write the pending text.
                out.append(text[pos:pos + self.cell.size])
                pos += self.cell.size
            else:
                out.append("\n")
        return pos

    def _format(self, text: str, pos: int, line0: int, line1: int) -> int:
        column = len(self.widths)
        this = line0
        while this < line1:
            line = self.lines[this]
            if column >= len(line) - 1:
                this += 1
                continue
            # A cell exists in this column: print the lines above, then size the block.
            pos = self._write_lines(text, pos, line0, this)
            line0 = this
            width = self.minwidth
            discardable = True
            while this < line1:
                line = self.lines[this]
                if column >= len(line) - 1:
                    break
                c = line[column]
                width = max(width, c.width + self.padding)
                if c.width > 0 or c.htab:
                    discardable = False
                this += 1
            if discardable and self.flags & DISCARD_EMPTY_COLUMNS:
                width = 0
            if self.flags & REMEMBER_WIDTHS:
                if len(self.maxwidths) < len(self.widths):
                    self.maxwidths.extend(self.widths[len(self.maxwidths):])
                k = len(self.widths)
                if len(self.maxwidths) == k:
                    self.maxwidths.append(width)
                elif self.maxwidths[k] > width:
                    width = self.maxwidths[k]
                elif self.maxwidths[k] < width:
                    self.maxwidths[k] = width
            self.widths.append(width)
            pos = self._format(text, pos, line0, this)
            self.widths.pop()
            line0 = this
        return self._write_lines(text, pos, line0, line1)


def kubectl_tabwriter() -> TabWriter:
    """printers.GetNewTabWriter: tabwriter.NewWriter(out, 6, 4, 3, ' ', RememberWidths)."""
    return TabWriter(6, 4, 3, REMEMBER_WIDTHS)


def describe_tabwriter() -> TabWriter:
    """describe.go tabbedString: out.Init(buf, 0, 8, 2, ' ', 0)."""
    return TabWriter(0, 8, 2, 0)
