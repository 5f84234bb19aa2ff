"""The official Python client (`kubernetes` 35.0.0) against the served cluster.

Its models are generated from the OpenAPI document and validate on the way in
(client_side_validation): a required field the model's server leaves out, or an enum
value it misspells, fails deserialisation. So every object read here must become a typed
V1Pod, V1Node, V1Deployment…; errors must parse as V1Status. Examples follow the
client's own README and examples/ (watch/timeout-settings.md, pagination).
"""

import json
import threading
from types import SimpleNamespace

import pytest
from kubernetes import client, config, watch   # the test extra installs it: never skipped
from kubernetes.client.rest import ApiException

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "solo", "labels": {"run": "solo"}},
       "spec": {"containers": [{"name": "solo", "image": "nginx"}]}}


@pytest.fixture
def api(served):
    cluster, server = served
    api_client = config.new_client_from_config(config_file=server.kubeconfig)
    yield SimpleNamespace(client=api_client, core=client.CoreV1Api(api_client),
                          apps=client.AppsV1Api(api_client), cluster=cluster, server=server)
    api_client.close()


def status_of(api, error: ApiException) -> client.V1Status:
    return api.client.deserialize(SimpleNamespace(data=error.body), "V1Status")


def test_every_list_deserialises_into_typed_models(api):
    nodes = api.core.list_node()   # NodeSystemInfo.kubeProxyVersion is required: served as ""
    assert [n.metadata.name for n in nodes.items] == ["controlplane", "node-1", "node-2"]
    assert nodes.items[0].status.node_info.kube_proxy_version == ""
    pods = api.core.list_pod_for_all_namespaces()
    assert all(isinstance(p, client.V1Pod) for p in pods.items) and len(pods.items) == 11
    deployments = api.apps.list_deployment_for_all_namespaces()
    assert sorted(d.metadata.name for d in deployments.items) == ["coredns", "web"]
    for lister in (api.core.list_service_for_all_namespaces, api.core.list_event_for_all_namespaces,
                   api.core.list_namespace, api.apps.list_replica_set_for_all_namespaces,
                   api.apps.list_daemon_set_for_all_namespaces,
                   api.core.list_service_account_for_all_namespaces,
                   api.core.list_config_map_for_all_namespaces):
        assert lister().items


def test_selectors(api):
    web = api.core.list_namespaced_pod("default", label_selector="app=web")
    assert len(web.items) == 2
    on_node = api.core.list_pod_for_all_namespaces(field_selector="spec.nodeName=node-1")
    assert {p.spec.node_name for p in on_node.items} == {"node-1"}
    assert api.cluster.kubectl("get pods -A --field-selector spec.nodeName=node-1 -o name") == \
        "\n".join(f"pod/{p.metadata.name}" for p in on_node.items)


def test_limit_and_continue_page_through_a_list(api):
    whole = [p.metadata.name for p in api.core.list_pod_for_all_namespaces().items]
    first = api.core.list_pod_for_all_namespaces(limit=4)
    assert len(first.items) == 4 and first.metadata._continue
    assert first.metadata.remaining_item_count == len(whole) - 4
    names, page = [p.metadata.name for p in first.items], first
    while page.metadata._continue:
        page = api.core.list_pod_for_all_namespaces(limit=4, _continue=page.metadata._continue)
        assert page.metadata.resource_version == first.metadata.resource_version
        names += [p.metadata.name for p in page.items]
    assert names == whole and page.metadata.remaining_item_count is None
    # With a selector the server cannot count what remains (ListMeta.remainingItemCount).
    selected = api.core.list_pod_for_all_namespaces(limit=1, label_selector="app=web")
    assert selected.metadata._continue and selected.metadata.remaining_item_count is None
    with pytest.raises(ApiException) as bad:
        api.core.list_pod_for_all_namespaces(limit=1, _continue="not-a-token")
    assert bad.value.status == 400 and status_of(api, bad.value).reason == "BadRequest"


