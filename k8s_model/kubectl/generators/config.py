"""`kubectl create namespace|serviceaccount|configmap|secret|quota|priorityclass|pdb`
(pkg/cmd/create/create_namespace.go, create_configmap.go, create_secret.go,
create_secret_docker.go, create_quota.go, create_priorityclass.go, create_pdb.go).

A Secret's values are base64 in `data` (`--from-literal=user=admin` -> `YWRtaW4=`);
a ConfigMap keeps them as text. `--append-hash` appends the first ten hex digits of a
SHA-256 over the object's JSON, with letters swapped so the suffix is never a number
or a bad word (0->g 1->h 3->k a->m e->t): ConfigMap `cm` with `a=1` is `cm-9hfg4tdfc6`.
"""

from __future__ import annotations

import hashlib
import json
import re

from ...api.quantity import QuantityError, parse_quantity
from ...api.selector_parser import SelectorError
from ...api.selectors import parse as parse_selector
from .common import b64, error, int_or_string, metadata, name_from_args, namespace, save_config
from .pflag import Flag, parse
from .sources import Sources

SOURCES = (Flag("from-file", "slice"), Flag("from-literal", "array"),
           Flag("from-env-file", "slice"), Flag("append-hash", "bool"))
DOCKER = (Flag("docker-username"), Flag("docker-password"), Flag("docker-email"),
          Flag("docker-server", default="https://index.docker.io/v1/"),
          Flag("from-file", "slice"), Flag("append-hash", "bool"))
QUOTA = (Flag("hard"), Flag("scopes"))
PRIORITY_CLASS = (Flag("value", "int32", default=0), Flag("global-default", "bool"),
                  Flag("description"), Flag("preemption-policy", default="PreemptLowerPriority"))
PDB = (Flag("min-available"), Flag("max-unavailable"), Flag("selector"))


def create_namespace(argv: list[str], ctx) -> dict:
    parsed = parse(argv, (), "create namespace")
    name = name_from_args(parsed, "create namespace")
    return save_config({"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": name},
                        "spec": {}, "status": {}}, parsed)


def create_serviceaccount(argv: list[str], ctx) -> dict:
    parsed = parse(argv, (), "create serviceaccount")
    name = name_from_args(parsed, "create serviceaccount")
    return save_config({"kind": "ServiceAccount", "apiVersion": "v1",
                        "metadata": metadata(name, namespace(parsed))}, parsed)


def _hash(fields: dict) -> str:
    """hash.ConfigMapHash / SecretHash: json.Marshal sorts the map's keys."""
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return digest.translate(str.maketrans("013ae", "ghkmt"))


def create_configmap(argv: list[str], ctx) -> dict:
    cmd = "create configmap"
    parsed = parse(argv, SOURCES, cmd)
    name = name_from_args(parsed, cmd)
    collected = Sources("ConfigMap", name).add_all(parsed).data
    data = {k: v for k, v in collected.items() if isinstance(v, str)}
    binary = {k: b64(v) for k, v in collected.items() if isinstance(v, bytes)}
    if parsed["append-hash"]:
        fields = {"kind": "ConfigMap", "name": name, "data": data}
        if binary:
            fields["binaryData"] = binary
        name = f"{name}-{_hash(fields)}"
    configmap = {"kind": "ConfigMap", "apiVersion": "v1",
                 "metadata": metadata(name, namespace(parsed))}
    if data:
        configmap["data"] = data
    if binary:
        configmap["binaryData"] = binary
    return save_config(configmap, parsed)


def create_secret(kind: str, argv: list[str], ctx) -> dict:
    cmd = f"create secret {kind}"
    if kind == "tls":
        parsed = parse(argv, (Flag("cert"), Flag("key"), Flag("append-hash", "bool")), cmd)
        name_from_args(parsed, cmd)
        raise error("key and cert must be specified" if not (parsed["cert"] and parsed["key"])
                    else "TLS secrets from certificate files are not part of the model")
    if kind == "docker-registry":
        parsed = parse(argv, DOCKER, cmd)
        name = name_from_args(parsed, cmd)
        if parsed["from-file"]:  # ready-made config files, keyed like any --from-file
            sources = Sources("Secret", name)
            for source in parsed["from-file"]:
                sources.add_file_source(source)
            data = {k: b64(v) for k, v in sources.data.items()}
        else:
            data = {".dockerconfigjson": _docker_config(parsed)}
        secret_type = "kubernetes.io/dockerconfigjson"
    else:
        parsed = parse(argv, SOURCES + (Flag("type"),), cmd)
        name = name_from_args(parsed, cmd)
        data = {k: b64(v) for k, v in Sources("Secret", name).add_all(parsed).data.items()}
        secret_type = parsed["type"] or ""
    if parsed["append-hash"]:
        fields = {"kind": "Secret", "type": secret_type, "name": name, "data": data}
        name = f"{name}-{_hash(fields)}"
    secret = {"kind": "Secret", "apiVersion": "v1", "metadata": metadata(name, namespace(parsed))}
    if data:
        secret["data"] = data
    if secret_type:
        secret["type"] = secret_type
    return save_config(secret, parsed)


