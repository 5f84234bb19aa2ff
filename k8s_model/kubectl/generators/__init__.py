"""The objects kubectl builds on the client: `kubectl create <kind> …` and `kubectl run`.

These commands never read a manifest; they assemble a typed object from flags (the
"generators" of staging/src/k8s.io/kubectl/pkg/cmd/create and pkg/cmd/run) and send
it, or with `--dry-run=client -o yaml` just print it, the quickest way to write a
manifest. `generate(["create", "deployment", "web", "--image=nginx", "--replicas=3"])`
returns that object in Go field order; bad input raises GeneratorError with the text
kubectl prints. Print the result with `to_json(obj, typed=True)` / `to_yaml(obj)`.

    >>> ns = generate(["create", "namespace", "dev"])
    >>> list(ns), ns["metadata"]
    (['kind', 'apiVersion', 'metadata', 'spec', 'status'], {'name': 'dev'})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ...api.fieldorder import reorder
from .autoscale import autoscale
from .config import (create_configmap, create_namespace, create_pdb, create_priorityclass,
                     create_quota, create_secret, create_serviceaccount)
from .errors import GeneratorError
from .expose import expose
from .network import SERVICE_TYPES, create_ingress, create_service
from .pflag import Flag, parse
from .rbac import (create_clusterrole, create_clusterrolebinding, create_role,
                   create_rolebinding)
from .run import run_objects
from .workloads import create_cronjob, create_deployment, create_job, job_from_cronjob

__all__ = ["generate", "generate_all", "GeneratorError", "Context", "job_from_cronjob"]


@dataclass
class Context:
    """What a generator may need besides its words. `get(resource, name, namespace)`
    fetches an object from the API server (`create job --from=cronjob/x`) and may raise
    the server's error; `warnings` collects what kubectl prints to stderr and goes on."""
    get: Callable | None = None
    warnings: list[str] | None = field(default=None)


# cobra's command tree under `create`: name -> (aliases, builder)
CREATE = {
    "clusterrole": ((), create_clusterrole),
    "clusterrolebinding": ((), create_clusterrolebinding),
    "configmap": (("cm",), create_configmap),
    "cronjob": (("cj",), create_cronjob),
    "deployment": (("deploy",), create_deployment),
    "ingress": (("ing",), create_ingress),
    "job": ((), create_job),
    "namespace": (("ns",), create_namespace),
    "poddisruptionbudget": (("pdb",), create_pdb),
    "priorityclass": (("pc",), create_priorityclass),
    "quota": (("resourcequota",), create_quota),
    "role": ((), create_role),
    "rolebinding": ((), create_rolebinding),
    "serviceaccount": (("sa",), create_serviceaccount),
}
SECRET_TYPES = ("docker-registry", "generic", "tls")
SERVICE_HELP = """Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use "kubectl create service <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands)."""
SECRET_HELP = """Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use "kubectl create secret <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands)."""


def generate(argv: list[str], *, get: Callable | None = None,
             warnings: list[str] | None = None) -> dict:
    """The object `kubectl <argv…>` builds, e.g. argv = ["run", "web", "--image=nginx"]."""
    return generate_all(argv, get=get, warnings=warnings)[-1]


def generate_all(argv: list[str], *, get: Callable | None = None,
                 warnings: list[str] | None = None) -> list[dict]:
    """Every object the command creates, in kubectl's order: one, except for
    `run --expose`, which makes a Service and then the Pod, and `expose` of several
    objects (a Service each)."""
    ctx = Context(get=get, warnings=warnings)
    if not argv or argv[0] not in ("create", "run", "expose", "autoscale"):
        raise GeneratorError(f"error: not a generator command: {' '.join(argv[:1])}")
    if argv[0] == "run":
        return [reorder(obj) for obj in run_objects(argv[1:], ctx)]
    if argv[0] == "expose":
        return [reorder(obj) for obj in expose(argv[1:], ctx)]
    if argv[0] == "autoscale":
        return [reorder(obj) for obj in autoscale(argv[1:], ctx)]
    return [reorder(_create(argv[1:], ctx))]


# Flags that may come before the subcommand and take the next word as their value.
_VALUE_FLAGS = ("-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user",
                "-s", "--server", "--as", "--token", "-o", "--output")


def _first_word(words: list[str]) -> int:
    """Index of the first word that is not a flag (cobra finds subcommands that way)."""
    skip = False
    for i, word in enumerate(words):
        if skip:
            skip = False
            continue
        if word == "--":
            return -1
        if not word.startswith("-"):
            return i
        skip = word in _VALUE_FLAGS
    return -1


# `kubectl create`'s own flags (it creates from files when no subcommand is given).
CREATE_FLAGS = (Flag("filename", "array", short="f"), Flag("kustomize", short="k"),
                Flag("recursive", "bool", short="R"), Flag("selector", short="l"),
                Flag("raw"), Flag("edit", "bool"), Flag("windows-line-endings", "bool"))


def _create(words: list[str], ctx: Context) -> dict:
    i = _first_word(words)
    sub = words[i] if i >= 0 else ""
    rest = words[:i] + words[i + 1:] if i >= 0 else words
    for name, (aliases, build) in CREATE.items():
        if sub == name or sub in aliases:
            return build(rest, ctx)
    if sub in ("service", "svc"):
        return _group(rest, "service", SERVICE_TYPES, SERVICE_HELP,
                      lambda kind, argv: create_service(kind, argv, ctx))
    if sub == "secret":
        return _group(rest, "secret", SECRET_TYPES, SECRET_HELP,
                      lambda kind, argv: create_secret(kind, argv, ctx))
    parsed = parse(words, CREATE_FLAGS, "create")
    if parsed.args:
        raise GeneratorError(f"error: Unexpected args: [{' '.join(parsed.args)}]\n"
                             "See 'kubectl create -h' for help and examples")
    raise GeneratorError("error: must specify one of -f and -k")


def _group(words: list[str], name: str, kinds, help_text: str, build) -> dict:
    """`create service` / `create secret`: commands that only hold subcommands."""
    j = _first_word(words)
    kind = words[j] if j >= 0 else ""
    if kind in kinds:
        return build(kind, words[:j] + words[j + 1:])
    parsed = parse(words, (), f"create {name}", printing=False)
    if not parsed.args:
        raise GeneratorError(help_text)
    raise GeneratorError(f'error: unknown command "{" ".join(parsed.args)}"\n'
                         f"See 'kubectl create {name} -h' for help and examples")
