"""Write the book's generated markdown from k8s_model/book.py and k8s_model/glossary.py:

* the last cell of every chapter: `← previous · Contents · next →`;
* the index's table of chapters (the cell under `## Chapters`);
* the glossary's tables, one cell per topic (`### <topic>`).

    python tools/book.py            # rewrite what is out of date
    python tools/book.py --check    # exit 1 if anything is out of date (the tests run this)

Only markdown cells change, so no chapter needs re-executing afterwards.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from k8s_model.book import CHAPTERS, contents_table, navigation  # noqa: E402
from k8s_model.glossary import topic_tables  # noqa: E402

NAVIGATION_MARK = "---\n["
CONTENTS_HEADING = "## Chapters\n\n"


def _markdown(source: str):
    return nbformat.v4.new_markdown_cell(source)


def set_navigation(nb, file: str) -> None:
    line = navigation(file)
    last = nb.cells[-1]
    if last.cell_type == "markdown" and last.source.startswith(NAVIGATION_MARK):
        last.source = line
    else:
        nb.cells.append(_markdown(line))


def set_contents(nb) -> None:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(CONTENTS_HEADING):
            rest = cell.source[len(CONTENTS_HEADING):]
            after = rest.split("\n\n", 1)[1] if "\n\n" in rest else ""
            cell.source = CONTENTS_HEADING + contents_table() + ("\n\n" + after if after else "")
            return
    raise SystemExit("00_index.ipynb has no '## Chapters' cell")


def set_glossary(nb) -> None:
    for topic, table in topic_tables().items():
        heading = f"### {topic}\n\n"
        cell = next((c for c in nb.cells
                     if c.cell_type == "markdown" and c.source.startswith(heading)), None)
        if cell is None:
            raise SystemExit(f"glossary.ipynb has no '### {topic}' cell")
        cell.source = heading + table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    check = parser.parse_args().check
    stale = []
    for chapter in CHAPTERS:
        path = REPO / "notebooks" / chapter.file
        if not path.exists():
            stale.append(f"{chapter.file}: missing")
            continue
        before = path.read_text(encoding="utf-8")
        nb = nbformat.reads(before, as_version=4)
        set_navigation(nb, chapter.file)
        if chapter.file == "00_index.ipynb":
            set_contents(nb)
        if chapter.file == "glossary.ipynb":
            set_glossary(nb)
        after = nbformat.writes(nb) + "\n"
        if after != before:
            stale.append(chapter.file)
            if not check:
                path.write_text(after, encoding="utf-8")
    for name in stale:
        print(("out of date: " if check else "updated: ") + name)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
