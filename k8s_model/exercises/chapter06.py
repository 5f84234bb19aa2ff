"""Checkers for chapter 06's exercises: labels, annotations, namespaces and selectors.

Each checker reads the learner's cluster through the API server and prints one ✓ or ✗
line per thing the exercise asks for. Exercise 3 takes the learner's selector string and
lets the API server judge it (a list with `?labelSelector=`, as `kubectl get pods -l`
sends it), then compares with what the reference selector lists: two selectors are
equally right when they select the same Pods.
"""

from __future__ import annotations

from ..api.errors import ApiError
from .report import Report, get_or_none

ANNOTATION = "mycompany.com/someannotation"
# Exercise 3: the product catalog's and the shopping cart's Pods that are not canaries.
REFERENCE_SELECTOR = "app in (pc,sc),rel!=canary"


def check_relabelled_pod(c, pod: str = "kubia-manual", namespace: str = "default") -> None:
    """Exercise 1: a Pod created with creation_method=manual and env=prod, whose env was
    then changed to debug (kubectl label --overwrite), and which carries an annotation."""
    report = Report()
    found = get_or_none(c, "pods", pod, namespace)
    if not report.check(found is not None, f'Pod "{pod}" exists',
                        f'no Pod "{pod}" in namespace "{namespace}" yet'):
        return report.show()
    labels = found["metadata"].get("labels") or {}
    annotations = found["metadata"].get("annotations") or {}
    report.check(labels.get("creation_method") == "manual", "it is labelled creation_method=manual",
                 f"its labels are {labels}: want creation_method=manual")
    report.check(labels.get("env") == "debug", "its env label was changed to debug",
                 f"its env label is {labels.get('env')!r}: change it to debug "
                 f"(kubectl label pod {pod} env=debug --overwrite)")
    report.check(ANNOTATION in annotations,
                 f"it is annotated {ANNOTATION}={annotations.get(ANNOTATION, '')!r}",
                 f"it has no annotation {ANNOTATION}"
                 + (" (it is a label: use kubectl annotate)" if ANNOTATION in labels else ""))
    report.show()


def check_same_name_two_namespaces(c, pod: str = "kubia", namespace: str = "custom") -> None:
    """Exercise 2: namespace `custom`, and a Pod `kubia` both there and in `default`."""
    report = Report()
    ns = get_or_none(c, "namespaces", namespace, None)
    phase = ((ns or {}).get("status") or {}).get("phase")
    report.check(ns is not None and phase == "Active", f'namespace "{namespace}" is Active',
                 f'namespace "{namespace}" is {phase}' if ns else
                 f'no namespace "{namespace}" yet (kubectl create namespace {namespace})')
    for where in (namespace, "default"):
        found = get_or_none(c, "pods", pod, where) if ns is not None or where == "default" \
            else None
        report.check(found is not None and not found["metadata"].get("deletionTimestamp"),
                     f'Pod "{pod}" exists in namespace "{where}"',
                     f'no Pod "{pod}" in namespace "{where}" yet'
                     + (f" (kubectl run {pod} --image=luksa/kubia -n {where})"
                        if where != "default" else ""))
    report.show()


def check_selector(c, selector: str, namespace: str = "default") -> None:
    """Exercise 3: `selector` selects the Pods of app pc or sc that are not canaries."""
    report = Report()
    wanted = sorted(p["metadata"]["name"] for p in
                    c.list("pods", namespace, label_selector=REFERENCE_SELECTOR))
    if not report.check(bool(wanted), f"the Pods to select exist ({', '.join(wanted)})",
                        "no Pod labelled app=pc or app=sc (other than canaries) in "
                        f'namespace "{namespace}": create the chapter\'s Pods first (§3)'):
        return report.show()
    if not report.check(bool(selector.strip()), f"your selector: {selector!r}",
                        "no selector yet: an empty one selects every Pod "
                        "(write yours in my_selector)"):
        return report.show()
    try:
        got = sorted(p["metadata"]["name"] for p in
                     c.list("pods", namespace, label_selector=selector))
    except ApiError as error:
        report.check(False, "", f"the API server refused it: {error.message}")
        return report.show()
    missing, extra = sorted(set(wanted) - set(got)), sorted(set(got) - set(wanted))
    report.check(not missing and not extra, f"it selects exactly {', '.join(wanted)}",
                 "it selects " + (", ".join(got) or "nothing")
                 + (f"; missing {', '.join(missing)}" if missing else "")
                 + (f"; should not select {', '.join(extra)}" if extra else ""))
    report.show()
