"""kubectl rollout status/history/undo/pause/resume/restart (pkg/cmd/rollout,
pkg/polymorphichelpers).

The Deployment controller is written separately, so most tests build the state it would
leave behind — ReplicaSets owned by the Deployment with revision annotations, a status —
directly through the API, and never advance the clock (so no controller acts on it)."""

import copy

import pytest

from k8s_model import Cluster, KubectlError
from k8s_model.kubectl.commands.rollout_status import deployment_status

DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "default"},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "nginx", "image": "nginx:1.29"}]}}},
}


def failure(c: Cluster, command: str) -> KubectlError:
    with pytest.raises(KubectlError) as caught:
        c.kubectl(command)
    return caught.value


def play_the_deployment_controller(c: Cluster) -> None:
    """Silence the Deployment controller: the test writes the status it would write."""
    for controller in c.controller_manager.controllers:
        if type(controller).__name__ == "DeploymentController":
            controller.reconcile = lambda key: None


def add_revision(c: Cluster, deployment: dict, number: int, image: str, hash_: str,
                 cause: str | None = None) -> dict:
    """A ReplicaSet as the Deployment controller makes one for a revision."""
    template = copy.deepcopy(deployment["spec"]["template"])
    template["metadata"]["labels"]["pod-template-hash"] = hash_
    template["spec"]["containers"][0]["image"] = image
    annotations = {"deployment.kubernetes.io/revision": str(number)}
    if cause:
        annotations["kubernetes.io/change-cause"] = cause
    meta = deployment["metadata"]
    return c.kubectl_client.create("replicasets", {
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": f"web-{hash_}", "namespace": "default",
                     "labels": {"app": "web", "pod-template-hash": hash_},
                     "annotations": annotations,
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                                          "name": meta["name"], "uid": meta["uid"],
                                          "controller": True, "blockOwnerDeletion": True}]},
        "spec": {"replicas": 0,
                 "selector": {"matchLabels": {"app": "web", "pod-template-hash": hash_}},
                 "template": template}}, "default")


@pytest.fixture
def c():
    return Cluster(nodes=1, seed=0)


@pytest.fixture
def history(c):
    """Revision 1 ran nginx:1.28, revision 2 (the current template) runs nginx:1.29."""
    d = c.kubectl_client.create("deployments", copy.deepcopy(DEPLOYMENT), "default")
    add_revision(c, d, 1, "nginx:1.28", "5d8f6b7c9")
    add_revision(c, d, 2, "nginx:1.29", "7c4b9d6f5",
                 cause="kubectl set image deployment/web nginx=nginx:1.29")
    return c


def template_of(c: Cluster) -> dict:
    return c.get("deployments", "web")["spec"]["template"]


# -- history -------------------------------------------------------------------------------
def test_history_lists_revisions_with_change_causes(history):
    """NamePrinter's line (its operation is the table, hence the space) and the table."""
    assert history.kubectl("rollout history deployment/web").splitlines() == [
        "deployment.apps/web ",
        "REVISION  CHANGE-CAUSE",
        "1         <none>",
        "2         kubectl set image deployment/web nginx=nginx:1.29",
    ]


def test_history_of_one_revision_describes_its_pod_template(history):
    out = history.kubectl("rollout history deployment web --revision=1")
    lines = out.splitlines()
    assert lines[0] == "deployment.apps/web with revision #1"
    assert lines[1] == "Pod Template:"
    # The template alone in describe's tabwriter: its columns are only as wide as it needs.
    assert lines[2:5] == ["  Labels:  app=web", "           pod-template-hash=5d8f6b7c9",
                          "  Containers:"]
    assert "    Image:         nginx:1.28" in lines
    with_cause = history.kubectl("rollout history deployment/web --revision=2")
    assert "  Annotations:  kubernetes.io/change-cause: kubectl set image deployment/web " \
           "nginx=nginx:1.29" in with_cause.splitlines()


def test_history_errors(history, c):
    assert str(failure(history, "rollout history deployment/web --revision=5")) == \
        "error: unable to find the specified revision"
    assert str(failure(history, "rollout history deployment/nope")) == \
        'Error from server (NotFound): deployments.apps "nope" not found'
    c.kubectl_client.create("deployments", {**copy.deepcopy(DEPLOYMENT),
                                            "metadata": {"name": "new"}}, "default")
    assert c.kubectl("rollout history deployment/new") == \
        "deployment.apps/new \nNo rollout history found."


