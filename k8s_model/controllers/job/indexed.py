"""Indexed Jobs (pkg/controller/job/indexed_job_utils.go).

With `completionMode: Indexed` and `completions: 5`, each Pod carries one index 0…4 —
as the annotation and label `batch.kubernetes.io/job-completion-index`, the
environment variable JOB_COMPLETION_INDEX, and the hostname `<job>-<index>` — and is
named `<job>-<index>-<5 random chars>`. The Job is done when every index has one
succeeded Pod; `status.completedIndexes` lists them compressed, e.g. "0,1,3-5"
("0,1" for two neighbours, "3-5" for three or more).
"""

from __future__ import annotations

import copy

from ..controller_utils import sort_for_deletion

COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"
COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX"
UNKNOWN = -1
MAX_GENERATED_NAME_LENGTH = 58   # names.MaxGeneratedNameLength: 63 − 5 random chars


def is_indexed(job: dict) -> bool:
    return (job.get("spec") or {}).get("completionMode") == "Indexed"


def completion_index(pod: dict) -> int:
    """getCompletionIndex: the annotation as a non-negative int, else -1."""
    value = (pod["metadata"].get("annotations") or {}).get(COMPLETION_INDEX)
    if value is None or not value.isdigit():
        return UNKNOWN
    return int(value)


# -- ordered intervals of indexes ------------------------------------------------------------
def with_indexes(intervals: list[tuple[int, int]], indexes) -> list[tuple[int, int]]:
    """withOrderedIndexes/merge: the union as sorted, merged (first, last) intervals."""
    result: list[list[int]] = []
    for first, last in sorted(list(intervals) + [(i, i) for i in indexes]):
        if result and first <= result[-1][1] + 1:
            result[-1][1] = max(result[-1][1], last)
        else:
            result.append([first, last])
    return [(a, b) for a, b in result]


def total(intervals: list[tuple[int, int]]) -> int:
    return sum(last - first + 1 for first, last in intervals)


def has(intervals: list[tuple[int, int]], index: int) -> bool:
    return any(first <= index <= last for first, last in intervals)


def to_string(intervals: list[tuple[int, int]]) -> str:
    parts = []
    for first, last in intervals:
        if last == first:
            parts.append(str(first))
        elif last == first + 1:
            parts.append(f"{first},{last}")
        else:
            parts.append(f"{first}-{last}")
    return ",".join(parts)


def parse(text: str | None, completions: int) -> list[tuple[int, int]]:
    """parseIndexesFromString, ignoring what lies at or beyond `completions`."""
    indexes = []
    for part in (text or "").split(","):
        bounds = part.split("-")
        if not all(b.isdigit() for b in bounds) or not part:
            continue
        first = int(bounds[0])
        if first >= completions:
            break
        last = min(int(bounds[-1]), completions - 1)
        indexes.extend(range(first, last + 1))
    return with_indexes([], indexes)


# -- which indexes to create and which Pods to remove ----------------------------------------
def succeeded_indexes(job: dict, pods: list[dict], has_finalizer) -> tuple[list, list]:
    """calculateSucceededIndexes: the indexes in status, and those plus the Pods that
    succeeded since (still carrying the tracking finalizer)."""
    completions = job["spec"]["completions"]
    previous = parse((job.get("status") or {}).get("completedIndexes"), completions)
    new = {completion_index(p) for p in pods
           if (p.get("status") or {}).get("phase") == "Succeeded" and has_finalizer(p)
           and UNKNOWN != completion_index(p) < completions}
    return previous, with_indexes(previous, new)


def first_pending_indexes(active: list[dict], succeeded: list, count: int,
                          completions: int) -> list[int]:
    """firstPendingIndexes: the `count` lowest indexes neither succeeded nor running."""
    taken = with_indexes(succeeded, {completion_index(p) for p in active} - {UNKNOWN})
    return [i for i in range(completions) if not has(taken, i)][:count]


def duplicated_index_pods_for_removal(pods: list[dict], completions: int,
                                      now: float) -> tuple[list, list]:
    """appendDuplicatedIndexPodsForRemoval: Pods without a valid index go, and of Pods
    sharing an index all but the one `ActivePods` ranks last."""
    rm, left, by_index = [], [], {}
    for pod in pods:
        index = completion_index(pod)
        if index == UNKNOWN or index >= completions:
            rm.append(pod)
        else:
            by_index.setdefault(index, []).append(pod)
    for index in sorted(by_index):
        same = sort_for_deletion(by_index[index], [0] * len(by_index[index]), now)
        rm.extend(same[:-1])
        left.append(same[-1])
    return rm, left


def pod_generate_name_with_index(job_name: str, index: int) -> str:
    suffix = f"-{index}-"
    prefix = job_name + suffix
    if len(prefix) > MAX_GENERATED_NAME_LENGTH:
        prefix = prefix[:MAX_GENERATED_NAME_LENGTH - len(suffix)] + suffix
    return prefix


def indexed_template(template: dict, job_name: str, index: int) -> dict:
    """The template of the Pod for one index: annotation, label (PodIndexLabel, GA in
    v1.32), hostname `<job>-<index>`, and JOB_COMPLETION_INDEX read from the label."""
    template = copy.deepcopy(template)
    meta = template.setdefault("metadata", {})
    meta.setdefault("annotations", {})[COMPLETION_INDEX] = str(index)
    meta.setdefault("labels", {})[COMPLETION_INDEX] = str(index)
    spec = template.setdefault("spec", {})
    spec["hostname"] = f"{job_name}-{index}"
    for container in spec.get("initContainers", []) + spec.get("containers", []):
        env = container.setdefault("env", [])
        if not any(v.get("name") == COMPLETION_INDEX_ENV for v in env):
            env.append({"name": COMPLETION_INDEX_ENV, "valueFrom": {"fieldRef": {
                "fieldPath": f"metadata.labels['{COMPLETION_INDEX}']"}}})
    return template
