"""CustomResourceDefinitions: registering a kind, serving it, validating, pruning,
defaulting and deleting it — with the CronTab example of the Kubernetes docs
(tasks/extend-kubernetes/custom-resources/custom-resource-definitions)."""

import pytest
import yaml

from k8s_model import Cluster, examples
from k8s_model.api import errors
from k8s_model.api.apiextensions.schema import default, prune
from k8s_model.api.apiextensions.schema_validation import validate
from k8s_model.kubectl.errors import KubectlError

CRD = "crontabs.stable.example.com"


@pytest.fixture
def c():
    return Cluster(nodes=1, seed=0)


@pytest.fixture
def crontabs(c):
    """A cluster with the docs' CRD (its validation, defaults and columns) applied."""
    c.kubectl("apply -f -", examples.crontab_crd(validation=True, printer_columns=True))
    return c


def crd_dict(**kwargs) -> dict:
    return yaml.safe_load(examples.crontab_crd(**kwargs))


def crontab(name="my-new-cron-object", **spec) -> dict:
    return {"apiVersion": "stable.example.com/v1", "kind": "CronTab",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"cronSpec": "* * * * */5", "image": "my-awesome-cron-image", **spec}}


def message(call) -> str:
    with pytest.raises(errors.ApiError) as caught:
        call()
    return caught.value.message


# -- registration: naming, establishing, serving ---------------------------------------------
def test_registering_the_crd_sets_upstream_conditions_and_serves_the_kind(c):
    c.kubectl("apply -f -", examples.crontab_crd())
    crd = c.kubectl_client.get("customresourcedefinitions", None, CRD)
    status = crd["status"]
    # naming_controller.go then establishing_controller.go, in this order
    assert [(x["type"], x["status"], x["reason"], x["message"]) for x in status["conditions"]] == [
        ("NamesAccepted", "True", "NoConflicts", "no conflicts found"),
        ("Established", "True", "InitialNamesAccepted", "the initial names have been accepted")]
    assert status["acceptedNames"] == {"kind": "CronTab", "listKind": "CronTabList",
                                       "plural": "crontabs", "shortNames": ["ct"],
                                       "singular": "crontab"}
    assert status["storedVersions"] == ["v1"]
    assert crd["spec"]["conversion"] == {"strategy": "None"}   # v1 defaults.go
    assert c.sim.now == 0.0   # established within the same virtual instant
    for name in ("crontabs", "crontab", "ct", "crontabs.stable.example.com"):
        assert c.api.resources.lookup(name).kind == "CronTab"


def test_the_kind_is_served_only_once_established(c):
    c.kubectl_client.create("customresourcedefinitions", crd_dict())
    assert c.api.resources.lookup("crontabs") is None   # the controllers have not run
    with pytest.raises(errors.ApiError):
        c.kubectl_client.create("crontabs", crontab())
    c.sim.settle()
    assert c.kubectl_client.create("crontabs", crontab())["kind"] == "CronTab"


def test_custom_objects_live_under_the_group_and_plural_in_etcd(crontabs):
    crontabs.kubectl_client.create("crontabs", crontab())
    # customresource_handler.go: ResourcePrefix is <group>/<plural>
    assert crontabs.store.get("/registry/stable.example.com/crontabs/default/my-new-cron-object")
    assert crontabs.store.get("/registry/apiextensions.k8s.io/customresourcedefinitions/" + CRD)


def test_a_name_in_use_in_the_group_is_not_accepted(crontabs):
    other = crd_dict()
    other["metadata"]["name"] = "crontables.stable.example.com"
    other["spec"]["names"].update(plural="crontables", singular="crontable", shortNames=["cb"])
    crontabs.kubectl_client.create("customresourcedefinitions", other)
    crontabs.sim.settle()
    status = crontabs.kubectl_client.get("customresourcedefinitions", None,
                                         "crontables.stable.example.com")["status"]
    assert [(x["type"], x["status"], x["reason"], x["message"]) for x in status["conditions"]] == [
        ("NamesAccepted", "False", "KindConflict", '"CronTab" is already in use'),
        ("Established", "False", "NotAccepted", "not all names are accepted")]
    assert crontabs.api.resources.lookup("crontables") is None


# -- the CRD's own validation (apiextensions validation.go) -----------------------------------
def _broken(change):
    crd = crd_dict()
    change(crd)
    return crd