# -- undo ----------------------------------------------------------------------------------
def test_undo_copies_the_previous_template_without_the_hash_label(history):
    assert history.kubectl("rollout undo deployment/web") == "deployment.apps/web rolled back"
    template = template_of(history)
    assert template["spec"]["containers"][0]["image"] == "nginx:1.28"
    assert template["metadata"]["labels"] == {"app": "web"}


def test_undo_to_revision_and_its_errors(history):
    """rollback.go: the messages for a missing and a current revision."""
    assert str(failure(history, "rollout undo deployment/web --to-revision=5")) == \
        "error: unable to find specified revision 5 in history"
    assert history.kubectl("rollout undo deployment/web --to-revision=2") == \
        "deployment.apps/web skipped rollback (current template already matches revision 2)"
    assert str(failure(history, "rollout undo deployment/web --to-revision=x")) == (
        'error: invalid argument "x" for "--to-revision" flag: strconv.ParseInt: parsing '
        '"x": invalid syntax\nSee \'kubectl rollout undo --help\' for usage.')
    assert template_of(history)["spec"]["containers"][0]["image"] == "nginx:1.29"
    history.kubectl("rollout pause deployment/web")
    assert str(failure(history, "rollout undo deployment/web --to-revision=1")) == (
        "error: you cannot rollback a paused deployment; resume it first with "
        "'kubectl rollout resume deployment/web' and try again")
    assert template_of(history)["spec"]["containers"][0]["image"] == "nginx:1.29"


def test_undo_dry_run_client_prints_the_template_and_changes_nothing(history):
    out = history.kubectl("rollout undo deployment/web --dry-run=client")
    assert out.splitlines()[:2] == ["deployment.apps/web Pod Template:", "  Labels:  app=web"]
    assert template_of(history)["spec"]["containers"][0]["image"] == "nginx:1.29"


def test_undo_without_history(c):
    c.kubectl_client.create("deployments", copy.deepcopy(DEPLOYMENT), "default")
    assert str(failure(c, "rollout undo deployment/web")) == \
        'error: no rollout history found for deployment "web"'


# -- pause, resume, restart ----------------------------------------------------------------
def test_pause_resume_and_their_errors(history):
    c = history
    assert c.kubectl("rollout pause deployment/web") == "deployment.apps/web paused"
    assert c.get("deployments", "web")["spec"]["paused"] is True
    assert str(failure(c, "rollout pause deployment web")) == \
        'error: deployments.apps "web" is already paused'
    assert str(failure(c, "rollout restart deployment/web")) == \
        'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)'
    assert c.kubectl("rollout resume deployment/web") == "deployment.apps/web resumed"
    assert not c.get("deployments", "web")["spec"].get("paused")
    assert str(failure(c, "rollout resume deployment/web")) == \
        'error: deployments.apps "web" is not paused'


def test_restart_stamps_the_template_with_the_virtual_time(history):
    c = history
    c.sim.advance(0)   # the clock as it stands; no controller runs
    assert c.kubectl("rollout restart deployment/web") == "deployment.apps/web restarted"
    annotations = template_of(c)["metadata"]["annotations"]
    assert annotations == {"kubectl.kubernetes.io/restartedAt": c.sim.timestamp()}


def test_usage_errors_match_kubectl(c):
    """Checked against /usr/local/bin/kubectl v1.35 without a server."""
    for verb in ("undo", "status", "history", "pause", "resume", "restart"):
        assert str(failure(c, f"rollout {verb}")) == "error: required resource not specified"
    help_text = str(failure(c, "rollout"))   # the help, as an error (exit status 1)
    assert help_text.startswith("Manage the rollout of one or many resources.\n")
    assert "  undo          Undo a previous rollout" in help_text.splitlines()
    assert str(failure(c, "rollout foo")) == \
        "error: unknown command \"foo\"\nSee 'kubectl rollout -h' for help and examples"
    assert str(failure(c, "rollout status deployment/web --revision=-1")) == \
        "error: revision must be a positive integer: -1"
    assert str(failure(c, "rollout status deployment/web --timeout=abc")) == (
        'error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\n'
        "See 'kubectl rollout status --help' for usage.")


# -- status --------------------------------------------------------------------------------
def deployment(generation: int, spec_replicas: int, **status) -> dict:
    return {"metadata": {"name": "foo", "generation": generation},
            "spec": {"replicas": spec_replicas}, "status": status}


