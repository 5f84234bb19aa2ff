"""The rest of the scripted session: describe, annotate, rollout status — the real kubectl
against the served cluster, compared with `cluster.kubectl(...)` for the same state."""

import re

import pytest

# describe's Events table: kubectl computes AGE from the machine's clock, the model from
# the virtual one (the cluster's epoch is 2026-01-01): the one column that may differ.
EVENT_ROW = re.compile(r"^(  (?:Normal|Warning)\s+\S+\s+)(\S+)(\s+.*)$", re.M)


def _mask_event_ages(text: str) -> str:
    return EVENT_ROW.sub(lambda m: m[1] + "AGE" + " " * (len(m[2]) - 3) + m[3], text)


def _book(cluster, command: str) -> tuple[str, int]:
    try:
        return cluster.kubectl(command), 0
    except Exception as error:   # KubectlError / ApiError: kubectl's message, exit 1
        return str(error), 1


# (`describe node` is left out: its table of Pods has an AGE column kubectl computes from
# the machine's clock as well.)
@pytest.mark.parametrize("command", [
    "describe deployment web", "describe pods -l app=web", "describe svc kubernetes",
    "describe ns default", "describe pod nope",
])
def test_describe_prints_what_the_model_prints(served, real, command):
    cluster, _ = served
    out, code = real(command)
    mine, mine_code = _book(cluster, command)
    assert _mask_event_ages(out.rstrip("\n")) == _mask_event_ages(mine)
    assert code == mine_code


def test_annotate_then_overwrite(served, real):
    cluster, _ = served
    assert real("annotate deploy web owner=team-a") == ("deployment.apps/web annotated\n", 0)
    out, code = real("annotate deploy web owner=team-b")
    assert code == 1 and out.rstrip("\n") == _book(cluster, "annotate deploy web owner=team-b")[0]
    assert real("annotate deploy web owner=team-b --overwrite")[1] == 0
    assert cluster.get("deployments", "web")["metadata"]["annotations"]["owner"] == "team-b"


def test_rollout_status_of_a_finished_and_of_a_running_rollout(served, real):
    cluster, server = served
    assert real("rollout status deploy/web") == \
        (cluster.kubectl("rollout status deploy/web") + "\n", 0)
    assert real("set image deploy/web nginx=nginx:1.28")[1] == 0
    # While the rollout runs, kubectl watches; virtual time must move for it to end.
    server.pace(30)
    try:
        out, code = real("rollout status deploy/web --timeout=120s")
    finally:
        server.pace(None)
    lines = out.rstrip("\n").split("\n")
    assert code == 0 and lines[-1] == 'deployment "web" successfully rolled out'
    assert all(line.startswith('Waiting for deployment "web" rollout to finish: ')
               for line in lines[:-1])
    assert real("rollout status deploy/web")[0].rstrip("\n") == \
        cluster.kubectl("rollout status deploy/web")


@pytest.mark.parametrize("command", [
    "patch deploy web -p {data:1}",                  # strategic: encoding/json's words alone
    "patch deploy web --type merge -p {data:1}",     # merge: `error decoding patch: …`
    "patch deploy nope -p {data:1}",                 # the object is looked up first
])
def test_an_unreadable_patch_is_refused_in_go_words(served, real, command):
    cluster, _ = served
    out, code = real(command)
    assert (out.rstrip("\n"), code) == _book(cluster, command)


def test_a_lab_redraws_what_the_real_kubectl_changed(served, real):
    """The index chapter's promise: drive the cluster from a terminal while a lab plays."""
    from widgets import ClusterLab

    cluster, _ = served
    lab = ClusterLab(cluster, step_seconds=1, play_interval_ms=1000)
    before = lab.view.view.description()
    assert real("scale deploy web --replicas=4") == ("deployment.apps/web scaled\n", 0)
    for tick in range(1, 11):          # Play: one step per tick of the browser's timer
        lab.clock.play.value = tick
    after = lab.view.view.description()
    assert before != after
    assert cluster.kubectl("get deploy web").split("\n")[1].split()[1] == "4/4"
