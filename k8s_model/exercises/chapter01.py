"""Checkers for chapter 01's exercises: desired state, declared and recorded.

A checker looks at the learner's cluster the way kubectl does — `c.get` through the
API server — and prints one ✓ or ✗ line per thing the exercise asks for, with a hint
for what is missing. It changes nothing.

How a checker tells declarative from imperative: `kubectl apply` stores the manifest it
sent in the `kubectl.kubernetes.io/last-applied-configuration` annotation (upstream
staging/src/k8s.io/kubectl/pkg/util/apply.go); `kubectl create` does not, unless
`--save-config` asks it to. E.g. after `kubectl apply` of a file with `replicas: 2` and a
`kubectl scale --replicas=3`, the live spec says 3 and the annotation still says 2.
"""

from __future__ import annotations

import json

from .report import Report, get_or_none as _get

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def _images(deployment: dict) -> list[str]:
    containers = deployment.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])
    return [container.get("image", "") for container in containers]


def _last_applied(obj: dict) -> dict | None:
    text = obj.get("metadata", {}).get("annotations", {}).get(LAST_APPLIED)
    return json.loads(text) if text else None


def check_declarative_deployment(c, name: str = "hello", namespace: str = "default",
                                 replicas: int = 2, image: str = "nginx:1.27") -> None:
    """Exercise 1: a Deployment declared in a manifest and sent with `kubectl apply`."""
    report = Report()
    deployment = _get(c, "deployments", name, namespace)
    where = f'Deployment "{name}" in namespace "{namespace}"'
    if not report.check(deployment is not None, f"{where} exists",
                        f"no {where} yet: write its manifest and kubectl apply it"):
        return report.show()
    applied = _last_applied(deployment)
    report.check(applied is not None,
                 f"it was applied declaratively (it has the {LAST_APPLIED} annotation)",
                 f"it has no {LAST_APPLIED} annotation: it was made imperatively; "
                 f"delete it and kubectl apply a manifest instead")
    live = deployment["spec"].get("replicas")
    report.check(live == replicas, f"spec.replicas is {replicas}",
                 f"spec.replicas is {live}, want {replicas}")
    images = _images(deployment)
    report.check(images == [image], f"its Pod template runs one container, image {image}",
                 f"its Pod template's images are {images}, want [{image!r}]")
    if applied is not None:
        declared = applied.get("spec", {}).get("replicas")
        report.check(declared == replicas, f"your manifest declares replicas: {replicas}",
                     f"your last applied manifest declares replicas: {declared}, want "
                     f"{replicas}: change the file and apply it again")
    report.show()


def check_namespace(c, namespace: str = "study", name: str = "web",
                    image: str = "nginx:1.27") -> None:
    """Exercise 2: a namespace and, in it, a Deployment made with imperative commands."""
    report = Report()
    report.check(_get(c, "namespaces", namespace, None) is not None,
                 f'Namespace "{namespace}" exists',
                 f'no Namespace "{namespace}" yet: kubectl create namespace {namespace}')
    deployment = _get(c, "deployments", name, namespace)
    where = f'Deployment "{name}" in namespace "{namespace}"'
    if not report.check(deployment is not None, f"{where} exists",
                        f"no {where} yet: kubectl create deployment {name} "
                        f"--image={image} -n {namespace}"):
        return report.show()
    images = _images(deployment)
    report.check(images == [image], f"its Pod template runs image {image}",
                 f"its Pod template's images are {images}, want [{image!r}]")
    report.check(_last_applied(deployment) is None,
                 "it was made imperatively (no last-applied-configuration annotation)",
                 "it has a last-applied-configuration annotation: this exercise asks for "
                 "the imperative kubectl create")
    report.show()


def check_fixed_selector(c, name: str = "api", namespace: str = "default",
                         app: str = "api") -> None:
    """Exercise 3: the broken manifest, fixed so that its selector matches its labels."""
    report = Report()
    deployment = _get(c, "deployments", name, namespace)
    where = f'Deployment "{name}" in namespace "{namespace}"'
    if not report.check(deployment is not None, f"{where} exists: the API server accepted it",
                        f"no {where} yet: fix the manifest and apply it"):
        return report.show()
    spec = deployment["spec"]
    selector = spec.get("selector", {}).get("matchLabels", {})
    labels = spec.get("template", {}).get("metadata", {}).get("labels", {})
    report.check(selector == {"app": app}, f"its selector is still app={app}",
                 f"its selector's matchLabels are {selector}: keep the selector "
                 f"app={app} and fix the template's labels instead")
    report.check(labels.get("app") == app, f"its Pod template is labelled app={app}",
                 f"its Pod template's labels are {labels}, want app={app}")
    report.show()
