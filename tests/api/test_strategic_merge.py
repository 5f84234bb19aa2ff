"""Strategic merge patch as the API server applies it (k8s_model/api/strategic_merge.py).

The cases with a `current`/`patch`/`result` triple are upstream's
apimachinery/pkg/util/strategicpatch/patch_test.go cases (Current, ThreeWay, Result),
with its test type's `mergingList` (merge key `name`) played by a PodSpec's `containers`
and `mergingIntList` by `metadata.finalizers` (a merge list of strings).
"""

import pytest

from k8s_model.api import errors
from k8s_model.api.patch import apply_patch
from k8s_model.api.strategic_merge import schema_for, strategic_merge_patch

POD = schema_for("", "v1", "Pod")
DEPLOYMENT = schema_for("apps", "v1", "Deployment")


def containers(*names, **extra):
    return [{"name": n, **extra.get(n, {})} for n in names]


def pod(items):
    return {"spec": {"containers": items}}


def finalizers(*values):
    return {"metadata": {"finalizers": list(values)}}


ORDER = "$setElementOrder/containers"

CASES = [
    ("containers merge by name: one changes, the other stays",
     pod(containers("web", "log", web={"image": "nginx:1.26"}, log={"image": "busybox"})),
     pod(containers("web", web={"image": "nginx:1.27"})),
     pod(containers("web", "log", web={"image": "nginx:1.27"}, log={"image": "busybox"}))),
    ("a new container is appended",
     pod(containers("web")), pod(containers("side")), pod(containers("web", "side"))),
    ("$patch: delete removes the item with that key",
     pod(containers("web", "log")), pod([{"name": "log", "$patch": "delete"}]),
     pod(containers("web"))),
    ("$patch: replace in a list makes the rest of the patch the whole list",
     pod(containers("web", "log")), pod([{"$patch": "replace"}, {"name": "new"}]),
     pod(containers("new"))),
    ("null deletes a key",
     pod(containers("web", web={"image": "x", "tty": True})),
     pod([{"name": "web", "tty": None}]), pod(containers("web", web={"image": "x"}))),
    # patch_test.go "set elements order in a list with server-only items 2"
    ("$setElementOrder keeps server-only items where they were",
     pod(containers("1", "2", "9", "3", "4", **{"1": {"other": "a"}})),
     {"spec": {ORDER: [{"name": n} for n in ("2", "1", "4", "3")]}},
     pod(containers("2", "1", "9", "4", "3", **{"1": {"other": "a"}}))),
    # "set elements order in a list with server-only items 3"
    ("$setElementOrder with a run of server-only items",
     pod(containers("1", "2", "7", "9", "8", "3", "4")),
     {"spec": {ORDER: [{"name": n} for n in ("2", "1", "4", "3")]}},
     pod(containers("2", "1", "7", "9", "8", "4", "3"))),
    # "add multiple items in a int list and preserve order"
    ("finalizers: $setElementOrder places the added values",
     finalizers("1", "2"),
     {"metadata": {"$setElementOrder/finalizers": ["1", "4", "2", "3"], "finalizers": ["4", "3"]}},
     finalizers("1", "4", "2", "3")),
    # "add and delete an item in a int list and preserve order"
    ("finalizers: add, delete and reorder at once",
     finalizers("1", "2", "3"),
     {"metadata": {"$setElementOrder/finalizers": ["4", "2", "1"], "finalizers": ["4"],
                   "$deleteFromPrimitiveList/finalizers": ["3"]}},
     finalizers("4", "2", "1")),
    # "behavior of set element order for a merging int list with duplicate"
    ("finalizers: duplicates follow Go's stable sort",
     finalizers("1", "2", "3", "2", "4"),
     {"metadata": {"$setElementOrder/finalizers": ["2", "1", "4", "3", "2"]}},
     finalizers("2", "2", "1", "4", "3")),
    ("finalizers: a merge list of scalars is a union", finalizers("a", "b"),
     finalizers("c", "a"), finalizers("c", "a", "b")),
    ("tolerations have no strategy: the patch's list replaces the live one",
     {"spec": {"tolerations": [{"key": "a"}, {"key": "b"}]}},
     {"spec": {"tolerations": [{"key": "c"}]}}, {"spec": {"tolerations": [{"key": "c"}]}}),
    ("volumes merge by name, and retainKeys clears the old volume source",
     {"spec": {"volumes": [{"name": "data", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "c"}}]}},
     {"spec": {"volumes": [{"name": "data", "$retainKeys": ["name", "hostPath"],
                            "hostPath": {"path": "/srv"}}]}},
     {"spec": {"volumes": [{"name": "data", "hostPath": {"path": "/srv"}},
                           {"name": "cfg", "configMap": {"name": "c"}}]}}),
    ("$patch: replace in a map replaces the whole map",
     {"metadata": {"labels": {"a": "1", "b": "2"}}},
     {"metadata": {"labels": {"$patch": "replace", "c": "3"}}}, {"metadata": {"labels": {"c": "3"}}}),
    ("$patch: delete in a map empties it",
     {"metadata": {"labels": {"a": "1"}}}, {"metadata": {"labels": {"$patch": "delete"}}},
     {"metadata": {"labels": {}}}),
]


@pytest.mark.parametrize("name,current,patch,result", CASES, ids=[c[0] for c in CASES])
def test_strategic_merge_patch(name, current, patch, result):
    assert strategic_merge_patch(current, patch, POD) == result