def _docker_config(parsed) -> str:
    """The .dockerconfigjson a registry login would write: {"auths": {server: entry}}."""
    user, password, server = (parsed["docker-username"], parsed["docker-password"],
                              parsed["docker-server"])
    if not (user and password and server):
        raise error("either --from-file or the combination of --docker-username, "
                    "--docker-password and --docker-server is required")
    entry = {"username": user, "password": password}
    if parsed["docker-email"]:
        entry["email"] = parsed["docker-email"]
    entry["auth"] = b64(f"{user}:{password}")
    text = json.dumps({"auths": {server: entry}}, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return b64(text)


def create_quota(argv: list[str], ctx) -> dict:
    cmd = "create quota"
    parsed = parse(argv, QUOTA, cmd)
    name = name_from_args(parsed, cmd)
    spec: dict = {}
    if parsed["hard"]:
        hard = {}
        for statement in parsed["hard"].split(","):
            parts = statement.split("=")
            if len(parts) != 2:
                raise error(f"Invalid argument syntax {statement}, expected <resource>=<value>")
            try:
                hard[parts[0]] = str(parse_quantity(parts[1]))
            except QuantityError as err:
                raise error(str(err)) from None
        spec["hard"] = hard
    if parsed["scopes"]:
        spec["scopes"] = parsed["scopes"].split(",")
    quota = {"kind": "ResourceQuota", "apiVersion": "v1",
             "metadata": metadata(name, namespace(parsed)), "spec": spec, "status": {}}
    return save_config(quota, parsed)


def create_priorityclass(argv: list[str], ctx) -> dict:
    cmd = "create priorityclass"
    parsed = parse(argv, PRIORITY_CLASS, cmd)
    name = name_from_args(parsed, cmd)
    pc = {"kind": "PriorityClass", "apiVersion": "scheduling.k8s.io/v1",
          "metadata": {"name": name}, "value": parsed["value"]}
    if parsed["global-default"]:
        pc["globalDefault"] = True
    if parsed["description"]:
        pc["description"] = parsed["description"]
    pc["preemptionPolicy"] = parsed["preemption-policy"]
    return save_config(pc, parsed)


def create_pdb(argv: list[str], ctx) -> dict:
    cmd = "create poddisruptionbudget"
    parsed = parse(argv, PDB, cmd)
    name = name_from_args(parsed, cmd)
    low, high, selector = (parsed["min-available"] or "", parsed["max-unavailable"] or "",
                           parsed["selector"] or "")
    if not selector:
        raise error("a selector must be specified")
    if not low and not high:
        raise error("one of min-available or max-unavailable must be specified")
    if low and high:
        raise error("min-available and max-unavailable cannot be both specified")
    for flag, value in (("min-available", low), ("max-unavailable", high)):
        if value and not re.fullmatch(r"[0-9]+%?", value):
            raise error(f"invalid format specified for {flag}")
    spec = {}
    if low:
        spec["minAvailable"] = int_or_string(low)
    if high:
        spec["maxUnavailable"] = int_or_string(high)
    spec["selector"] = _label_selector(selector)
    pdb = {"kind": "PodDisruptionBudget", "apiVersion": "policy/v1",
           "metadata": metadata(name, namespace(parsed)), "spec": spec,
           "status": {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0,
                      "expectedPods": 0}}
    return save_config(pdb, parsed)


def _label_selector(text: str) -> dict:
    """metav1.ParseToLabelSelector: `a=b` terms become matchLabels, the rest expressions."""
    try:
        requirements = parse_selector(text).requirements
    except SelectorError as err:
        raise error(f'couldn\'t parse the selector string "{text}": {err}') from None
    ops = {"in": "In", "notin": "NotIn", "exists": "Exists", "!": "DoesNotExist"}
    labels, expressions = {}, []
    for req in requirements:
        if req.operator in ("=", "=="):
            labels[req.key] = req.values[0]
        elif req.operator in (">", "<"):
            raise error(f'"{req.operator}" isn\'t supported in label selectors')
        elif req.operator not in ops:
            raise error(f'"{req.operator}" is not a valid label selector operator')
        else:
            expression = {"key": req.key, "operator": ops[req.operator]}
            if req.values:
                expression["values"] = sorted(req.values)
            expressions.append(expression)
    selector = {"matchLabels": labels} if labels else {}
    if expressions:
        selector["matchExpressions"] = expressions
    return selector
