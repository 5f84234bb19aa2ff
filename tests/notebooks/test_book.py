"""The book hangs together: the contents, the navigation lines and the glossary are
generated from one list (k8s_model/book.py), every link points at a notebook that
exists, and every glossary term is really used by the chapter it sends the reader to."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from k8s_model.book import CHAPTERS
from k8s_model.glossary import TERMS, lookup

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
LINK = re.compile(r"\]\(([^)#\s]+\.ipynb)(#[^)]*)?\)")


def markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_every_notebook_is_in_the_contents_and_every_chapter_exists():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(c.file for c in CHAPTERS)


def test_generated_markdown_is_up_to_date():
    result = subprocess.run([sys.executable, str(REPO / "tools" / "book.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + "run: python tools/book.py"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_links_point_at_notebooks_that_exist(path):
    targets = {m.group(1) for m in LINK.finditer(markdown(path))}
    assert targets, "every notebook links somewhere (at least its navigation line)"
    assert {t for t in targets if not (NOTEBOOKS / t).exists()} == set()


def test_chapters_end_with_previous_and_next():
    text = markdown(NOTEBOOKS / "09_deployments.ipynb").rstrip()
    assert text.endswith("[← 08 ReplicaSets](08_replicasets.ipynb) · [Contents](00_index.ipynb) · "
                         "[10 DaemonSets, Jobs, CronJobs, StatefulSets →](10_workloads.ipynb)")


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.english)
def test_glossary_term_is_taught_where_it_says(term):
    chapter = next(c for c in CHAPTERS if c.number == term.chapter)
    assert term.english.casefold() in markdown(NOTEBOOKS / chapter.file).casefold()


def test_terms_are_unique_and_have_korean():
    assert len({t.english.casefold() for t in TERMS}) == len(TERMS)
    assert all(re.search(r"[가-힣]", t.korean) or t.korean == t.english for t in TERMS)


def test_lookup_finds_both_languages():
    assert [t.english for t in lookup("레이블 셀렉터")] == ["label selector"]
    assert "파드" in str(lookup("Pod template"))
    assert str(lookup("no such thing")) == "no term found"