def test_retain_keys_on_a_deployment_strategy():
    """Switching to Recreate clears rollingUpdate only when $retainKeys says so
    (DeploymentSpec.strategy has patchStrategy retainKeys)."""
    live = {"spec": {"strategy": {"type": "RollingUpdate",
                                  "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}}}
    plain = {"spec": {"strategy": {"type": "Recreate"}}}
    assert strategic_merge_patch(live, plain, DEPLOYMENT)["spec"]["strategy"]["rollingUpdate"]
    retained = {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}
    assert strategic_merge_patch(live, retained, DEPLOYMENT) == \
        {"spec": {"strategy": {"type": "Recreate"}}}


def test_inputs_are_not_changed():
    live, patch = pod(containers("web")), pod(containers("web", web={"image": "x"}))
    strategic_merge_patch(live, patch, POD)
    assert live == pod(containers("web")) and patch == pod(containers("web", web={"image": "x"}))


BAD = [
    # (patch, code, reason, message) — mergepatch/errors.go and patch.go texts, with the
    # status handlers/patch.go interpretStrategicMergePatchError gives them.
    ({"metadata": {"finalizers": ["a"], "$deleteFromPrimitiveListfinalizers": ["a"]}}, 400,
     "BadRequest", "invalid patch format of primitive list"),
    ({"spec": {"$setElementOrdercontainers": []}}, 400, "BadRequest",
     "invalid patch format of setElementOrder list"),
    ({"spec": {"$retainKeys": ["containers"], "nodeName": "n"}}, 400, "BadRequest",
     "invalid patch format of retainKeys"),
    ({"spec": {"$retainKeys": "containers"}}, 400, "BadRequest", "invalid patch format of retainKeys"),
    ({"spec": {"containers": [{"image": "x"}]}}, 500, "",
     "map: map[image:x] does not contain declared merge key: name"),
    ({"spec": {"containers": [{"name": "web", "$patch": "bogus"}]}}, 500, "",
     "unknown patch type: bogus in map: map[$patch:bogus name:web]"),
    ({"spec": {"containers": [{"$patch": "merge"}]}}, 500, "",
     "merging lists cannot yet be specified in the patch"),
    ({"spec": {"$patch": "bogus"}}, 500, "", "unknown patch type: bogus in map: map[$patch:bogus]"),
    ({"spec": {"volumes": [["data"]]}}, 422, "Invalid",
     "the server rejected our request due to an error in our request"),
    ({"spec": {"containers": [["web"]]}}, 500, "",
     "list element types are not identical: [[map[name:web]] [[web]]]"),
    ({"spec": {ORDER: [{"name": "b"}, {"name": "a"}], "containers": [{"name": "a"}, {"name": "b"}]}},
     500, "", "The order in patch list:\n[map[name:a] map[name:b]]\n doesn't match "
     "$setElementOrder list:\n[map[name:b] map[name:a]]\n"),
]


@pytest.mark.parametrize("patch,code,reason,message", BAD)
def test_bad_directives_get_upstreams_errors(patch, code, reason, message):
    live = {"metadata": {"name": "p", "finalizers": ["a"]},
            "spec": {"containers": containers("web"), "volumes": []}}
    with pytest.raises(errors.ApiError) as raised:
        apply_patch(live, patch, "strategic", ("", "v1", "Pod"))
    assert (raised.value.code, raised.value.reason, raised.value.message) == (code, reason, message)


def test_a_list_body_is_not_a_strategic_patch():
    with pytest.raises(errors.ApiError) as raised:
        apply_patch({}, [{"op": "add"}], "strategic", ("", "v1", "Pod"))
    assert raised.value.code == 400 and raised.value.message == (
        "json: cannot unmarshal array into Go value of type map[string]interface {}")


def test_the_server_merges_containers_by_name():
    """Through the API server: a strategic patch of one container keeps the other, where a
    merge patch of the same body would replace the list."""
    from k8s_model import Cluster
    from k8s_model.client import Client

    c = Cluster(nodes=1, seed=0)
    c.kubectl("create deployment web --image=nginx")
    client = Client(c.api, "test")
    client.patch("deployments", "default", "web", {"spec": {"template": {"spec": {"containers": [
        {"name": "log", "image": "busybox"}]}}}}, patch_type="strategic")
    patched = client.patch("deployments", "default", "web", {"spec": {"template": {"spec": {
        "containers": [{"name": "nginx", "image": "nginx:1.27"}]}}}}, patch_type="strategic")
    assert [(k["name"], k["image"]) for k in patched["spec"]["template"]["spec"]["containers"]] \
        == [("nginx", "nginx:1.27"), ("log", "busybox")]
    merged = client.patch("deployments", "default", "web", {"spec": {"template": {"spec": {
        "containers": [{"name": "nginx", "image": "nginx:1.28"}]}}}}, patch_type="merge")
    assert [k["name"] for k in merged["spec"]["template"]["spec"]["containers"]] == ["nginx"]


def test_custom_resources_refuse_strategic_merge_patch():
    """apiextensions-apiserver accepts json, merge and apply patches only: 415."""
    from k8s_model import Cluster
    from k8s_model.client import Client

    c = Cluster(nodes=1, seed=0)
    c.apply(CRONTAB_CRD)
    c.advance(1)
    c.apply(CRONTAB)
    client = Client(c.api, "test")
    with pytest.raises(errors.ApiError) as raised:
        client.patch("crontabs", "default", "nope", {"spec": {}}, patch_type="strategic")
    assert (raised.value.code, raised.value.reason, raised.value.message) == (
        415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
        "accepted media types include: application/json-patch+json, "
        "application/merge-patch+json, application/apply-patch+yaml")
    patched = client.patch("crontabs", "default", "tab", {"spec": {"image": "x"}}, patch_type="merge")
    assert patched["spec"]["image"] == "x"


CRONTAB_CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-preserve-unknown-fields: true
"""

CRONTAB = """apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: tab}
spec: {cronSpec: "* * * * */5"}
"""