CRD_ERRORS = [
    (lambda d: d["metadata"].update(name="crontab.stable.example.com"),
     'CustomResourceDefinition.apiextensions.k8s.io "crontab.stable.example.com" is invalid: '
     'metadata.name: Invalid value: "crontab.stable.example.com": '
     'must be spec.names.plural+"."+spec.group'),
    (lambda d: d["spec"].update(scope="Namespace"),
     f'CustomResourceDefinition.apiextensions.k8s.io "{CRD}" is invalid: spec.scope: '
     'Unsupported value: "Namespace": supported values: "Cluster", "Namespaced"'),
    (lambda d: d["spec"]["names"].pop("kind"),
     f'CustomResourceDefinition.apiextensions.k8s.io "{CRD}" is invalid: '
     '[spec.names.kind: Required value, spec.names.listKind: Required value]'),
    (lambda d: d["spec"]["versions"][0].pop("schema"),
     f'CustomResourceDefinition.apiextensions.k8s.io "{CRD}" is invalid: '
     'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required'),
    (lambda d: d["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
     .pop("type"),
     f'CustomResourceDefinition.apiextensions.k8s.io "{CRD}" is invalid: '
     'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: '
     'must not be empty for specified object fields'),
    (lambda d: d["spec"].update(group="example"),
     f'CustomResourceDefinition.apiextensions.k8s.io "{CRD}" is invalid: '
     '[metadata.name: Invalid value: "crontabs.stable.example.com": must be '
     'spec.names.plural+"."+spec.group, spec.group: Invalid value: "example": '
     'should be a domain with at least one dot]'),
]


@pytest.mark.parametrize("change,expected", CRD_ERRORS)
def test_crd_validation_messages(c, change, expected):
    assert message(lambda: c.kubectl_client.create("customresourcedefinitions",
                                                   _broken(change))) == expected
    assert c.kubectl_client.list("customresourcedefinitions") == []


def test_exactly_one_storage_version(c):
    crd = crd_dict()
    crd["spec"]["versions"][0]["storage"] = False
    text = message(lambda: c.kubectl_client.create("customresourcedefinitions", crd))
    assert text.startswith(f'CustomResourceDefinition.apiextensions.k8s.io "{CRD}" is invalid: '
                           'spec.versions: Invalid value: '
                           '[]apiextensions.CustomResourceDefinitionVersion{')
    assert text.endswith(": must have exactly one version marked as storage version")


def test_kubectl_prints_the_crd_error_as_upstream(c):
    with pytest.raises(KubectlError) as caught:
        c.kubectl("apply -f -", examples.crontab_crd().replace("scope: Namespaced",
                                                               "scope: Namespace"))
    assert str(caught.value) == (
        f'The CustomResourceDefinition "{CRD}" is invalid: spec.scope: Unsupported value: '
        '"Namespace": supported values: "Cluster", "Namespaced"')


# -- custom objects: schema validation (kube-openapi's messages) -------------------------------
def test_wrong_type_names_the_json_type_found(crontabs):
    # The brief's example, from kubeOpenAPIResultToFieldErrors (InvalidTypeCode)
    with pytest.raises(KubectlError) as caught:
        crontabs.kubectl("apply -f -", examples.crontab().replace(
            "image: my-awesome-cron-image", 'image: my-awesome-cron-image\n  replicas: "3"'))
    assert str(caught.value) == (
        'The CronTab "my-new-cron-object" is invalid: spec.replicas: Invalid value: "string": '
        'spec.replicas in body must be of type integer: "string"')


def test_the_docs_validation_example(crontabs):
    # The docs' "Validation" section: a cronSpec of four fields and 15 replicas
    text = message(lambda: crontabs.kubectl_client.create(
        "crontabs", crontab(cronSpec="* * * *", replicas=15)))
    assert text == (
        'CronTab.stable.example.com "my-new-cron-object" is invalid: ['
        'spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '
        "'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$', "
        'spec.replicas: Invalid value: 15: spec.replicas in body should be less than or '
        'equal to 10]')
    assert crontabs.kubectl_client.list("crontabs", "default") == []


SCHEMA = {
    "type": "object", "required": ["spec"],
    "properties": {"spec": {"type": "object", "required": ["size"], "properties": {
        "size": {"type": "string", "enum": ["small", "large"]},
        "count": {"type": "integer", "minimum": 1, "exclusiveMaximum": True, "maximum": 5},
        "name": {"type": "string", "minLength": 2, "maxLength": 4},
        "ratio": {"type": "number"},
        "note": {"type": "string", "nullable": True},
        "port": {"x-kubernetes-int-or-string": True},
        "tags": {"type": "array", "maxItems": 2, "items": {"type": "string"}},
        "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
    }}}}

# (value of spec, the field errors kube-openapi + kubeOpenAPIResultToFieldErrors give)
VALIDATION_CASES = [
    ({"size": "small"}, []),
    ({}, ["spec.size: Required value"]),
    ({"size": "medium"},
     ['spec.size: Unsupported value: "medium": supported values: "small", "large"']),
    ({"size": "small", "count": 0},
     ["spec.count: Invalid value: 0: spec.count in body should be greater than or equal to 1"]),
    ({"size": "small", "count": 5},
     ["spec.count: Invalid value: 5: spec.count in body should be less than 5"]),
    ({"size": "small", "name": "a"},
     ['spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long']),
    ({"size": "small", "name": "abcde"}, ["spec.name: Too long: may not be more than 4 bytes"]),
    ({"size": "small", "ratio": 1}, []),
    ({"size": "small", "count": 2.0}, []),
    ({"size": "small", "count": 2.5},
     ['spec.count: Invalid value: "number": spec.count in body must be of type integer: '
      '"number"']),
    ({"size": "small", "note": None}, []),
    ({"size": "small", "port": 80}, []),
    ({"size": "small", "port": True},
     ['spec.port: Invalid value: "boolean": spec.port in body must be of type '
      'integer,string: "boolean"']),
    ({"size": "small", "tags": ["a", 1]},
     ['spec.tags[1]: Invalid value: "integer": spec.tags[1] in body must be of type string: '
      '"integer"']),
    ({"size": "small", "tags": ["a", "b", "c"]}, ["spec.tags: Too many: 3: must have at most 2 items"]),
    ({"size": "small", "extra": {"anything": [1, {"x": 2}]}}, []),
]


@pytest.mark.parametrize("spec,expected", VALIDATION_CASES)
def test_schema_validation_messages(spec, expected):
    assert [str(e) for e in validate({"apiVersion": "x/v1", "kind": "X", "metadata": {},
                                      "spec": spec}, SCHEMA)] == expected


# -- pruning and defaulting -------------------------------------------------------------------
def test_pruning_drops_undeclared_fields_but_keeps_preserved_ones():
    obj = {"apiVersion": "x/v1", "kind": "X", "metadata": {"name": "a"}, "status": {"a": 1},
           "spec": {"size": "small", "foo": 1, "tags": ["a"], "extra": {"free": {"form": 1}}}}
    assert prune(obj, SCHEMA) == ["spec.foo", "status"]
    assert obj == {"apiVersion": "x/v1", "kind": "X", "metadata": {"name": "a"},
                   "spec": {"size": "small", "tags": ["a"], "extra": {"free": {"form": 1}}}}


def test_unknown_fields_fail_under_strict_validation_and_are_pruned_otherwise(crontabs):
    client = crontabs.kubectl_client
    body = crontab(foo="bar")
    assert message(lambda: client.create("crontabs", body)) == (
        'CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: '
        'unknown field "spec.foo"')
    created = client.create("crontabs", body, field_validation="Ignore")
    assert "foo" not in created["spec"]
    # kubectl sends fieldValidation=Strict by default
    with pytest.raises(KubectlError) as caught:
        crontabs.kubectl("apply -f -", examples.crontab(name="x").replace(
            "spec:\n", "spec:\n  foo: bar\n"))
    assert str(caught.value) == (
        'Error from server (BadRequest): error when creating "STDIN": CronTab in version "v1" '
        'cannot be handled as a CronTab: strict decoding error: unknown field "spec.foo"')


def test_schema_defaults_are_filled_in(c):
    # The docs' "Defaulting" section: cronSpec "5 0 * * *" and replicas 1
    c.kubectl("apply -f -", examples.crontab_crd(defaults=True))
    obj = crontab()
    del obj["spec"]["cronSpec"]
    created = c.kubectl_client.create("crontabs", obj)
    assert created["spec"] == {"cronSpec": "5 0 * * *", "image": "my-awesome-cron-image",
                               "replicas": 1}
    bare = c.kubectl_client.create("crontabs", {"apiVersion": "stable.example.com/v1",
                                                "kind": "CronTab", "metadata": {"name": "bare"}})
    assert "spec" not in bare   # defaults apply inside objects that exist


def test_defaulting_fills_null_non_nullable_fields():
    schema = {"type": "object", "properties": {"a": {"type": "integer", "default": 3},
                                               "b": {"type": "string"}}}
    obj = {"a": None, "b": None}
    default(obj, schema)
    assert obj == {"a": 3}


# -- the strategy: generation and the status subresource ---------------------------------------
def test_generation_and_status_subresource(c):
    c.kubectl("apply -f -", examples.crontab_crd(status=True))
    client = c.kubectl_client
    obj = crontab()
    obj["status"] = {"replicas": 9}
    created = client.create("crontabs", obj)
    assert "status" not in created and created["metadata"]["generation"] == 1
    created["status"] = {"replicas": 2}
    assert "status" not in client.update("crontabs", created)   # status is ignored
    updated = client.update_status("crontabs", {**created, "spec": {"image": "other"}})
    assert updated["status"] == {"replicas": 2}
    assert updated["spec"]["image"] == "my-awesome-cron-image"   # spec is ignored
    assert updated["metadata"]["generation"] == 1
    updated["spec"]["replicas"] = 3
    assert client.update("crontabs", updated)["metadata"]["generation"] == 2


def test_status_is_not_a_subresource_unless_the_crd_says_so(crontabs):
    created = crontabs.kubectl_client.create("crontabs", crontab())
    with pytest.raises(errors.ApiError) as caught:
        crontabs.kubectl_client.update_status("crontabs", created)
    assert (caught.value.code, caught.value.message) == (
        404, "the server could not find the requested resource")


# -- watch, deletion, namespaces and the garbage collector -------------------------------------
def test_a_watch_on_a_custom_resource_sees_its_changes(crontabs):
    seen = []
    crontabs.kubectl_client.watch("crontabs", lambda e: seen.append(
        (e.type, e.object["metadata"]["name"], e.resource.kind)))
    created = crontabs.kubectl_client.create("crontabs", crontab())
    created["spec"]["replicas"] = 2
    crontabs.kubectl_client.update("crontabs", created)
    crontabs.kubectl_client.delete("crontabs", "default", "my-new-cron-object")
    crontabs.sim.settle()
    assert seen == [("ADDED", "my-new-cron-object", "CronTab"),
                    ("MODIFIED", "my-new-cron-object", "CronTab"),
                    ("DELETED", "my-new-cron-object", "CronTab")]


def test_deleting_the_crd_deletes_its_objects_first(crontabs):
    crontabs.kubectl_client.create("crontabs", crontab())
    seen = []
    crontabs.kubectl_client.watch("customresourcedefinitions", lambda e: seen.append(
        (e.type, [(x["type"], x["status"], x["reason"])
                  for x in e.object["status"]["conditions"] if x["type"] == "Terminating"])),
        resource_version=str(crontabs.store.revision))
    crontabs.kubectl("delete crd crontabs.stable.example.com")
    # etcd.go Delete, then crd_finalizer.go
    assert seen == [
        ("MODIFIED", [("Terminating", "True", "InstanceDeletionPending")]),
        ("MODIFIED", [("Terminating", "True", "InstanceDeletionInProgress")]),
        ("MODIFIED", [("Terminating", "False", "InstanceDeletionCompleted")]),
        ("DELETED", [("Terminating", "False", "InstanceDeletionCompleted")])]
    assert not crontabs.store.range("/registry/stable.example.com/")
    assert crontabs.api.resources.lookup("crontabs") is None


def test_deleting_a_namespace_deletes_its_custom_objects(crontabs):
    crontabs.kubectl("create namespace team")
    obj = crontab()
    obj["metadata"]["namespace"] = "team"
    crontabs.kubectl_client.create("crontabs", obj)
    crontabs.kubectl("delete namespace team")
    crontabs.advance(10)
    assert crontabs.kubectl_client.get_or_none("namespaces", None, "team") is None
    assert not crontabs.store.range("/registry/stable.example.com/crontabs/team/")


def test_the_garbage_collector_deletes_what_a_custom_object_owns(crontabs):
    owner = crontabs.kubectl_client.create("crontabs", crontab())
    crontabs.kubectl_client.create("configmaps", {
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "owned", "namespace": "default", "ownerReferences": [
            {"apiVersion": "stable.example.com/v1", "kind": "CronTab",
             "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"]}]}})
    crontabs.advance(1)
    assert crontabs.kubectl_client.get_or_none("configmaps", "default", "owned")
    crontabs.kubectl_client.delete("crontabs", "default", "my-new-cron-object")
    crontabs.advance(1)
    assert crontabs.kubectl_client.get_or_none("configmaps", "default", "owned") is None
