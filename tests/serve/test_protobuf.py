"""Protobuf request bodies: the wire reader, the JSON the tables produce, and the real
kubectl v1.35's typed clients (`create deployment`, `auth can-i`, `autoscale` …) writing
through the served API.

Bodies are built by hand with the tiny encoder below; captured bodies of commands the model
cannot serve end to end (PodDisruptionBudget, PriorityClass) or whose answer is not stored
(reviews, TokenRequest) live in fixtures/protobuf_bodies.json.
"""

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from k8s_model.api import errors
from k8s_model.serve import routing
from k8s_model.serve.protobuf import Unmodelled, WireError, decode_body, wire
from k8s_model.serve.protobuf.decode import decode_message
from k8s_model.serve.protobuf.schema import MESSAGES, OBJECTS, SCALARS, UNMODELLED

FIXTURES = json.loads((Path(__file__).parent / "fixtures" / "protobuf_bodies.json").read_text())


# -- a tiny encoder: just enough protobuf to write test bodies --------------------------------
def varint(n: int) -> bytes:
    n &= (1 << 64) - 1   # negative ints are 10-byte two's complement
    out = b""
    while True:
        low, n = n & 0x7F, n >> 7
        out += bytes([low | (0x80 if n else 0)])
        if not n:
            return out


def num(field: int, n: int) -> bytes:
    return varint(field << 3 | wire.VARINT) + varint(n)


def ld(field: int, data) -> bytes:
    data = data.encode() if isinstance(data, str) else data
    return varint(field << 3 | wire.LEN) + varint(len(data)) + data


def entry(field: int, key: str, value) -> bytes:
    return ld(field, ld(1, key) + ld(2, value))


def envelope(api_version: str, kind: str, obj: bytes) -> bytes:
    return b"k8s\x00" + ld(1, ld(1, api_version) + ld(2, kind)) + ld(2, obj)


# -- the wire format -----------------------------------------------------------------------------
def test_varints_are_little_endian_groups_of_seven_bits():
    """protobuf.dev's example: 150 is 96 01."""
    assert wire.read_varint(b"\x96\x01", 0) == (150, 2)
    assert wire.read_varint(b"\x00\x01", 1) == (1, 2)
    assert varint(150) == b"\x96\x01"


def test_negative_ints_arrive_as_ten_byte_varints():
    assert len(varint(-1)) == 10
    value, _ = wire.read_varint(varint(-1), 0)
    assert wire.signed(value, 32) == -1 and wire.signed(value, 64) == -1
    assert wire.signed(wire.read_varint(varint(-2**31), 0)[0], 32) == -2**31


def test_fields_yields_every_wire_type():
    data = (num(1, 150) + varint(2 << 3 | wire.I64) + (7).to_bytes(8, "little")
            + ld(3, "hi") + varint(4 << 3 | wire.I32) + (9).to_bytes(4, "little"))
    assert list(wire.fields(data)) == [(1, 0, 150), (2, 1, 7), (3, 2, b"hi"), (4, 5, 9)]


@pytest.mark.parametrize("data, message", [
    (varint(1 << 3 | wire.LEN) + varint(5) + b"ab", "claims 5 bytes, only 2 left"),
    (varint(1 << 3 | 3), r"wire type 3 \(groups\)"),
    (b"\x08\x96", "end of data inside a varint"),
    (num(0, 1), "field number 0"),
])
def test_malformed_bytes_are_refused(data, message):
    with pytest.raises(WireError, match=message):
        list(wire.fields(data))


def test_packed_and_unpacked_repeated_ints_read_the_same():
    packed = decode_message("ContainerRestartRuleOnExitCodes", ld(1, "In") + ld(2, varint(1) + varint(42)), "")
    unpacked = decode_message("ContainerRestartRuleOnExitCodes", ld(1, "In") + num(2, 1) + num(2, 42), "")
    assert packed == unpacked == {"operator": "In", "values": [1, 42]}


# -- special types: JSON as apimachinery's MarshalJSON writes them --------------------------------
NEW_YEAR = 1767225600   # 2026-01-01T00:00:00Z, the model's epoch


