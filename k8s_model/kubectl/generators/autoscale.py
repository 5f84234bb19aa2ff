"""`kubectl autoscale` (staging/src/k8s.io/kubectl/pkg/cmd/autoscale/autoscale.go): an
autoscaling/v2 HorizontalPodAutoscaler for a Deployment, ReplicaSet, StatefulSet or
ReplicationController that already exists.

kubectl GETs the target, checks discovery for its `/scale` subresource, and builds the
HPA: name (the target's, or `--name`), scaleTargetRef, maxReplicas, minReplicas only if
`--min` > 0 (else the server defaults 1), and one metric per target flag:

    --cpu=50%    Utilization 50          --cpu=500m (or 500)   AverageValue 500m
    --memory=60% Utilization 60          --memory=200Mi (or 200)  AverageValue 200Mi

`--cpu-percent=50` is v1.35's deprecated spelling of `--cpu=50%` (pflag says so on
stderr first). No target flag, no metrics: the server's default is 80 % CPU.
"""

from __future__ import annotations

import re

from ...api.quantity import QuantityError, parse_quantity
from ...api.scale import SCALABLE
from .common import namespace
from .errors import GeneratorError
from .expose import targets
from .pflag import Flag, parse

AUTOSCALE = (
    Flag("min", "int32", default=-1), Flag("max", "int32", default=-1, required=True),
    Flag("cpu-percent", "int32", default=-1), Flag("cpu"), Flag("memory"), Flag("name"),
    Flag("filename", "array", short="f"), Flag("kustomize", short="k"),
    Flag("recursive", "bool", short="R"), Flag("record", "bool"),
)
CPU_PERCENT_DEPRECATED = (
    "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity "
    "format (e.g., '70%' for utilization or '500m' for milliCPU).")


def _fail(message: str, notice: str) -> GeneratorError:
    return GeneratorError("\n".join(filter(None, (notice, f"error: {message}"))))


def parse_resource_input(text: str, resource: str) -> tuple[str, object]:
    """parseResourceInput: ("Utilization", percent) or ("AverageValue", quantity)."""
    text = text.strip()
    if text == "":
        raise ValueError("empty input")
    if text.endswith("%"):
        digits = text[:-1]
        if not re.fullmatch(r"[+-]?[0-9]+", digits) or int(digits) < 0 or \
                int(digits) >= 2 ** 31:
            raise ValueError(f"invalid percentage value: {digits}")
        return "Utilization", int(digits)
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is not None:   # a bare number: millicores, or mebibytes
        text = f"{value:g}{'m' if resource == 'cpu' else 'Mi'}"
    try:
        return "AverageValue", str(parse_quantity(text))
    except QuantityError:
        raise ValueError(f"invalid resource {resource} value: {text}") from None


def autoscale(argv: list[str], ctx) -> list[dict]:
    parsed = parse(argv, AUTOSCALE, "autoscale")
    notice = CPU_PERCENT_DEPRECATED if "cpu-percent" in parsed.changed else ""
    if ctx.warnings is not None and notice:
        ctx.warnings.append(notice)
    low, high = parsed["min"], parsed["max"]
    if high < 1:
        raise _fail(f"--max=MAXPODS is required and must be at least 1, max: {high}", notice)
    if high < low:
        raise _fail(f"--max=MAXPODS must be larger or equal to --min=MINPODS, max: {high}, "
                    f"min: {low}", notice)
    if parsed["cpu-percent"] > 0 and parsed["cpu"]:
        raise _fail("--cpu-percent and --cpu are mutually exclusive", notice)
    metrics = []
    if parsed["cpu-percent"] > 0:
        metrics.append(_metric("cpu", "Utilization", parsed["cpu-percent"]))
    for resource in ("cpu", "memory"):
        if parsed[resource]:
            try:
                kind, value = parse_resource_input(parsed[resource], resource)
            except ValueError as error:
                raise _fail(str(error), notice) from None
            metrics.append(_metric(resource, kind, value))
    if parsed["filename"]:
        raise _fail("the model's `kubectl autoscale` takes TYPE NAME, not -f", notice)
    try:
        found = targets(parsed.args)
    except GeneratorError as error:
        raise GeneratorError("\n".join(filter(None, (notice, str(error))))) from None
    hpas = []
    for resource, name in found:
        ctx.get(resource, name, namespace(parsed))     # the builder's GET comes first
        if resource.plural not in SCALABLE:
            # GroupVersionResource.String(): "/v1, Resource=pods" for the core group.
            raise _fail(f"cannot autoscale a {resource.kind}: could not find scale subresource "
                        f"for {resource.group}/{resource.version}, Resource={resource.plural} "
                        f"in discovery information", notice)
        spec = {"scaleTargetRef": {"kind": resource.kind, "name": name,
                                   "apiVersion": resource.api_version}}
        if low > 0:
            spec["minReplicas"] = low
        spec["maxReplicas"] = high
        if metrics:
            spec["metrics"] = metrics
        meta = {"name": parsed["name"] or name}
        if namespace(parsed):
            meta["namespace"] = namespace(parsed)
        hpas.append({"kind": "HorizontalPodAutoscaler", "apiVersion": "autoscaling/v2",
                     "metadata": meta, "spec": spec,
                     "status": {"currentMetrics": None, "desiredReplicas": 0}})
    return hpas


def _metric(resource: str, kind: str, value) -> dict:
    target = {"type": kind,
              "averageUtilization" if kind == "Utilization" else "averageValue": value}
    return {"type": "Resource", "resource": {"name": resource, "target": target}}
