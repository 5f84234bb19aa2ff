"""The Volumes section of `kubectl describe` (describeVolumes in describe.go).

Each volume prints its name and a `Type:` line naming the source with upstream's
one-line explanation, then the source's fields, e.g.

    Volumes:
      kube-api-access-4xk2p:
        Type:                    Projected (a volume that contains injected data from multiple sources)
        TokenExpirationSeconds:  3607
        ConfigMapName:           kube-root-ca.crt
        Optional:                false
        DownwardAPI:             true

Only the sources a learner meets are spelled out; others print `<unknown>`.
"""

from __future__ import annotations

from k8s_model.api.quantity import Quantity
from k8s_model.kubectl.describe.writer import PrefixWriter


def _bool(value) -> str:
    return "true" if value else "false"


def _host_path(src: dict, w: PrefixWriter) -> None:
    w.write(2, "Type:\tHostPath (bare host directory volume)\n"
               f"    Path:\t{src.get('path', '')}\n"
               f"    HostPathType:\t{src.get('type') if src.get('type') is not None else '<none>'}\n")


def _empty_dir(src: dict, w: PrefixWriter) -> None:
    limit = src.get("sizeLimit")
    size = str(Quantity.parse(limit)) if limit is not None and Quantity.parse(limit).sign() > 0 \
        else "<unset>"
    w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
               f"    Medium:\t{src.get('medium', '')}\n"
               f"    SizeLimit:\t{size}\n")


def _secret(src: dict, w: PrefixWriter) -> None:
    w.write(2, "Type:\tSecret (a volume populated by a Secret)\n"
               f"    SecretName:\t{src.get('secretName', '')}\n"
               f"    Optional:\t{_bool(src.get('optional'))}\n")


def _config_map(src: dict, w: PrefixWriter) -> None:
    w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
               f"    Name:\t{src.get('name', '')}\n"
               f"    Optional:\t{_bool(src.get('optional'))}\n")


def _projected(src: dict, w: PrefixWriter) -> None:
    w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
    for source in src.get("sources") or []:
        if source.get("secret") is not None:
            w.write(2, f"SecretName:\t{source['secret'].get('name', '')}\n"
                       f"    Optional:\t{_bool(source['secret'].get('optional'))}\n")
        elif source.get("downwardAPI") is not None:
            w.write(2, "DownwardAPI:\ttrue\n")
        elif source.get("configMap") is not None:
            w.write(2, f"ConfigMapName:\t{source['configMap'].get('name', '')}\n"
                       f"    Optional:\t{_bool(source['configMap'].get('optional'))}\n")
        elif source.get("serviceAccountToken") is not None:
            w.write(2, "TokenExpirationSeconds:\t"
                       f"{source['serviceAccountToken'].get('expirationSeconds', 0)}\n")


def _pvc(src: dict, w: PrefixWriter) -> None:
    w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
               "namespace)\n"
               f"    ClaimName:\t{src.get('claimName', '')}\n"
               f"    ReadOnly:\t{_bool(src.get('readOnly'))}\n")


def _downward_api(src: dict, w: PrefixWriter) -> None:
    w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
    for item in src.get("items") or []:
        if item.get("fieldRef") is not None:
            w.write(3, f"{item['fieldRef'].get('fieldPath', '')} -> {item.get('path', '')}\n")
        if item.get("resourceFieldRef") is not None:
            w.write(3, f"{item['resourceFieldRef'].get('resource', '')} -> {item.get('path', '')}\n")


def _nfs(src: dict, w: PrefixWriter) -> None:
    w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n"
               f"    Server:\t{src.get('server', '')}\n"
               f"    Path:\t{src.get('path', '')}\n"
               f"    ReadOnly:\t{_bool(src.get('readOnly'))}\n")


def _git_repo(src: dict, w: PrefixWriter) -> None:
    w.write(2, "Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n"
               f"    Repository:\t{src.get('repository', '')}\n"
               f"    Revision:\t{src.get('revision', '')}\n")


def _image(src: dict, w: PrefixWriter) -> None:
    w.write(2, "Type:\tImage (a container image or OCI artifact)\n"
               f"    Reference:\t{src.get('reference', '')}\n"
               f"    PullPolicy:\t{src.get('pullPolicy', '')}\n")


_SOURCES = (("hostPath", _host_path), ("emptyDir", _empty_dir), ("gitRepo", _git_repo),
            ("secret", _secret), ("configMap", _config_map), ("nfs", _nfs),
            ("persistentVolumeClaim", _pvc), ("downwardAPI", _downward_api),
            ("projected", _projected), ("image", _image))


def describe_volumes(volumes: list | None, w: PrefixWriter, space: str) -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for volume in volumes:
        w.write(1, f"{' ' if space else ''}{volume.get('name', '')}:\n")
        for key, printer in _SOURCES:
            if volume.get(key) is not None:
                printer(volume[key], w)
                break
        else:
            w.write(1, "<unknown>\n")