@pytest.mark.parametrize("name, data, expected", [
    ("Time", num(1, NEW_YEAR + 5), "2026-01-01T00:00:05Z"),
    ("Time", num(1, NEW_YEAR) + num(2, 999_999_999), "2026-01-01T00:00:00Z"),   # whole seconds
    ("MicroTime", num(1, NEW_YEAR) + num(2, 5_000), "2026-01-01T00:00:00.000005Z"),
    ("Duration", num(1, 3600 * 10**9), "1h0m0s"),
    ("Duration", num(1, 1_500_000_000), "1.5s"),
    ("IntOrString", num(1, 0) + num(2, 8080), 8080),
    ("IntOrString", num(1, 1) + ld(3, "http"), "http"),
    ("IntOrString", b"", 0),
    ("Quantity", ld(1, "500m"), "500m"),
    ("RawExtension", ld(1, b'{"a": [1, true]}'), {"a": [1, True]}),
    ("RawExtension", ld(1, envelope("v1", "Namespace", ld(1, ld(1, "n")))),
     {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "n"}}),
    ("ExtraValue", ld(1, "a") + ld(1, "b"), ["a", "b"]),
])
def test_special_messages_have_their_own_json(name, data, expected):
    assert decode_message(name, data, "") == expected


def test_zero_time_is_left_out_and_a_set_one_is_rfc3339():
    """kubectl v1.35 sends creationTimestamp as an empty Time (Go's zero time.Time); its
    JSON leaves the field out, as `kubectl create … --dry-run=client -o json` shows."""
    meta = decode_message("ObjectMeta", ld(1, "web") + ld(8, b"") + ld(9, num(1, NEW_YEAR)), "")
    assert meta == {"name": "web", "deletionTimestamp": "2026-01-01T00:00:00Z"}


def test_maps_bytes_and_quantities():
    secret = decode_message("Secret", entry(2, "key", b"\x00\xffhi") + ld(3, "Opaque"), "")
    assert secret == {"data": {"key": "AP9oaQ=="}, "type": "Opaque"}
    quota = decode_message("ResourceQuotaSpec", entry(1, "cpu", ld(1, "2")) + entry(1, "pods", ld(1, "10")), "")
    assert quota == {"hard": {"cpu": "2", "pods": "10"}}
    # an entry whose value is empty leaves it out of the wire: "" for a string map
    assert decode_message("ObjectMeta", ld(11, ld(1, "app")), "") == {"labels": {"app": ""}}


def test_a_zero_time_in_a_map_is_null_and_bad_embedded_json_is_an_error():
    status = decode_message("PodDisruptionBudgetStatus", entry(2, "web-1", b""), "")
    assert status == {"disruptedPods": {"web-1": None}}
    with pytest.raises(WireError, match="embedded JSON"):
        decode_message("RawExtension", ld(1, b"{nope"), "")


def test_omitempty_pointers_and_required_fields():
    """Go writes every non-pointer field on the wire; JSON then drops zero values of
    `omitempty` fields but keeps pointers (replicas: 0) and fields without omitempty."""
    spec = decode_message("PodSpec", num(11, 0) + num(21, 0) + num(4, 0) + ld(6, ""), "")
    assert spec == {"terminationGracePeriodSeconds": 0, "automountServiceAccountToken": False,
                    "containers": None}   # hostNetwork and dnsPolicy dropped; no containers: null
    assert decode_message("DeploymentSpec", num(1, 0) + num(5, 0), "") == {"replicas": 0}
    assert decode_message("ContainerPort", num(2, 0) + num(3, 0) + ld(4, "TCP"), "") == \
        {"containerPort": 0, "protocol": "TCP"}
    assert decode_message("Toleration", num(5, -5), "") == {"tolerationSeconds": -5}


