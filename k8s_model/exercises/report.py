"""What every chapter's checkers share: a ✓/✗ report and a read that tolerates NotFound.

Checkers read the learner's cluster through the public contract only (`c.get`), print
one line per thing the exercise asks for, and never change anything.
"""

from __future__ import annotations

from ..api.errors import ApiError


class Report:
    """Collects ✓/✗ lines; `show()` prints them and a closing tally."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.missing = 0

    def check(self, ok: bool, good: str, bad: str) -> bool:
        self.lines.append(f"✓ {good}" if ok else f"✗ {bad}")
        self.missing += not ok
        return ok

    def show(self) -> None:
        passed = sum(line.startswith("✓") for line in self.lines)
        for line in self.lines:
            print(line)
        if self.missing:
            print(f"{passed} of {len(self.lines)} checks pass: not done yet.")
        else:
            print(f"All {passed} checks pass. Well done!")


def get_or_none(c, resource: str, name: str, namespace: str | None) -> dict | None:
    """The object, or None if the API server answers NotFound."""
    try:
        return c.get(resource, name, namespace=namespace)
    except ApiError as error:
        if error.code == 404:
            return None
        raise
