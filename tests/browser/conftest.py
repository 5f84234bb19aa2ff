"""Fixtures for the real-browser tests: a private JupyterLab server and headless Chromium.

`lab_server` copies notebooks/ to a temporary root and starts `jupyter lab` on
127.0.0.1 (a free port, a random token) with its own config and runtime dirs, so the
reader's settings and workspaces neither leak in nor get touched. The data dirs keep
their default search path after the private one, so the python3 kernelspec and the
ipywidgets lab extension in sys.prefix/share/jupyter are still found. The server is
always shut down: /api/shutdown (which stops its kernels), then SIGTERM, then SIGKILL.

`chromium` is Debian's /usr/bin/chromium driven by Playwright (never `playwright
install`). Missing locally, the tests skip with the reason; with CI=true they fail,
so CI cannot go green without really running them (.ci/run installs chromium).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_TIMEOUT = 60  # seconds for /api/status to answer; JupyterLab starts in ~3 s here

# Private user settings: no news/update checks (no network, no toast over the page),
# and every cell attached to the DOM so a widget below the fold can be found.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def unavailable(reason: str):
    """Skip on a developer machine; fail in CI, where the browser test must really run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser test must run; .ci/run installs chromium)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(url: str, token: str, method: str = "GET", timeout: float = 2):
    request = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


class LabServer:
    """A running JupyterLab: `url(path)` adds the token; `root` is the served copy."""

    def __init__(self, root: Path, port: int, token: str, log: Path) -> None:
        self.root, self.port, self.token, self.log = root, port, token, log
        self.base = f"http://127.0.0.1:{port}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium, launched through Playwright's sync API."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab_server(chromium, tmp_path_factory):
    """JupyterLab serving a temporary copy of notebooks/, stopped at teardown."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "notebooks"
    shutil.copytree(REPO / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    config = home / "config"
    for name, settings in USER_SETTINGS.items():
        path = config / "lab" / "user-settings" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTER_DATA_DIR=str(home / "data"), IPYTHONDIR=str(home / "ipython"),
               # the kernel imports this working tree's k8s_model and widgets
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    port, token = free_port(), secrets.token_hex(16)
    server = LabServer(root, port, token, home / "jupyter.log")
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", "--LabApp.extension_manager=readonly",
               "--LabApp.news_url=None", f"--ServerApp.root_dir={root}"]
    with open(server.log, "wb") as log:
        proc = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                api(f"{server.base}/api/status", token)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab not up after {START_TIMEOUT} s:\n{server.log_tail()}")
                time.sleep(0.25)
        yield server
    finally:
        stop(proc, server)


def stop(proc: subprocess.Popen, server: LabServer) -> None:
    """Ask the server to shut down (it stops its kernels); escalate if it lingers."""
    if proc.poll() is None:
        try:
            api(f"{server.base}/api/shutdown", server.token, method="POST")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
    for sig, grace in ((None, 10), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if sig is not None and proc.poll() is None:
            os.killpg(proc.pid, sig)  # the server's own session (start_new_session)
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
