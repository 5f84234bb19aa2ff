"""The kubeconfig `serve()` writes: one cluster, one user with a bearer token, one
context, named as kubeadm names them in admin.conf (`kubernetes-admin@kubernetes`)."""

from __future__ import annotations

import base64
from pathlib import Path

import yaml


def write_kubeconfig(path: Path, url: str, token: str, ca_pem: bytes) -> Path:
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "kubernetes", "cluster": {"server": url, "certificate-authority-data":
                                                           base64.b64encode(ca_pem).decode()}}],
        "users": [{"name": "kubernetes-admin", "user": {"token": token}}],
        "contexts": [{"name": "kubernetes-admin@kubernetes",
                      "context": {"cluster": "kubernetes", "user": "kubernetes-admin",
                                  "namespace": "default"}}],
        "current-context": "kubernetes-admin@kubernetes",
        "preferences": {},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    path.chmod(0o600)
    return path
