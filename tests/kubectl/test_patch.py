"""`kubectl patch` in the model (k8s_model/kubectl/commands/patch.py). Messages are those
of the real kubectl v1.35 (checked against /usr/local/bin/kubectl; the client-side ones
need no server) and of kube-apiserver's handlers/patch.go."""

import pytest

from k8s_model import Cluster, KubectlError


@pytest.fixture
def c():
    cluster = Cluster(nodes=1, seed=0)
    cluster.kubectl("create deployment web --image=nginx")
    cluster.advance(10)
    return cluster


def containers(c):
    return [(k["name"], k["image"]) for k in
            c.get("deployments", "web")["spec"]["template"]["spec"]["containers"]]


def test_strategic_is_the_default_and_merges_containers_by_name(c):
    c.kubectl("""patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"busybox"}]}}}}'""")
    assert containers(c) == [("nginx", "nginx"), ("log", "busybox")]
    out = c.kubectl("""patch deploy web --type merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'""")
    assert out == "deployment.apps/web patched"
    assert containers(c) == [("nginx", "nginx:1.27")]


def test_patched_then_no_change(c):
    assert c.kubectl("""patch deployment web -p '{"spec":{"replicas":3}}'""") == \
        "deployment.apps/web patched"
    assert c.kubectl("""patch deployment web -p '{"spec":{"replicas":3}}'""") == \
        "deployment.apps/web patched (no change)"
    assert c.get("deployments", "web")["spec"]["replicas"] == 3


def test_yaml_patch_json_patch_and_output_formats(c):
    assert c.kubectl("patch deploy web --type merge -p 'spec: {replicas: 4}' -o name") == \
        "deployment.apps/web"
    out = c.kubectl("""patch deploy/web --type json -p '[{"op":"replace","path":"/spec/replicas","value":2}]' -o jsonpath={.spec.replicas}""")
    assert out == "2"
    assert "  replicas: 5\n" in c.kubectl("""patch deploy web -p '{"spec":{"replicas":5}}' -o yaml""")


def test_dry_run_client_and_server_change_nothing(c):
    for mode in ("client", "server"):
        assert c.kubectl(f"""patch deploy web -p '{{"spec":{{"replicas":7}}}}' --dry-run={mode}""") == \
            "deployment.apps/web patched"
    assert c.get("deployments", "web")["spec"]["replicas"] == 1


def test_scale_and_status_subresources(c):
    assert c.kubectl("""patch deploy web --subresource=scale -p '{"spec":{"replicas":2}}'""") == \
        "scale.autoscaling/web patched"
    assert c.get("deployments", "web")["spec"]["replicas"] == 2


def test_local_patches_a_file_without_the_server(c, tmp_path):
    manifest = tmp_path / "d.yaml"
    manifest.write_text(c.kubectl("create deployment other --image=nginx --dry-run=client -o yaml"))
    out = c.kubectl(f"""patch --local -f {manifest} -p '{{"spec":{{"replicas":3}}}}' -o yaml""")
    assert "  replicas: 3\n" in out
    with pytest.raises(KubectlError):
        c.kubectl("get deployment other")
    assert c.kubectl(f"""patch --local -f {manifest} -p '{{"spec":{{"replicas":3}}}}'""") == \
        "deployment.apps/other patched"


CLIENT_ERRORS = [
    ("patch deploy web", "error: must specify --patch or --patch-file containing the contents "
     "of the patch"),
    ("patch deploy web -p {} --patch-file x", "error: cannot specify --patch and --patch-file together"),
    ("patch deploy web -p {} --type foo", 'error: --type must be one of [json merge strategic], not "foo"'),
    ("patch deploy web -p {} --local", "error: cannot specify --local and server resources"),
    ("patch -p {} --local --dry-run=server -f x.yaml",
     "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?"),
    ("patch deploy web -p {} --dry-run=bogus",
     'error: Invalid dry-run value (bogus). Must be "none", "server", or "client".'),
    ("patch deploy web --patch-file /nonexistent",
     "error: unable to read patch file: open /nonexistent: no such file or directory"),
    ("patch deploy web -p 'xx: yy: zz'",
     'error: unable to parse "xx: yy: zz": yaml: mapping values are not allowed in this context'),
    ("patch deploy -p {}", "error: resource(s) were provided, but no name was specified"),
    ("patch deploy web -p {} -o foo", 'error: unable to match a printer suitable for the output '
     'format "foo", allowed formats are: go-template,go-template-file,json,jsonpath,'
     'jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,yaml'),
]


@pytest.mark.parametrize("command,message", CLIENT_ERRORS)
def test_client_side_errors(c, command, message):
    with pytest.raises(KubectlError) as raised:
        c.kubectl(command)
    assert str(raised.value) == message


SERVER_ERRORS = [
    ("""patch deploy nope -p '{"spec":{}}'""",
     'Error from server (NotFound): deployments.apps "nope" not found'),
    ("patch deploy web -p '{x'",
     "Error from server (BadRequest): invalid character 'x' looking for beginning of object key string"),
    ("patch deploy web --type merge -p '{x'", "Error from server (BadRequest): error decoding "
     "patch: invalid character 'x' looking for beginning of object key string"),
    ("""patch deploy web --type json -p '{"spec":{"replicas":3}}'""",
     "Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into "
     "Go value of type []handlers.jsonPatchOp"),
    ("patch deploy web --type json -p '[1]'", "Error from server (BadRequest): error decoding "
     "patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp"),
    ("""patch deploy web --type json -p '[{"op":"replace","path":"/spec/nope/x","value":1}]'""",
     "The request is invalid: : replace operation does not apply: doc is missing path: "
     "/spec/nope/x: missing value"),
    ("""patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}'""",
     "Error from server: map: map[image:x] does not contain declared merge key: name"),
]


@pytest.mark.parametrize("command,message", SERVER_ERRORS)
def test_server_errors_change_nothing(c, command, message):
    before = c.get("deployments", "web")
    with pytest.raises(KubectlError) as raised:
        c.kubectl(command)
    assert str(raised.value) == message
    assert c.get("deployments", "web") == before


def test_one_failure_does_not_stop_the_others(c):
    with pytest.raises(KubectlError) as raised:
        c.kubectl("""patch deploy web nope -p '{"spec":{"replicas":2}}'""")
    assert raised.value.output == "deployment.apps/web patched"
    assert str(raised.value) == 'Error from server (NotFound): deployments.apps "nope" not found'


def test_custom_resources_need_merge_or_json(c):
    c.apply(CRONTAB_CRD)
    c.advance(1)
    c.apply(CRONTAB)
    with pytest.raises(KubectlError) as raised:
        c.kubectl("""patch crontab tab -p '{"spec":{"image":"x"}}'""")
    assert str(raised.value) == (
        "error: application/strategic-merge-patch+json is not supported by "
        "stable.example.com/v1, Kind=CronTab: the body of the request was in an unknown format "
        "- accepted media types include: application/json-patch+json, "
        "application/merge-patch+json, application/apply-patch+yaml")
    assert c.kubectl("""patch crontab tab --type merge -p '{"spec":{"image":"x"}}'""") == \
        "crontab.stable.example.com/tab patched"


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
