"""A controller for a custom resource, written like the built-in ones: an informer on
the CRD's kind, a work queue of keys, and a level-triggered `reconcile` that acts only
through the API. This is the operator pattern the CronTab docs example stops short of:
the CRD gives the API a new noun, a controller gives it behaviour.

The CronTab controller here keeps `spec.replicas` Pods per CronTab, owned by it (so the
garbage collector removes them with it), and reports how many exist in
`status.replicas` through the status subresource."""

from k8s_model import Cluster, examples
from k8s_model.api.authz import User
from k8s_model.client import Client
from k8s_model.controllers.base import Controller, Informer, key_of, split_key


class CronTabController(Controller):
    name = "crontab-controller"

    def __init__(self, sim, client) -> None:
        super().__init__(sim, client)
        self.crontabs = Informer(client, "crontabs")   # a custom resource, like any other
        self.pods = Informer(client, "pods")
        self.enqueue_changes_of(self.crontabs)
        self.pods.add_handler(self._on_pod)

    def _on_pod(self, type_, pod, old) -> None:
        for ref in pod["metadata"].get("ownerReferences") or []:
            if ref.get("kind") == "CronTab" and ref.get("controller"):
                self.enqueue(f"{pod['metadata']['namespace']}/{ref['name']}")

    def reconcile(self, key: str) -> None:
        crontab = self.crontabs.get(key)
        if crontab is None or crontab["metadata"].get("deletionTimestamp"):
            return   # the garbage collector deletes what it owned
        namespace, name = split_key(key)
        uid = crontab["metadata"]["uid"]
        owned = sorted((p for p in self.pods.list(namespace)
                        if any(r.get("uid") == uid
                               for r in p["metadata"].get("ownerReferences") or [])),
                       key=lambda p: p["metadata"]["name"])
        wanted = crontab["spec"].get("replicas", 1)
        names = {p["metadata"]["name"] for p in owned}
        for i in range(wanted):
            if f"{name}-{i}" not in names:
                self.client.create("pods", self._pod(crontab, f"{name}-{i}"))
        for pod in owned[wanted:]:
            self.client.delete("pods", namespace, pod["metadata"]["name"])
        count = min(len(owned), wanted)
        if (crontab.get("status") or {}).get("replicas") != count:
            self.client.update_status("crontabs", {**crontab, "status": {"replicas": count}})

    @staticmethod
    def _pod(crontab: dict, name: str) -> dict:
        meta = crontab["metadata"]
        return {"apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": name, "namespace": meta["namespace"],
                             "labels": {"crontab": meta["name"]},
                             "ownerReferences": [{
                                 "apiVersion": crontab["apiVersion"], "kind": "CronTab",
                                 "name": meta["name"], "uid": meta["uid"],
                                 "controller": True, "blockOwnerDeletion": True}]},
                "spec": {"containers": [{"name": "cron", "image": crontab["spec"]["image"]}]}}


def start(cluster: Cluster) -> CronTabController:
    cluster.kubectl("apply -f -", examples.crontab_crd(status=True))
    client = Client(cluster.api, "crontab-controller", User("system:serviceaccount:default:crontab",
                                                            ("system:masters",)))
    return CronTabController(cluster.sim, client)


def owned_pods(cluster: Cluster) -> list[str]:
    return [p["metadata"]["name"] for p in
            cluster.kubectl_client.list("pods", "default", label_selector="crontab")]


def test_the_controller_acts_on_custom_objects():
    cluster = Cluster(nodes=1, seed=0)
    start(cluster)
    cluster.kubectl("apply -f -", examples.crontab(image="nginx:1.29", replicas=2))
    cluster.advance(1)
    assert owned_pods(cluster) == ["my-new-cron-object-0", "my-new-cron-object-1"]
    crontab = cluster.kubectl_client.get("crontabs", "default", "my-new-cron-object")
    assert crontab["status"] == {"replicas": 2}

    cluster.kubectl_client.patch("crontabs", "default", "my-new-cron-object",
                                 {"spec": {"replicas": 1}})
    cluster.advance(35)   # the removed Pod's grace period
    assert owned_pods(cluster) == ["my-new-cron-object-0"]
    crontab = cluster.kubectl_client.get("crontabs", "default", "my-new-cron-object")
    assert crontab["status"] == {"replicas": 1}
    assert crontab["metadata"]["generation"] == 2   # the spec changed once


def test_deleting_the_custom_object_deletes_what_its_controller_made():
    cluster = Cluster(nodes=1, seed=0)
    start(cluster)
    cluster.kubectl("apply -f -", examples.crontab(image="nginx:1.29", replicas=2))
    cluster.advance(1)
    cluster.kubectl("delete ct my-new-cron-object")
    cluster.advance(35)
    assert owned_pods(cluster) == []
    assert [key_of(p) for p in cluster.kubectl_client.list("pods", "default")] == []
