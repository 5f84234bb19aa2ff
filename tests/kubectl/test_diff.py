"""`kubectl diff -f` (pkg/cmd/diff/diff.go): LIVE against MERGED, printed by `diff -u -N`.

The model formats the unified diff itself; these tests write the same two directories
(same names, same contents, same modification times) to disk and run GNU diff on them,
as kubectl does, to check every byte: the `diff -u -N` line, the `---`/`+++` lines with
their nanosecond timestamps (the epoch for an absent file), and the hunks.
"""

import os
import shutil
import subprocess

import pytest

from k8s_model.cluster import Cluster
from k8s_model.kubectl.commands.diff import DiffFound, mask_secret_data, unified_diff, versions
from k8s_model.kubectl.commands.context import Context
from k8s_model.kubectl.commands.diff import FLAGS
from k8s_model.kubectl.errors import KubectlError
from k8s_model.kubectl.flags import parse

KUBECTL = "/usr/local/bin/kubectl"
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""
SERVICE = """---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=1, seed=3)
    c.kubectl("apply -f -", stdin=DEPLOYMENT)
    return c


def diff_of(c, stdin, args="-f -"):
    try:
        return 0, c.kubectl(f"diff {args}", stdin=stdin)
    except DiffFound as found:
        assert found.exit_code == 1 and str(found) == ""   # kubectl prints no error
        return 1, found.output


def gnu_diff(tmp_path, live_dir, merged_dir, files) -> str:
    """Write the directories as kubectl would and run the real `diff -u -N` on them."""
    root = str(tmp_path)
    for directory in (live_dir, merged_dir):
        os.makedirs(root + directory)
    for name, pair in files.items():
        for directory, written in zip((live_dir, merged_dir), pair):
            if written is None:
                continue
            path = f"{root}{directory}/{name}"
            with open(path, "w") as f:
                f.write(written[0])
            os.utime(path, ns=(written[1], written[1]))
    done = subprocess.run(["diff", "-u", "-N", root + live_dir, root + merged_dir],
                          capture_output=True, text=True, env={"TZ": "UTC", "LC_ALL": "C"})
    assert done.returncode in (0, 1), done.stderr
    return done.stdout.replace(root + "/tmp/", "/tmp/")


def model_diff(c, stdin):
    ctx = Context(c)
    live_dir, merged_dir, files = versions(ctx, parse(["-f", "-"], FLAGS, "diff"), stdin)
    text = "".join(unified_diff(f"{live_dir}/{n}", a, f"{merged_dir}/{n}", b)
                   for n, (a, b) in sorted(files.items()))
    return live_dir, merged_dir, files, text


@pytest.mark.skipif(not shutil.which("diff"), reason="GNU diff not installed")
@pytest.mark.parametrize("change", [
    lambda y: y.replace("replicas: 2", "replicas: 3"),                    # one hunk
    lambda y: y.replace("replicas: 2", "replicas: 4").replace("1.27", "1.28"),  # two hunks
    lambda y: y + SERVICE,                                                 # a new object too
    lambda y: y.replace("image: nginx:1.27\n", "image: nginx:1.27\n        ports:\n"
                        "        - containerPort: 80\n        env:\n"
                        "        - {name: A, value: b}\n"),                     # lines added
    lambda y: y.replace("      labels: {app: web}", "      labels: {app: web, tier: x}"),
    lambda y: y,                                                           # nothing
])
def test_output_is_gnu_diff_byte_for_byte(cluster, tmp_path, change):
    live_dir, merged_dir, files, text = model_diff(cluster, change(DEPLOYMENT))
    assert text == gnu_diff(tmp_path, live_dir, merged_dir, files)


@pytest.mark.skipif(not shutil.which("diff"), reason="GNU diff not installed")
def test_removed_lines_are_gnu_diff_byte_for_byte(cluster, tmp_path):
    """A field applied before and gone from the file now: apply would delete it."""
    rich = DEPLOYMENT.replace("name: web\n", "name: rich\n", 1).replace(
        "image: nginx:1.27\n", "image: nginx:1.27\n        env:\n        - {name: A, value: b}\n")
    cluster.kubectl("apply -f -", stdin=rich)
    live_dir, merged_dir, files, text = model_diff(cluster, rich.replace(
        "        env:\n        - {name: A, value: b}\n", ""))
    assert "-        - name: A\n" in text
    assert text == gnu_diff(tmp_path, live_dir, merged_dir, files)
    # and apply agrees (merge.py: a removed item of a keyed list is a change)
    assert cluster.kubectl("apply -f -", stdin=rich.replace(
        "        env:\n        - {name: A, value: b}\n", "")) == "deployment.apps/rich configured"
    assert "env" not in cluster.get("deployments", "rich")["spec"]["template"]["spec"][
        "containers"][0]


def test_changed_field_shows_with_generation_and_exit_status_1(cluster):
    code, out = diff_of(cluster, DEPLOYMENT.replace("replicas: 2", "replicas: 3"))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("diff -u -N /tmp/LIVE-")
    assert lines[0].endswith("/apps.v1.Deployment.default.web")
    assert "/tmp/MERGED-" in lines[0] and lines[1].startswith("--- /tmp/LIVE-")
    assert lines[1].endswith(" +0000") and lines[2].startswith("+++ /tmp/MERGED-")
    # the server's dry run bumps metadata.generation for a spec change, as a real update would
    assert [l for l in lines if l[:1] in "+-" and l[:3] not in ("---", "+++")] == [
        "-  generation: 1", "+  generation: 2", "-  replicas: 2", "+  replicas: 3"]
    # a dry run: nothing changed
    assert cluster.kubectl("get deploy web -o jsonpath={.spec.replicas}") == "2"


def test_no_difference_prints_nothing_and_exits_0(cluster):
    assert diff_of(cluster, DEPLOYMENT) == (0, "")


def test_new_object_diffs_against_an_empty_file(cluster):
    code, out = diff_of(cluster, SERVICE)
    lines = out.splitlines()
    assert code == 1
    assert lines[0].endswith("/v1.Service.default.web")
    assert lines[1].endswith("\t1970-01-01 00:00:00.000000000 +0000")
    assert lines[3].startswith("@@ -0,0 +1,")
    # a dry-run create: defaults and a ClusterIP filled in, no resourceVersion, not stored
    assert "+  type: ClusterIP" in lines and not any("resourceVersion" in l for l in lines)
    assert cluster.kubectl("get svc") .count("web") == 0


def test_same_seed_same_output():
    outputs = []
    for _ in range(2):
        c = Cluster(nodes=1, seed=5)
        outputs.append(diff_of(c, DEPLOYMENT))
    assert outputs[0] == outputs[1] and outputs[0][0] == 1


def test_mask_secret_data():
    """diff.go's Masker (cf. TestMasker in diff_test.go): equal → ***, changed → before and
    after."""
    live = {"kind": "Secret", "data": {"same": "YQ==", "changed": "Yg==", "gone": "Yw=="}}
    merged = {"kind": "Secret", "data": {"same": "YQ==", "changed": "eA==", "new": "eQ=="}}
    masked_live, masked_merged = mask_secret_data(live, merged)
    assert masked_live["data"] == {"same": "***", "changed": "*** (before)", "gone": "***"}
    assert masked_merged["data"] == {"same": "***", "changed": "*** (after)", "new": "***"}
    assert live["data"]["same"] == "YQ=="   # the objects themselves are left alone


def test_secret_values_never_printed():
    c = Cluster(nodes=1, seed=1)
    secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: {}\n"
    code, out = diff_of(c, secret.format("aHVudGVyMg=="))
    assert code == 1 and "+  password: '***'" in out and "aHVudGVyMg" not in out


def test_invalid_manifest_prints_the_api_servers_message_and_changes_nothing(cluster):
    with pytest.raises(KubectlError) as failure:
        cluster.kubectl("diff -f -", stdin=DEPLOYMENT.replace("replicas: 2", "replicas: -1"))
    assert not isinstance(failure.value, DiffFound)
    assert str(failure.value) == ('The Deployment "web" is invalid: spec.replicas: Invalid '
                                  "value: -1: must be greater than or equal to 0")


@pytest.mark.skipif(not shutil.which(KUBECTL), reason="kubectl v1.35 not installed")
@pytest.mark.parametrize("args, text", [
    ("", None),                                    # must specify one of -f and -k
    ("-f missing.yaml", None),                     # the path does not exist
    ("-f bad.yaml", "kind: Pod\nmetadata: [name: x\n"),   # YAML that does not parse
])
def test_client_side_errors_match_kubectl(tmp_path, args, text):
    """These fail before kubectl contacts a server, so the real binary can run them."""
    if text is not None:
        (tmp_path / "bad.yaml").write_text(text)
    real = subprocess.run([KUBECTL, "diff", *args.split()], capture_output=True, text=True,
                          cwd=tmp_path, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert real.returncode == 2
    c = Cluster(nodes=1, seed=0)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with pytest.raises(KubectlError) as failure:
            c.kubectl(f"diff {args}")
    finally:
        os.chdir(cwd)
    assert str(failure.value) == real.stderr.rstrip("\n")
