"""Markers for nbval's notebook cells.

nbval collects notebooks/*.ipynb itself when pytest is given `--nbval notebooks`
(the README's test command). Its cells get the `notebook` marker here, so
`-m "not notebook"` leaves every kernel-running test out.
"""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if type(item).__name__ == "IPyNbCell":  # nbval's item for one notebook cell
            item.add_marker(pytest.mark.notebook)
