"""`kubectl create deployment|job|cronjob` (pkg/cmd/create/create_deployment.go,
create_job.go, create_cronjob.go).

Each builds a typed Go object, so empty structs that are not pointers still print:
`strategy: {}`, `resources: {}`, `status: {}`, a Job template's `metadata: {}`.
Words after `--` become the container's `command` (not `args`, unlike `kubectl run`).
A deployment names its containers after their images: `--image=registry:5000/team/
web-app:1.2` gives a container `web-app`; a `.` or `_` in that name is replaced and a
random suffix added (`my_app` -> `my-app-x7k2q`), because container names are DNS labels.
"""

from __future__ import annotations

import copy

from ...api.resources import lookup
from .common import (error, metadata, name_from_args, namespace, random_suffix,
                     save_config)
from .pflag import Flag, parse

DEPLOYMENT = (Flag("image", "slice", required=True), Flag("port", "int32", default=-1),
              Flag("replicas", "int32", short="r", default=1))
JOB = (Flag("image"), Flag("from"))
CRONJOB = (Flag("image", required=True), Flag("schedule", required=True), Flag("restart"))


def container_name(image: str) -> str:
    """buildPodSpec: `docker.io/library/nginx:1.27@sha256:…` -> `nginx`."""
    name = image.split("/")[-1].split(":")[0].split("@")[0]
    if "_" in name or "." in name:
        name = name.replace("_", "-").replace(".", "-")
        name = f"{name}-{random_suffix(image)}"
    return name


def _container(name: str, image: str, command: list[str]) -> dict:
    container = {"name": name, "image": image}
    if command:
        container["command"] = list(command)
    container["resources"] = {}
    return container


def create_deployment(argv: list[str], ctx) -> dict:
    cmd = "create deployment"
    parsed = parse(argv, DEPLOYMENT, cmd)
    name = name_from_args(parsed, cmd)
    command, images = parsed.args[1:], parsed["image"]
    if len(images) > 1 and command:
        raise error("cannot specify multiple --image options and command")
    labels = {"app": name}
    containers = [_container(container_name(image), image, command) for image in images]
    if parsed["port"] >= 0 and containers:
        containers[0]["ports"] = [{"containerPort": parsed["port"]}]
    deploy = {
        "kind": "Deployment", "apiVersion": "apps/v1",
        "metadata": metadata(name, namespace(parsed), labels),
        "spec": {"replicas": parsed["replicas"], "selector": {"matchLabels": dict(labels)},
                 "template": {"metadata": {"labels": dict(labels)},
                              "spec": {"containers": containers}},
                 "strategy": {}},
        "status": {}}
    return save_config(deploy, parsed)


def create_job(argv: list[str], ctx) -> dict:
    cmd = "create job"
    parsed = parse(argv, JOB, cmd)
    name = name_from_args(parsed, cmd)
    command, image, source = parsed.args[1:], parsed["image"] or "", parsed["from"] or ""
    if bool(image) == bool(source):
        raise error("either --image or --from must be specified")
    if command and source:
        raise error("cannot specify --from and command")
    if image:
        job = {"kind": "Job", "apiVersion": "batch/v1",
               "metadata": metadata(name, namespace(parsed)),
               "spec": {"template": {"metadata": {}, "spec": {
                   "containers": [_container(name, image, command)],
                   "restartPolicy": "Never"}}},
               "status": {}}
    else:
        job = job_from_cronjob(name, _fetch_cronjob(source, parsed, ctx), namespace(parsed))
    return save_config(job, parsed)


def _fetch_cronjob(source: str, parsed, ctx) -> dict:
    """The builder's ResourceTypeOrNameArgs(false, "cronjob/nightly") and a GET."""
    kind, slash, name = source.partition("/")
    if slash and (not kind or not name or "/" in name):
        raise error("arguments in resource/name form must have a single resource and name")
    resource = lookup(kind)
    if resource is None:
        raise error(f'the server doesn\'t have a resource type "{kind}"')
    if not name:
        raise error("resource(s) were provided, but no name was specified")
    if ctx.get is None:
        raise error("--from needs the API server: pass generate(..., get=…)")
    obj = ctx.get(resource, name, namespace(parsed))
    if obj.get("kind") != "CronJob":
        version = obj.get("apiVersion", "v1").rpartition("/")[2]
        raise error(f"unknown object type *{version}.{obj.get('kind')}")
    return obj


def job_from_cronjob(name: str, cronjob: dict, namespace: str | None = None) -> dict:
    """createJobFromCronJob: the CronJob's jobTemplate, owned by the CronJob and marked
    `cronjob.kubernetes.io/instantiate: manual` (the template's annotations win)."""
    template = cronjob.get("spec", {}).get("jobTemplate", {})
    template_meta = template.get("metadata") or {}
    annotations = {"cronjob.kubernetes.io/instantiate": "manual",
                   **(template_meta.get("annotations") or {})}
    meta = metadata(name, namespace, template_meta.get("labels"), annotations)
    meta["ownerReferences"] = [{
        "apiVersion": "batch/v1", "kind": "CronJob",
        "name": cronjob["metadata"]["name"], "uid": cronjob["metadata"].get("uid", ""),
        "controller": True}]
    spec = copy.deepcopy(template.get("spec") or {})
    # JobSpec.Template, its ObjectMeta and each Container.Resources are Go structs, not
    # pointers: encoding/json always writes them, as {} when empty.
    pod_template = spec.setdefault("template", {})
    pod_template.setdefault("metadata", {})
    pod_spec = pod_template.setdefault("spec", {})
    pod_spec.setdefault("containers", None)
    for group in ("initContainers", "containers"):
        for container in pod_spec.get(group) or ():
            container.setdefault("resources", {})
    return {"kind": "Job", "apiVersion": "batch/v1", "metadata": meta, "spec": spec,
            "status": {}}


def create_cronjob(argv: list[str], ctx) -> dict:
    cmd = "create cronjob"
    parsed = parse(argv, CRONJOB, cmd)
    name = name_from_args(parsed, cmd)
    cronjob = {
        "kind": "CronJob", "apiVersion": "batch/v1",
        "metadata": metadata(name, namespace(parsed)),
        "spec": {"schedule": parsed["schedule"], "jobTemplate": {
            "metadata": {"name": name},
            "spec": {"template": {"metadata": {}, "spec": {
                "containers": [_container(name, parsed["image"], parsed.args[1:])],
                "restartPolicy": parsed["restart"] or "OnFailure"}}}}},
        "status": {}}
    return save_config(cronjob, parsed)
