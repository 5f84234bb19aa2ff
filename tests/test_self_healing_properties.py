"""Self-healing under random faults (issue 4, "Done when"; DESIGN.md §9).

A hypothesis state machine drives a small cluster with two ReplicaSets through random
node failures and recoveries, pod deletions, relabelled pods, scales and clock advances.
After every step:

* no Pod runs on two nodes: its sandbox exists in at most one node's runtime;
* no node is over-committed: the requests of the Pods bound to it, terminating ones
  included (the scheduler counts them until they are gone), fit its allocatable;
* owners and dependents agree: a Pod has at most one controller reference, and it names a
  ReplicaSet that exists and whose selector matches the Pod's labels.

And once the faults stop (every node recovered, the clock run on), every ReplicaSet
converges: exactly `replicas` active Pods that match its selector, all owned by it and
Ready, none on a node that is not Ready.
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from k8s_model import Cluster
from k8s_model.examples import replica_set
from k8s_model.api.quantity import parse_quantity

NODES = ("node-1", "node-2", "node-3")
SETS = ("web", "api")


def manifest(name: str, replicas: int) -> str:
    return replica_set(name, replicas, image="nginx", container="app",
                       requests={"cpu": "500m", "memory": "1Gi"})


def _ready(obj: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in obj.get("status", {}).get("conditions") or [])


class SelfHealing(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.c = Cluster(nodes=len(NODES), cpu="4", memory="8Gi", seed=7)
        self.c.apply("---\n".join(manifest(name, 3) for name in SETS))
        self.c.advance(30)
        self.failed: set[str] = set()

    # -- faults and changes -----------------------------------------------------------------
    @rule(node=st.sampled_from(NODES))
    def fail_node(self, node):
        if node not in self.failed:
            self.c.fail_node(node)
            self.failed.add(node)
        self.c.advance(5)

    @rule(node=st.sampled_from(NODES))
    def recover_node(self, node):
        if node in self.failed:
            self.c.recover_node(node)
            self.failed.discard(node)
        self.c.advance(5)

    @rule(index=st.integers(0, 50))
    def delete_pod(self, index):
        pods = self._active_pods()
        if pods:
            self.c.kubectl(f"delete pod {pods[index % len(pods)]['metadata']['name']} --wait=false")
        self.c.advance(2)

    @rule(index=st.integers(0, 50))
    def relabel_pod(self, index):
        pods = self._active_pods()
        if pods:
            name = pods[index % len(pods)]["metadata"]["name"]
            self.c.kubectl(f"label pod {name} app=debug --overwrite")
        self.c.advance(2)

    @rule(name=st.sampled_from(SETS), replicas=st.integers(0, 5))
    def scale(self, name, replicas):
        self.c.kubectl(f"scale rs {name} --replicas={replicas}")
        self.c.advance(2)

    @rule(seconds=st.sampled_from((10, 60, 400)))
    def advance(self, seconds):
        self.c.advance(seconds)

    # -- invariants ----------------------------------------------------------------------------
    def _active_pods(self) -> list[dict]:
        return [p for p in self.c.list("pods", "default")
                if not p["metadata"].get("deletionTimestamp")
                and p.get("status", {}).get("phase") not in ("Succeeded", "Failed")]

    @invariant()
    def no_pod_on_two_nodes(self):
        where: dict[str, str] = {}
        for name, kubelet in self.c.kubelets.items():
            for sandbox in kubelet.runtime.sandboxes.values():
                if sandbox.state == "SANDBOX_READY":
                    assert where.setdefault(sandbox.uid, name) == name, \
                        f"pod {sandbox.name} runs on {where[sandbox.uid]} and {name}"

    @invariant()
    def no_node_overcommitted(self):
        used: dict[str, list[int]] = {}
        for pod in self.c.list("pods"):
            node = pod["spec"].get("nodeName")
            if not node or pod.get("status", {}).get("phase") in ("Succeeded", "Failed"):
                continue
            totals = used.setdefault(node, [0, 0, 0])
            for container in pod["spec"]["containers"]:
                requests = (container.get("resources") or {}).get("requests") or {}
                totals[0] += parse_quantity(requests.get("cpu", "0")).milli_value()
                totals[1] += parse_quantity(requests.get("memory", "0")).value()
            totals[2] += 1
        for node in self.c.list("nodes"):
            allocatable = node["status"]["allocatable"]
            cpu, memory, pods = used.get(node["metadata"]["name"], [0, 0, 0])
            assert cpu <= parse_quantity(allocatable["cpu"]).milli_value()
            assert memory <= parse_quantity(allocatable["memory"]).value()
            assert pods <= int(allocatable["pods"])

    @invariant()
    def owners_and_dependents_agree(self):
        sets = {rs["metadata"]["uid"]: rs for rs in self.c.list("replicasets", "default")}
        for pod in self.c.list("pods", "default"):
            controllers = [r for r in pod["metadata"].get("ownerReferences") or []
                           if r.get("controller")]
            assert len(controllers) <= 1
            for ref in controllers:
                rs = sets.get(ref["uid"])
                assert rs is not None, f"{pod['metadata']['name']} names a missing owner"
                selector = rs["spec"]["selector"]["matchLabels"]
                labels = pod["metadata"].get("labels") or {}
                assert all(labels.get(k) == v for k, v in selector.items()), \
                    f"{pod['metadata']['name']} is owned by {rs['metadata']['name']} " \
                    f"but no longer matches its selector"

    def teardown(self):
        for node in sorted(self.failed):
            self.c.recover_node(node)
        self.c.advance(900)
        ready_nodes = {n["metadata"]["name"] for n in self.c.list("nodes") if _ready(n)}
        assert ready_nodes >= set(NODES)
        pods = self._active_pods()
        for rs in self.c.list("replicasets", "default"):
            name, uid = rs["metadata"]["name"], rs["metadata"]["uid"]
            matching = [p for p in pods if (p["metadata"].get("labels") or {}).get("app") == name]
            assert len(matching) == rs["spec"]["replicas"], (name, len(matching))
            for pod in matching:
                refs = pod["metadata"].get("ownerReferences") or []
                assert [r["uid"] for r in refs if r.get("controller")] == [uid]
                assert _ready(pod), pod["metadata"]["name"]
                assert pod["spec"]["nodeName"] in ready_nodes
            assert rs["status"].get("readyReplicas", 0) == rs["spec"]["replicas"]


TestSelfHealing = SelfHealing.TestCase
TestSelfHealing.settings = settings(max_examples=12, stateful_step_count=12, deadline=None,
                                    derandomize=True,
                                    suppress_health_check=[HealthCheck.too_slow])
