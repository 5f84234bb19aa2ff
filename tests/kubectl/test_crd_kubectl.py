"""kubectl and custom resources: discovery finds the kind a CRD added (plural, singular,
short name), `get` lays out the CRD's additionalPrinterColumns, and the generic
commands (describe, label, delete, -o name) work on it. Expected outputs follow the
docs' CronTab example (tasks/extend-kubernetes/custom-resources/custom-resource-definitions)
and, for cell formatting, the real kubectl v1.35 fed the same Table."""

import pytest

from k8s_model import Cluster, examples
from k8s_model.kubectl.errors import KubectlError

# The docs' columns plus a priority-1 column, which only `-o wide` shows.
WITH_WIDE_COLUMN = examples.crontab_crd(printer_columns=True).replace(
    "      - name: Age\n",
    "      - name: Image\n        type: string\n        priority: 1\n"
    "        jsonPath: .spec.image\n      - name: Age\n")


@pytest.fixture
def c():
    cluster = Cluster(nodes=1, seed=0)
    cluster.kubectl("apply -f -", WITH_WIDE_COLUMN)
    cluster.kubectl("apply -f -", examples.crontab())
    cluster.kubectl("apply -f -", examples.crontab(name="two", replicas=3))
    cluster.advance(5)
    return cluster


def test_apply_names_the_custom_kind_with_its_group():
    cluster = Cluster(nodes=1, seed=0)
    assert cluster.kubectl("apply -f -", examples.crontab_crd()) == \
        "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created"
    assert cluster.kubectl("apply -f -", examples.crontab()) == \
        "crontab.stable.example.com/my-new-cron-object created"


def test_a_custom_object_before_its_crd_has_no_mapping():
    cluster = Cluster(nodes=1, seed=0)
    with pytest.raises(KubectlError) as caught:
        cluster.kubectl("apply -f -", examples.crontab())
    assert str(caught.value) == (
        'error: resource mapping not found for name: "my-new-cron-object" namespace: "" from '
        '"STDIN": no matches for kind "CronTab" in version "stable.example.com/v1"\n'
        "ensure CRDs are installed first")


def test_get_prints_the_printer_columns(c):
    # An absent value is an empty cell (the server sends null; kubectl prints nothing)
    assert c.kubectl("get crontabs") == (
        "NAME                 SPEC          REPLICAS   AGE\n"
        "my-new-cron-object   * * * * */5              5s\n"
        "two                  * * * * */5   3          5s")


def test_priority_columns_only_with_wide(c):
    assert c.kubectl("get ct -o wide") == (
        "NAME                 SPEC          REPLICAS   IMAGE                   AGE\n"
        "my-new-cron-object   * * * * */5              my-awesome-cron-image   5s\n"
        "two                  * * * * */5   3          my-awesome-cron-image   5s")


def test_singular_short_and_qualified_names_resolve(c):
    expected = "NAME   SPEC          REPLICAS   AGE\ntwo    * * * * */5   3          5s"
    for name in ("crontab two", "ct two", "crontabs.stable.example.com two", "ct/two"):
        assert c.kubectl(f"get {name}") == expected


def test_without_printer_columns_name_and_age():
    cluster = Cluster(nodes=1, seed=0)
    cluster.kubectl("apply -f -", examples.crontab_crd())
    cluster.kubectl("apply -f -", examples.crontab())
    cluster.advance(6)
    # The docs' output of `kubectl get crontab`
    assert cluster.kubectl("get crontab") == "NAME                 AGE\nmy-new-cron-object   6s"


def test_cells_are_formatted_as_kubectl_formats_them():
    # Real kubectl v1.35 prints a number 2.0 as 2, 1.5 as 1.5, booleans lower-case.
    cluster = Cluster(nodes=1, seed=0)
    crd = examples.crontab_crd(printer_columns=True).replace(
        "      - name: Age\n",
        "      - name: Ratio\n        type: number\n        jsonPath: .spec.ratio\n"
        "      - name: Ok\n        type: boolean\n        jsonPath: .spec.ok\n"
        "      - name: Age\n").replace(
        "                replicas:\n",
        "                ratio:\n                  type: number\n"
        "                ok:\n                  type: boolean\n                replicas:\n")
    cluster.kubectl("apply -f -", crd)
    cluster.kubectl("apply -f -", examples.crontab(name="a") + "  ratio: 1.5\n  ok: true\n")
    cluster.kubectl("apply -f -", examples.crontab(name="b", replicas=3) + "  ratio: 2\n"
                    "  ok: false\n")
    assert cluster.kubectl("get ct") == (
        "NAME   SPEC          REPLICAS   RATIO   OK      AGE\n"
        "a      * * * * */5              1.5     true    0s\n"
        "b      * * * * */5   3          2       false   0s")


def test_get_crd_uses_the_default_table(c):
    assert c.kubectl("get crd") == ("NAME                          CREATED AT\n"
                                    "crontabs.stable.example.com   2026-01-01T00:00:00Z")


def test_api_resources_lists_the_new_kind(c):
    assert c.kubectl("api-resources --api-group=stable.example.com") == (
        "NAME       SHORTNAMES   APIVERSION              NAMESPACED   KIND\n"
        "crontabs   ct           stable.example.com/v1   true         CronTab")
    listed = c.kubectl("api-resources -o name").split("\n")
    assert "customresourcedefinitions.apiextensions.k8s.io" in listed
    # kubectl sorts by API group name (sortableResource in apiresources.go), CRD groups too
    at = listed.index("crontabs.stable.example.com")
    assert listed[at - 1:at + 2] == ["roles.rbac.authorization.k8s.io", "crontabs.stable.example.com",
                                     "storageclasses.storage.k8s.io"]


def test_generic_commands_work_on_custom_objects(c):
    assert c.kubectl("get ct -o name") == ("crontab.stable.example.com/my-new-cron-object\n"
                                           "crontab.stable.example.com/two")
    assert c.kubectl("label ct two tier=batch") == "crontab.stable.example.com/two labeled"
    assert c.kubectl("get ct two -o jsonpath={.metadata.labels.tier}") == "batch"
    described = c.kubectl("describe ct two")
    assert described.startswith("Name:         two\nNamespace:    default\n"
                                "Labels:       tier=batch\n")
    assert "API Version:  stable.example.com/v1\nKind:         CronTab\n" in described
    assert "Spec:\n  Cron Spec:  * * * * */5\n  Image:      my-awesome-cron-image\n" \
        "  Replicas:   3\n" in described


def test_deleting_the_crd_removes_the_kind(c):
    assert c.kubectl("delete crd crontabs.stable.example.com") == \
        'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted'
    with pytest.raises(KubectlError) as caught:
        c.kubectl("get crontabs")
    assert str(caught.value) == 'error: the server doesn\'t have a resource type "crontabs"'
