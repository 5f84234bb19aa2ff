"""Field selectors: fields.ParseSelector, the API server's per-kind field-label conversion
(pkg/apis/core/v1, batch/v1 conversion.go) and the objects' selectable fields (GetAttrs)."""

import pytest

from k8s_model.api.fieldselectors import (FieldSelectorError, convert_field_label, field_set,
                                          parse_field_selector)

PARSE = [
    ("", ""),
    ("status.phase=Running", "status.phase=Running"),
    ("status.phase==Running", "status.phase=Running"),       # `==` prints as `=`
    ("status.phase!=Running,spec.nodeName=node-1", "spec.nodeName=node-1,status.phase!=Running"),
    ("a=b,", "a=b"),                                          # empty terms are skipped
    ("a=", "a="),
    ("a=b\\,c", "a=b,c"),                                     # escapes removed, not re-added
    ("a=b\\=c\\\\d", "a=b=c\\d"),
]


@pytest.mark.parametrize("text,want", PARSE)
def test_parse_and_string(text, want):
    """Terms are sorted as strings; hasTerm prints `=`, notHasTerm `!=`."""
    assert str(parse_field_selector(text)) == want


PARSE_ERRORS = [
    ("a", "invalid selector: 'a'; can't understand 'a'"),
    ("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
    ("a=b=c", "invalid field selector: unescaped character in value: 61"),
    ("a=b,c=d\\,e,f=g=h", "invalid field selector: unescaped character in value: 61"),
    ("a!==b", "invalid field selector: unescaped character in value: 61"),
    ("a=b\\c", "invalid field selector: invalid escape sequence: \\c"),
    ("a=b\\", "invalid field selector: invalid escape sequence: \\"),
]


@pytest.mark.parametrize("text,want", PARSE_ERRORS)
def test_parse_errors(text, want):
    """Syntax errors carry fields/selector.go's messages (a rune prints as its number)."""
    with pytest.raises(FieldSelectorError) as err:
        parse_field_selector(text)
    assert str(err.value) == want


CONVERT = [
    ("Pod", "status.phase", "status.phase"),
    ("Pod", "spec.host", "spec.nodeName"),                    # legacy alias
    ("Pod", "status.podIPs", "status.podIPs"),
    ("Node", "spec.unschedulable", "spec.unschedulable"),
    ("Namespace", "status.phase", "status.phase"),
    ("Secret", "type", "type"),
    ("Service", "spec.type", "spec.type"),
    ("Event", "involvedObject.name", "involvedObject.name"),
    ("Event", "source", "source"),
    ("ReplicationController", "status.replicas", "status.replicas"),
    ("Job", "status.successful", "status.successful"),
    ("Deployment", "metadata.name", "metadata.name"),
]


@pytest.mark.parametrize("kind,label,want", CONVERT)
def test_convert_field_label(kind, label, want):
    """ConvertFieldLabel accepts a kind's labels, renaming pods' legacy spec.host."""
    assert convert_field_label(kind, label, "v") == (want, "v")


ONLY_METADATA = '"{}" is not a known field selector: only "metadata.name", "metadata.namespace"'
REFUSED = [
    ("Pod", "foo", "field label not supported: foo"),
    ("Pod", "status.qosClass", "field label not supported: status.qosClass"),
    ("Node", "metadata.namespace", "field label not supported: metadata.namespace"),
    ("Job", "status.active", 'field label "status.active" not supported for Job'),
    # apps/v1 registers no conversion: only metadata.* (kubernetes issue #135136)
    ("ReplicaSet", "status.replicas", ONLY_METADATA.format("status.replicas")),
    ("ConfigMap", "data.x", ONLY_METADATA.format("data.x")),
]


@pytest.mark.parametrize("kind,label,want", REFUSED)
def test_refused_field_labels(kind, label, want):
    """Unsupported labels are refused with the kind's own (inconsistent) message."""
    with pytest.raises(FieldSelectorError) as err:
        convert_field_label(kind, label, "v")
    assert str(err.value) == want


def test_parse_for_kind_converts_every_term():
    """parse_field_selector(text, kind) runs the conversion over each term."""
    sel = parse_field_selector("spec.host=node-1", "Pod")
    assert str(sel) == "spec.nodeName=node-1"
    with pytest.raises(FieldSelectorError, match="^field label not supported: foo$"):
        parse_field_selector("foo=bar", "Pod")


POD = {"kind": "Pod", "metadata": {"name": "web-1", "namespace": "default"},
       "spec": {"nodeName": "node-1", "restartPolicy": "Always", "schedulerName":
                "default-scheduler", "serviceAccountName": "default"},
       "status": {"phase": "Running", "podIP": "10.244.1.5",
                  "podIPs": [{"ip": "10.244.1.5"}]}}


def test_pod_field_set():
    """A Pod's selectable fields; hostNetwork defaults to "false"."""
    assert field_set(POD) == {
        "metadata.name": "web-1", "metadata.namespace": "default",
        "spec.nodeName": "node-1", "spec.restartPolicy": "Always",
        "spec.schedulerName": "default-scheduler", "spec.serviceAccountName": "default",
        "spec.hostNetwork": "false", "status.phase": "Running", "status.podIP": "10.244.1.5",
        "status.nominatedNodeName": ""}


FIELD_SETS = [
    ({"kind": "Node", "metadata": {"name": "n1"}, "spec": {"unschedulable": True}},
     {"metadata.name": "n1", "spec.unschedulable": "true"}),
    ({"kind": "Namespace", "metadata": {"name": "dev"}, "status": {"phase": "Active"}},
     {"metadata.name": "dev", "status.phase": "Active"}),
    ({"kind": "Secret", "metadata": {"name": "s", "namespace": "d"}, "type": "Opaque"},
     {"metadata.name": "s", "metadata.namespace": "d", "type": "Opaque"}),
    ({"kind": "ReplicaSet", "metadata": {"name": "r", "namespace": "d"}, "status": {}},
     {"metadata.name": "r", "metadata.namespace": "d", "status.replicas": "0"}),
    ({"kind": "Job", "metadata": {"name": "j", "namespace": "d"}, "status": {"succeeded": 2}},
     {"metadata.name": "j", "metadata.namespace": "d", "status.successful": "2"}),
    ({"kind": "Service", "metadata": {"name": "web", "namespace": "d"},
      "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.10"}},
     {"metadata.name": "web", "metadata.namespace": "d", "spec.clusterIP": "10.96.0.10",
      "spec.type": "ClusterIP"}),
    ({"kind": "Deployment", "metadata": {"name": "web", "namespace": "d"}},
     {"metadata.name": "web", "metadata.namespace": "d"}),
]