def test_inline_fields_join_their_parent():
    """ConfigMapKeySelector embeds LocalObjectReference with `json:",inline"`."""
    ref = ld(3, ld(1, ld(1, "settings")) + ld(2, "mode"))
    env = decode_message("EnvVar", ld(1, "MODE") + ld(3, ref), "")
    assert env == {"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "mode"}}}


def test_an_eviction_carries_delete_options():
    """What `kubectl drain` would send through a typed client (it sends JSON today)."""
    options = num(1, 0) + ld(2, ld(1, "uid-1")) + ld(4, "Background") + ld(5, "All")
    body = envelope("policy/v1", "Eviction", ld(1, ld(1, "web-1") + ld(3, "default")) + ld(2, options))
    assert decode_body(body) == {
        "kind": "Eviction", "apiVersion": "policy/v1",
        "metadata": {"name": "web-1", "namespace": "default"},
        "deleteOptions": {"gracePeriodSeconds": 0, "preconditions": {"uid": "uid-1"},
                          "propagationPolicy": "Background", "dryRun": ["All"]}}


# -- what is not modelled is refused, never guessed ---------------------------------------------------
def test_an_unknown_field_number_is_an_error():
    with pytest.raises(Unmodelled, match="field 9 of ConfigMap is not modelled"):
        decode_body(envelope("v1", "ConfigMap", ld(1, ld(1, "x")) + num(9, 1)))


def test_an_unmodelled_message_is_refused_when_it_says_something():
    container = ld(1, "web") + ld(10, num(4, 5))   # livenessProbe {periodSeconds: 5}
    spec = ld(3, ld(2, ld(2, container)))
    with pytest.raises(Unmodelled, match=r"spec.template.spec.containers\[0\].livenessProbe \(Probe\)"):
        decode_body(envelope("apps/v1", "Deployment", ld(2, spec)))
    empty = ld(3, ld(2, ld(2, ld(1, "web") + ld(10, b""))))
    assert decode_body(envelope("apps/v1", "Deployment", ld(2, empty)))["spec"] == \
        {"template": {"spec": {"containers": [{"name": "web", "livenessProbe": {}}]}}}


def test_unknown_kinds_and_foreign_bytes_are_refused():
    with pytest.raises(Unmodelled, match=r"Lease \(coordination.k8s.io/v1\) bodies are not modelled"):
        decode_body(envelope("coordination.k8s.io/v1", "Lease", b""))
    with pytest.raises(WireError, match="expected prefix"):
        decode_body(b'{"kind": "Pod"}')


def test_every_type_the_tables_name_is_known():
    """A typo in a table would otherwise read as 'not modelled' at the worst moment."""
    named = {f.type for table in MESSAGES.values() for f in table.values()}
    assert named - SCALARS - set(MESSAGES) - UNMODELLED == set()
    assert {kind for _, kind in OBJECTS} <= set(MESSAGES)


# -- the served API's hook --------------------------------------------------------------------
def test_body_json_decodes_protobuf_and_answers_415_for_the_unmodelled():
    body = envelope("v1", "Namespace", ld(1, ld(1, "team-a")))
    assert routing.body_json(body, "application/vnd.kubernetes.protobuf") == \
        {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "team-a"}}
    with pytest.raises(errors.ApiError) as refused:
        routing.body_json(envelope("v1", "Node", b""), "application/vnd.kubernetes.protobuf")
    assert refused.value.code == 415 and refused.value.status["reason"] == "UnsupportedMediaType"
    assert "protobuf: Node (v1) bodies are not modelled" in refused.value.status["message"]
    with pytest.raises(errors.ApiError) as garbled:
        routing.body_json(b"k8s\x00\x0a\x05ab", "application/vnd.kubernetes.protobuf")
    assert garbled.value.code == 400


# -- bodies the real kubectl v1.35 sent (fixtures/protobuf_bodies.json) ---------------------------
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_captured_bodies_decode_to_their_json(name):
    fixture = FIXTURES[name]
    assert decode_body(bytes.fromhex(fixture["body"])) == fixture["json"]


@pytest.mark.parametrize("name", [n for n in sorted(FIXTURES) if FIXTURES[n]["kubectl"].startswith("create p")])
def test_captured_bodies_match_kubectls_own_json(kubectl_binary, name, tmp_path):
    """The same object kubectl sent as protobuf, printed by kubectl as JSON: one dict."""
    command = FIXTURES[name]["kubectl"]
    done = subprocess.run([kubectl_binary, *command.split(), "--dry-run=client", "-o", "json"],
                          capture_output=True, text=True, env=dict(os.environ, HOME=str(tmp_path)),
                          timeout=60)
    assert json.loads(done.stdout) == FIXTURES[name]["json"]


