"""A lab works in a real browser: JupyterLab + headless Chromium, driven like a reader.

For each case: open the chapter (`?reset`: no saved workspace), clear all outputs
(Edit menu) so nothing shown comes from the stored widget state, Run → Run All
Cells, wait until every code cell has an execution count and the kernel is idle,
then click the lab's button (found by the CSS class the widget sets with
`add_class`) and wait for the watched element's HTML to change — a label's text or a
figure's <img> src. Screenshots go to tests/browser/screenshots/ (gitignored).

No committed chapter shows a ClusterLab yet, so the case for now runs chapter 02 with
one cell appended to the served copy: `from widgets import ClusterLab; ClusterLab(c)`
(the chapters call their cluster `c`). When chapter 05 lands, its case is one entry:

    Case("05_scheduling", "05_kube_scheduler.ipynb", None, ".k8s-scheduling-lab",
         ".k8s-scheduling-lab .k8s-schedule", ".k8s-scheduling-lab .k8s-view-output")
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import NamedTuple

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Case(NamedTuple):
    id: str
    notebook: str          # under notebooks/
    append: str | None     # a code cell appended to the served copy, or None
    lab: str               # CSS selector of the lab widget
    button: str            # CSS selector of the button to click
    changed: str           # CSS selector of the element whose HTML must change
    choose: tuple[str, str] | None = None  # (a Dropdown's CSS selector, label) set first


CASES = [
    Case("02_cluster_lab_step", "02_cluster_architecture.ipynb",
         "from widgets import ClusterLab\nClusterLab(c)", ".k8s-cluster-lab",
         ".k8s-cluster-lab .k8s-clock-step", ".k8s-cluster-lab .k8s-clock-time"),
    Case("05_scheduling", "05_scheduler.ipynb", None, ".k8s-scheduling-lab",
         ".k8s-scheduling-lab .k8s-schedule", ".k8s-scheduling-lab .k8s-view-output"),
    Case("07_probe_lab_crash", "07_probes_restarts.ipynb", None, ".k8s-probe-lab",
         ".k8s-probe-lab .k8s-crash", ".k8s-probe-lab .k8s-view-output"),
    Case("08_replicaset_lab_delete", "08_replicasets.ipynb", None, ".k8s-replicaset-lab",
         ".k8s-replicaset-lab .k8s-delete", ".k8s-replicaset-lab .k8s-replicaset-output"),
    Case("04_failover_lab_fail", "04_controller_manager_failover.ipynb", None,
         ".k8s-failover-lab", ".k8s-failover-lab .k8s-toggle-node-2",
         ".k8s-failover-lab .k8s-failover-timeline .k8s-view-output"),
    Case("09_rollout_lab_new_image", "09_deployments.ipynb", None, ".k8s-rollout-lab",
         ".k8s-rollout-lab .k8s-rollout", ".k8s-rollout-lab .k8s-rollout-timeline .k8s-view-output",
         choose=(".k8s-rollout-lab .k8s-image select", "nginx:1.29")),
    Case("06_selector_lab_select", "06_pods_labels_namespaces.ipynb", None, ".k8s-selector-lab",
         ".k8s-selector-lab .k8s-select", ".k8s-selector-lab .k8s-label-grid .k8s-view-output",
         choose=(".k8s-selector-lab .k8s-selector-examples select", "app=pc")),
    Case("10_job_lab_run", "10_workloads.ipynb", None, ".k8s-job-lab",
         ".k8s-job-lab .k8s-run-job", ".k8s-job-lab .k8s-lifelines .k8s-view-output"),
    # Chapter 11's routing lab: 1000 requests redraw the per-Pod bars.
    pytest.param(
        Case("11_routing_lab_send", "11_services.ipynb", None, ".k8s-routing-lab",
             ".k8s-routing-lab .k8s-send", ".k8s-routing-lab .k8s-routing-graph .k8s-view-output",
             choose=(".k8s-routing-lab .k8s-count select", "1000")),
        marks=pytest.mark.skipif(not (Path(__file__).parents[2] / "notebooks"
                                      / "11_services.ipynb").exists(),
                                 reason="chapter 11 (notebooks/11_services.ipynb) not written yet")),
]

SCREENSHOTS = Path(__file__).parent / "screenshots"
RUN_TIMEOUT_MS = 120_000   # Run All Cells: chapter 02 ~10 s, chapter 05 ~50 s on a busy 2-core CI box
STEP_TIMEOUT_MS = 10_000   # one click → model step → redrawn view
KERNEL_IDLE = re.compile(r"^(?!No Kernel).+ \| Idle$")

# Run All is done when the kernel is idle and every non-empty code cell shows `[n]`.
ALL_CELLS_RUN = """() => {
  const indicator = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
  if (!indicator || indicator.dataset.status !== 'idle') return false;
  const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')]
    .filter(cell => cell.querySelector('.cm-content')?.textContent.trim());
  return cells.length > 0 && cells.every(cell =>
    /^\\[\\d+\\]:?$/.test(cell.querySelector('.jp-InputPrompt')?.textContent.trim() ?? ''));
}"""

CHANGED = """([selector, before]) => {
  const element = document.querySelector(selector);
  return element !== null && element.outerHTML !== before;
}"""


def append_cell(path: Path, source: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {},
                        "outputs": [], "source": source})
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")


def menu(page, top: str, item: str) -> None:
    """Open a menu-bar menu and click an item, as a reader would."""
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel").get_by_text(item, exact=True).click()


def shot(page, case: Case, step: str, element: str | None = None) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{case.id}-{step}.png"
    if element:
        page.locator(element).first.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path))


def _case_id(case) -> str:
    return (case.values[0] if hasattr(case, "values") else case).id


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_lab_button_changes_view(case, lab_server, chromium):
    """After Run All Cells the lab renders; clicking its button changes the view."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.monotonic()
    for old in SCREENSHOTS.glob(f"{case.id}-*.png"):  # keep only this run's pictures
        old.unlink()
    if case.append:
        append_cell(lab_server.root / case.notebook, case.append)
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(lab_server.url(f"lab/tree/{case.notebook}?reset"))
        # the status bar reads "No Kernel | Initializing" until the kernel really is idle
        page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).wait_for(timeout=30_000)
        shot(page, case, "1-opened")

        menu(page, "Edit", "Clear Outputs of All Cells")
        assert page.locator(case.lab).count() == 0, "outputs not cleared"
        menu(page, "Run", "Run All Cells")
        page.wait_for_function(ALL_CELLS_RUN, timeout=RUN_TIMEOUT_MS, polling=250)

        lab = page.locator(case.lab)
        assert lab.count() == 1, f"{case.lab}: {lab.count()} widgets after Run All"
        lab.scroll_into_view_if_needed()
        assert page.get_by_text("Error displaying widget").count() == 0
        assert page.locator(f"{case.lab} .k8s-error").count() == 0
        shot(page, case, "2-ran")
        shot(page, case, "3-lab-before", case.lab)

        before = page.locator(case.changed).first.evaluate("e => e.outerHTML")
        if case.choose:
            page.locator(case.choose[0]).first.select_option(label=case.choose[1])
        page.locator(case.button).first.click()
        try:
            page.wait_for_function(CHANGED, arg=[case.changed, before], timeout=STEP_TIMEOUT_MS)
        except PlaywrightTimeout:
            pytest.fail(f"{case.changed} did not change within {STEP_TIMEOUT_MS} ms of clicking "
                        f"{case.button}; still: {before[:300]}")
        after = page.locator(case.changed).first.evaluate("e => e.outerHTML")
        shot(page, case, "4-lab-after", case.lab)
        assert after != before
        assert page.locator(f"{case.lab} .k8s-error").count() == 0, \
            page.locator(f"{case.lab} .k8s-error").first.inner_text()
        assert not errors, errors
    except BaseException:  # pytest.fail too: keep a screenshot and the server log
        try:
            shot(page, case, "failure")
        finally:
            print(f"JupyterLab log:\n{lab_server.log_tail()}")
        raise
    finally:
        context.close()
        print(f"{case.id}: {time.monotonic() - started:.1f} s in the browser")