def test_create_read_replace_patch(api):
    created = api.core.create_namespaced_pod("default", POD)
    assert isinstance(created, client.V1Pod) and created.spec.restart_policy == "Always"
    pod = api.core.read_namespaced_pod("solo", "default")
    pod.metadata.labels["tier"] = "web"
    replaced = api.core.replace_namespaced_pod("solo", "default", pod)
    assert replaced.metadata.labels == {"run": "solo", "tier": "web"}
    # A dict body goes as application/strategic-merge-patch+json (rest.py), a list as a
    # JSON patch.
    patched = api.core.patch_namespaced_pod("solo", "default", {"metadata": {"labels": {"x": "y"}}})
    assert patched.metadata.labels == {"run": "solo", "tier": "web", "x": "y"}
    patched = api.core.patch_namespaced_pod(
        "solo", "default", [{"op": "remove", "path": "/metadata/labels/x"}])
    assert patched.metadata.labels == {"run": "solo", "tier": "web"}
    deployment = api.apps.patch_namespaced_deployment("web", "default", {"spec": {"replicas": 3}})
    assert isinstance(deployment, client.V1Deployment) and deployment.spec.replicas == 3
    # Strategic: containers merge by name (a JSON merge patch would replace the list).
    api.cluster.kubectl("create deployment two --image=nginx --image=busybox")
    two = api.apps.patch_namespaced_deployment("two", "default", {"spec": {"template": {"spec": {
        "containers": [{"name": "nginx", "image": "nginx:1.29"}]}}}})
    assert [(c.name, c.image) for c in two.spec.template.spec.containers] == \
        [("nginx", "nginx:1.29"), ("busybox", "busybox")]
    assert api.apps.read_namespaced_deployment_scale("web", "default").spec.replicas == 3
    api.cluster.advance(10)
    assert api.apps.read_namespaced_deployment("web", "default").status.ready_replicas == 3


def test_errors_are_statuses(api):
    with pytest.raises(ApiException) as missing:
        api.core.read_namespaced_pod("nope", "default")
    status = status_of(api, missing.value)
    assert (missing.value.status, missing.value.reason) == (404, "Not Found")
    assert (status.reason, status.message) == ("NotFound", 'pods "nope" not found')
    assert (status.details.name, status.details.kind) == ("nope", "pods")

    api.core.create_namespaced_pod("default", POD)
    with pytest.raises(ApiException) as exists:
        api.core.create_namespaced_pod("default", POD)
    assert exists.value.status == 409 and status_of(api, exists.value).reason == "AlreadyExists"

    stale = api.apps.read_namespaced_deployment("web", "default")
    api.apps.patch_namespaced_deployment("web", "default", {"spec": {"replicas": 1}})
    with pytest.raises(ApiException) as conflict:
        api.apps.replace_namespaced_deployment("web", "default", stale)
    assert status_of(api, conflict.value).reason == "Conflict"

    bad = dict(POD, metadata={"name": "empty"}, spec={"containers": []})
    with pytest.raises(ApiException) as invalid:
        api.core.create_namespaced_pod("default", bad)
    status = status_of(api, invalid.value)
    assert invalid.value.status == 422 and status.reason == "Invalid"
    assert status.message == 'Pod "empty" is invalid: spec.containers: Required value'
    assert [(c.reason, c.field) for c in status.details.causes] == \
        [("FieldValueRequired", "spec.containers")]


def test_delete_with_propagation_policy(api):
    cluster = api.cluster
    replica_set = cluster.kubectl("get rs -o name").removeprefix("replicaset.apps/")
    # Foreground: the Deployment waits, with its finalizer, for its dependents to go.
    api.apps.delete_namespaced_deployment("web", "default", propagation_policy="Foreground")
    dying = api.apps.read_namespaced_deployment("web", "default")
    assert dying.metadata.deletion_timestamp is not None
    assert dying.metadata.finalizers == ["foregroundDeletion"]
    cluster.advance(60)
    for read in (lambda: api.apps.read_namespaced_deployment("web", "default"),
                 lambda: api.apps.read_namespaced_replica_set(replica_set, "default")):
        with pytest.raises(ApiException) as gone:
            read()
        assert gone.value.status == 404
    # Orphan: the ReplicaSet stays, without its owner.
    cluster.kubectl("create deployment web --image=nginx --replicas=1")
    cluster.advance(10)
    replica_set = cluster.kubectl("get rs -o name").removeprefix("replicaset.apps/")
    api.apps.delete_namespaced_deployment("web", "default", propagation_policy="Orphan")
    cluster.advance(10)
    orphan = api.apps.read_namespaced_replica_set(replica_set, "default")
    assert orphan.metadata.owner_references is None
    # A Pod not bound to a node goes at once; the answer is the Pod as it was deleted.
    api.core.create_namespaced_pod("default", POD)
    deleted = api.core.delete_namespaced_pod("solo", "default", grace_period_seconds=0)
    assert deleted.kind == "Pod"


def _stream(api, lister, namespace, **kwargs):
    """Run a watch in a thread (as a program's informer would); its events so far."""
    events: list = []
    done = threading.Event()

    def run():
        try:
            for event in watch.Watch().stream(lister, namespace, **kwargs):
                events.append(event)
        except Exception as error:   # the failure, for the test to see
            events.append(error)
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return events, done