@pytest.mark.parametrize("obj,want", FIELD_SETS)
def test_field_sets(obj, want):
    """GetAttrs per kind: counts as decimal strings, booleans as true/false."""
    assert field_set(obj) == want


def test_event_source_falls_back_to_reporting_component():
    """An Event's `source` is source.component, else reportingComponent."""
    event = {"kind": "Event", "metadata": {"name": "e", "namespace": "d"},
             "involvedObject": {"kind": "Pod", "name": "web-1"}, "reason": "Scheduled",
             "type": "Normal", "reportingComponent": "default-scheduler"}
    fields = field_set(event)
    assert fields["source"] == "default-scheduler"
    assert fields["involvedObject.kind"] == "Pod" and fields["involvedObject.uid"] == ""
    event["source"] = {"component": "kubelet"}
    assert field_set(event)["source"] == "kubelet"


MATCHES = [
    ("status.phase=Running", True),
    ("status.phase!=Running", False),
    ("spec.nodeName=node-1,status.phase==Running", True),
    ("status.nominatedNodeName=", True),      # unset fields read as ""
    ("status.podIPs=10.244.1.5", False),      # accepted, but never a selectable field
]


@pytest.mark.parametrize("text,want", MATCHES)
def test_matches_pod(text, want):
    """Selectors match the object's field set; a missing field reads as ""."""
    assert parse_field_selector(text, "Pod").matches(field_set(POD)) is want


def test_field_selector_error_is_a_selector_error():
    """One `except SelectorError` turns either selector's mistake into a 400."""
    from k8s_model.api.selectors import SelectorError
    with pytest.raises(SelectorError):
        parse_field_selector("nonsense")