# -- the real kubectl's typed clients against the served API ---------------------------------------
CREATES = [
    ("create deployment d1 --image=nginx --image=busybox --port=80 --replicas=3", "deployments", "d1"),
    ("create namespace team-a", "namespaces", "team-a"),
    ("create service clusterip s1 --tcp=80:8080", "services", "s1"),
    ("create service nodeport np1 --tcp=80:http --node-port=30080", "services", "np1"),
    ("create service externalname en1 --external-name=example.com", "services", "en1"),
    ("create configmap cm1 --from-literal=a=b --from-literal=c=d", "configmaps", "cm1"),
    ("create secret generic sec1 --from-literal=password=s3cr3t", "secrets", "sec1"),
    ("create job j1 --image=busybox -- sleep 5", "jobs", "j1"),
    ("create cronjob cj1 --image=busybox --schedule='*/5 * * * *'", "cronjobs", "cj1"),
    ("create role r1 --verb=get,list --resource=pods,deployments.apps", "roles", "r1"),
    ("create clusterrole cr1 --verb=get --resource=nodes", "clusterroles", "cr1"),
    ("create clusterrole agg --aggregation-rule=team=a", "clusterroles", "agg"),
    ("create rolebinding rb1 --role=r1 --user=bob --serviceaccount=default:default", "rolebindings", "rb1"),
    ("create clusterrolebinding crb1 --clusterrole=cr1 --group=devs", "clusterrolebindings", "crb1"),
    ("create quota q1 --hard=pods=10,cpu=2,memory=1Gi", "resourcequotas", "q1"),
    ("create ingress ing1 --class=nginx --rule=foo.com/bar*=svc1:8080,tls=cert", "ingresses", "ing1"),
    ("create serviceaccount sa1", "serviceaccounts", "sa1"),
    ("autoscale deploy web --min=2 --max=5 --cpu=60%", "horizontalpodautoscalers", "web"),
]


def _fresh_cluster():
    """The `served` fixture's cluster, built again: the same seed gives the same names,
    UIDs and resourceVersions."""
    from k8s_model import Cluster

    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.advance(30)
    return c


def _run(kubectl_binary, server, tmp_path, command: str) -> str:
    done = subprocess.run([kubectl_binary, *shlex.split(command)], capture_output=True, text=True,
                          env=dict(os.environ, KUBECONFIG=server.kubeconfig, HOME=str(tmp_path)),
                          timeout=60)
    return done.stdout + done.stderr


def _without_managed_fields(obj: dict) -> dict:
    obj["metadata"].pop("managedFields", None)   # the managers' names differ by client
    return obj


@pytest.mark.parametrize("command, plural, name", CREATES, ids=[c[0].split(" --")[0] for c in CREATES])
def test_typed_client_creates_what_the_model_creates(kubectl_binary, served, tmp_path, command, plural, name):
    """The real kubectl's protobuf body and the notebook's own `kubectl create` store the
    same object, and both print the same line."""
    cluster, server = served
    out = _run(kubectl_binary, server, tmp_path, command)
    model = _fresh_cluster()
    assert out.rstrip("\n") == model.kubectl(command)
    namespace = None if plural in ("namespaces", "clusterroles", "clusterrolebindings") else "default"
    assert _without_managed_fields(cluster.get(plural, name, namespace)) == \
        _without_managed_fields(model.get(plural, name, namespace))


@pytest.mark.parametrize("command", ["auth can-i get pods", "auth can-i create deployments.apps -n kube-system",
                                     "auth can-i get /healthz", "auth whoami"])
def test_review_commands_send_protobuf_and_print_what_the_model_prints(kubectl_binary, served, tmp_path, command):
    cluster, server = served
    assert _run(kubectl_binary, server, tmp_path, command).rstrip("\n") == cluster.kubectl(command)


def test_the_server_answers_415_with_the_reason(served):
    """client-go does not fall back to JSON for protobuf, so the message reaches the user."""
    _, server = served
    with pytest.raises(errors.ApiError) as refused:
        server.call("POST", "/api/v1/namespaces", {"Content-Type": "application/vnd.kubernetes.protobuf"},
                    envelope("v1", "Namespace", ld(1, ld(1, "x")) + ld(2, num(7, 1))))
    assert refused.value.code == 415
    assert "field 7 of NamespaceSpec at spec is not modelled" in refused.value.status["message"]