@pytest.mark.parametrize("obj, line, done", [
    # The table of polymorphichelpers/rollout_status_test.go TestDeploymentStatusViewerStatus.
    (deployment(0, 1, observedGeneration=1, replicas=1, updatedReplicas=0, availableReplicas=1),
     'Waiting for deployment "foo" rollout to finish: 0 out of 1 new replicas have been '
     "updated...", False),
    (deployment(1, 1, observedGeneration=1, replicas=2, updatedReplicas=1, availableReplicas=2),
     'Waiting for deployment "foo" rollout to finish: 1 old replicas are pending '
     "termination...", False),
    (deployment(1, 2, observedGeneration=1, replicas=2, updatedReplicas=2, availableReplicas=1),
     'Waiting for deployment "foo" rollout to finish: 1 of 2 updated replicas are '
     "available...", False),
    (deployment(1, 2, observedGeneration=1, replicas=2, updatedReplicas=2, availableReplicas=2),
     'deployment "foo" successfully rolled out', True),
    (deployment(2, 2, observedGeneration=1, replicas=2, updatedReplicas=2, availableReplicas=2),
     "Waiting for deployment spec update to be observed...", False),
])
def test_deployment_status_viewer(obj, line, done):
    assert deployment_status(obj, 0) == (line, done)


def set_status(c: Cluster, **status) -> None:
    d = c.get("deployments", "web")
    d["status"] = {"observedGeneration": d["metadata"]["generation"], **status}
    c.kubectl_client.update_status("deployments", d)


def test_status_watches_until_rolled_out(c):
    """One line per change of the Deployment, while the virtual clock runs."""
    play_the_deployment_controller(c)
    c.kubectl_client.create("deployments", copy.deepcopy(DEPLOYMENT), "default")
    set_status(c, replicas=3, updatedReplicas=1, availableReplicas=2)
    c.sim.call_later(3, lambda: set_status(c, replicas=4, updatedReplicas=3,
                                           availableReplicas=3))
    c.sim.call_later(6, lambda: set_status(c, replicas=3, updatedReplicas=3,
                                           availableReplicas=2))
    c.sim.call_later(9, lambda: set_status(c, replicas=3, updatedReplicas=3,
                                           availableReplicas=3))
    start = c.sim.now
    assert c.kubectl("rollout status deployment/web").splitlines() == [
        'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been '
        "updated...",
        'Waiting for deployment "web" rollout to finish: 1 old replicas are pending '
        "termination...",
        'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are '
        "available...",
        'deployment "web" successfully rolled out',
    ]
    assert 9 <= c.sim.now - start <= 10


def test_status_without_watch_timeout_and_deadline(c):
    play_the_deployment_controller(c)
    c.kubectl_client.create("deployments", copy.deepcopy(DEPLOYMENT), "default")
    set_status(c, replicas=3, updatedReplicas=1, availableReplicas=1)
    first = ('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have '
             "been updated...")
    assert c.kubectl("rollout status deployment/web --watch=false") == first
    start = c.sim.now
    error = failure(c, "rollout status deployment/web --timeout=5s")
    assert (str(error), error.output) == ("error: timed out waiting for the condition", first)
    assert c.sim.now - start == 5
    set_status(c, replicas=3, updatedReplicas=1, availableReplicas=1, conditions=[
        {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}])
    assert str(failure(c, "rollout status deployment/web")) == \
        'error: deployment "web" exceeded its progress deadline'


def test_rollout_with_the_deployment_controller(c):
    """End to end: set image starts revision 2, status waits for it, undo goes back."""
    c.apply("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
            "  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n"
            "    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n"
            "      - name: nginx\n        image: nginx:1.28\n")
    if not c.run_until(lambda: c.list("replicasets", "default"), timeout=10):
        pytest.skip("the Deployment controller is not wired into the cluster yet")
    assert c.kubectl("rollout status deployment/web").endswith(
        'deployment "web" successfully rolled out')
    assert c.kubectl("set image deployment/web nginx=nginx:1.29") == \
        "deployment.apps/web image updated"
    out = c.kubectl("rollout status deployment/web")
    assert out.splitlines()[-1] == 'deployment "web" successfully rolled out'
    assert c.kubectl("rollout history deployment/web").splitlines()[1:] == [
        "REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>"]
    assert c.kubectl("rollout undo deployment/web") == "deployment.apps/web rolled back"
    c.kubectl("rollout status deployment/web")
    assert template_of(c)["spec"]["containers"][0]["image"] == "nginx:1.28"


def test_kinds_without_rollouts(c):
    """objectpauser.go and friends refuse what has no rollout; the error names the object."""
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n"
            "  containers: [{name: a, image: nginx}]\n")
    assert str(failure(c, "rollout pause pod/x")) == 'error: pods "x" pausing is not supported'
    assert str(failure(c, "rollout restart pod x")) == \
        'error: pods "x" restarting is not supported'
    assert str(failure(c, "rollout status pod/x")) == \
        "error: no status viewer has been implemented for Pod"