def test_watch_from_a_resource_version_ends_after_timeout_seconds(api):
    """The test advances virtual time while the client watches; the stream ends by
    itself after `timeoutSeconds` of wall-clock time, as kube-apiserver's does."""
    cluster, server = api.cluster, api.server
    listed = api.core.list_namespaced_pod("default")
    events, done = _stream(api, api.core.list_namespaced_pod, "default", timeout_seconds=3,
                           resource_version=listed.metadata.resource_version,
                           label_selector="run=solo")
    deployments, deployments_done = _stream(
        api, api.apps.list_namespaced_deployment, "default", timeout_seconds=3,
        resource_version=listed.metadata.resource_version)
    assert _wait(lambda: server.open_watches == 2)
    cluster.kubectl("run solo --image=nginx")
    cluster.kubectl("scale deployment web --replicas=3")
    cluster.advance(10)
    assert done.wait(60) and deployments_done.wait(60)   # ended by the server, not the test
    assert all(isinstance(e, dict) for e in events + deployments), events + deployments
    # From the listed resourceVersion on: only what happened since, each event typed.
    assert events[0]["type"] == "ADDED" and isinstance(events[0]["object"], client.V1Pod)
    assert [e["object"].status.phase for e in events][-1] == "Running"
    assert {e["object"].metadata.name for e in events} == {"solo"}
    assert all(isinstance(e["object"], client.V1Deployment) for e in deployments)
    assert deployments[0]["type"] == "MODIFIED" and deployments[0]["object"].spec.replicas == 3
    assert deployments[-1]["object"].status.ready_replicas == 3


def test_watch_from_a_compacted_resource_version_is_410_gone(api):
    cluster = api.cluster
    old = api.core.list_namespaced_pod("default").metadata.resource_version
    cluster.kubectl("create configmap one")
    cluster.kubectl("create configmap two")
    cluster.store.compact(cluster.store.revision)   # history before the newest write is gone
    events, done = _stream(api, api.core.list_namespaced_pod, "default", timeout_seconds=5,
                           resource_version=old)
    assert done.wait(60)
    assert isinstance(events[-1], ApiException) and events[-1].status == 410
    # watch_cache.go: the version asked for, then the newest one no longer kept
    assert events[-1].reason == \
        f"Expired: too old resource version: {old} ({cluster.store.compact_revision})"


def _wait(predicate) -> bool:
    done = threading.Event()
    for _ in range(600):
        if predicate():
            return True
        done.wait(0.05)
    return False


def test_review_endpoints_answer_for_the_requesting_user(api):
    authorization = client.AuthorizationV1Api(api.client)
    question = client.V1SelfSubjectAccessReview(spec=client.V1SelfSubjectAccessReviewSpec(
        resource_attributes=client.V1ResourceAttributes(verb="create", resource="pods",
                                                        namespace="default")))
    answer = authorization.create_self_subject_access_review(question)
    assert isinstance(answer, client.V1SelfSubjectAccessReview) and answer.status.allowed
    rules = authorization.create_self_subject_rules_review(client.V1SelfSubjectRulesReview(
        spec=client.V1SelfSubjectRulesReviewSpec(namespace="default")))
    assert {"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]} in \
        [api.client.sanitize_for_serialization(r) for r in rules.status.resource_rules]
    me = client.AuthenticationV1Api(api.client).create_self_subject_review(
        client.V1SelfSubjectReview())
    assert me.status.user_info.username == "kubernetes-admin"
    assert me.status.user_info.groups == ["kubeadm:cluster-admins", "system:authenticated"]

    # Impersonate-User: the question is asked about jane, who has no Role.
    api.client.set_default_header("Impersonate-User", "jane")
    answer = authorization.create_self_subject_access_review(question)
    assert answer.status.allowed is False
    assert api.cluster.kubectl("auth can-i create pods --as=jane") == "no"
    me = client.AuthenticationV1Api(api.client).create_self_subject_review(
        client.V1SelfSubjectReview())
    assert (me.status.user_info.username, me.status.user_info.groups) == \
        ("jane", ["system:authenticated"])


def test_reviews_are_create_only(api):
    import urllib3

    http = urllib3.PoolManager(ca_certs=str(api.server.ca_file))
    response = http.request("GET", api.server.url +
                            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                            headers={"Authorization": f"Bearer {api.server.token}"})
    assert response.status == 405
    assert json.loads(response.data)["reason"] == "MethodNotAllowed"
