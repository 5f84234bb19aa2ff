"""Node tools: crictl and nerdctl render the runtime's own view; Cluster.ssh is a node's shell."""

import json

import pytest

from k8s_model.runtime.crictl import crictl
from k8s_model.runtime.cri import ContainerRuntime
from k8s_model.runtime.images import image_digest, image_id, parse_reference
from k8s_model.runtime.nerdctl import nerdctl
from k8s_model.runtime.units import human_duration, human_size, progress_bytes
from k8s_model.sim import Simulation
from k8s_model.trace import Trace

POD = {"metadata": {"name": "web", "namespace": "default", "uid": "u1",
                    "labels": {"app": "web"}}}
NGINX = "docker.io/library/nginx:latest"

# docker/go-units duration_test.go TestHumanDuration (seconds -> text).
DAY, WEEK, MONTH = 86400, 7 * 86400, 30 * 86400
DURATIONS = [(0.45, "Less than a second"), (1, "1 second"), (45, "45 seconds"),
             (59, "59 seconds"), (60, "About a minute"), (3 * 60, "3 minutes"),
             (35 * 60 + 40, "35 minutes"), (59 * 60, "59 minutes"), (3600, "About an hour"),
             (3600 + 29 * 60, "About an hour"), (3600 + 31 * 60, "2 hours"),
             (3 * 3600 + 29 * 60, "3 hours"), (3 * 3600 + 31 * 60, "4 hours"),
             (24 * 3600, "24 hours"), (DAY + 12 * 3600, "36 hours"), (2 * DAY, "2 days"),
             (13 * DAY + 5 * 3600, "13 days"), (2 * WEEK, "2 weeks"),
             (2 * WEEK + 4 * DAY, "2 weeks"), (4 * WEEK + 3 * DAY, "4 weeks"),
             (MONTH, "4 weeks"), (MONTH + 2 * WEEK, "6 weeks"), (2 * MONTH, "2 months")]
# go-units size_test.go (HumanSize is precision 4; crictl uses 3), containerd humanize.
SIZES = [(1000, 4, "1kB"), (1024, 4, "1.024kB"), (1048576, 4, "1.049MB"),
         (320448, 3, "320kB"), (72223946, 3, "72.2MB"), (999, 3, "999B")]


@pytest.mark.parametrize("seconds,text", DURATIONS)
def test_human_duration_matches_go_units(seconds, text):
    assert human_duration(seconds) == text


@pytest.mark.parametrize("size,precision,text", SIZES)
def test_human_size_matches_go_units(size, precision, text):
    assert human_size(size, precision) == text


def test_progress_bytes_is_binary_with_one_decimal():
    assert [progress_bytes(n) for n in (512, 320448, 72223946)] == \
        ["512.0 B", "312.9 KiB", "68.9 MiB"]


def node():
    """A runtime with one Pod `web`: its sandbox (at 1 s) and a running nginx (3.1 s)."""
    rt = ContainerRuntime(Simulation(0), Trace(), "node-1")
    rt.update_runtime_config("10.244.1.0/24")
    rt.sim.advance(1)
    sandbox = rt.run_pod_sandbox(POD)
    rt.pull_image("nginx", "default", "web")
    rt.sim.advance(2.1)
    c = rt.create_container(sandbox.id, {"name": "nginx", "image": "nginx"}, NGINX)
    rt.start_container(c.id)
    return rt, sandbox, c


def lines(text):
    return [line.split() for line in text.splitlines()]


def test_crictl_ps_columns_truncated_ids_and_relative_created():
    """container.go: 13-character ids, IMAGE the truncated image id, STATE Running."""
    rt, sandbox, c = node()
    rt.sim.advance(90)
    code, out = crictl(rt, ["ps"])
    header, row = out.splitlines()
    assert code == 0
    # tabwriter(minwidth 20, padding 3): every column 20 wide, CREATED 18 + 3.
    widths = [20, 20, 21, 20, 20, 20, 20, 20]

    def padded(cells):
        return "".join(cell.ljust(w) for cell, w in zip(cells, widths)) + cells[-1]
    assert header == padded(["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT",
                             "POD ID", "POD", "NAMESPACE"])
    image = image_id(parse_reference(NGINX)).removeprefix("sha256:")[:13]
    assert row == padded([c.id[:13], image, "About a minute ago", "Running", "nginx", "0",
                          sandbox.id[:13], "web", "default"])


def test_a_restart_is_a_new_container_with_the_next_attempt():
    """The old container stays Exited (ps -a); the new one has ATTEMPT 1."""
    rt, sandbox, c = node()
    rt.sim.advance(5)
    rt._exit(c, 1)
    again = rt.create_container(sandbox.id, {"name": "nginx", "image": "nginx"}, NGINX)
    rt.start_container(again.id)
    assert [row[0] for row in lines(crictl(rt, ["ps"])[1])[1:]] == [again.id[:13]]
    rows = lines(crictl(rt, ["ps", "-a"])[1])[1:]
    assert [(r[0], r[-6], r[-4]) for r in rows] == [(again.id[:13], "Running", "1"),
                                                   (c.id[:13], "Exited", "0")]
    assert crictl(rt, ["ps", "--state", "exited", "-q"])[1] == c.id + "\n"


def test_crictl_pods_shows_sandboxes_ready_then_notready():
    rt, sandbox, _ = node()
    out = crictl(rt, ["pods"])[1]
    assert out.splitlines()[0].split() == ["POD", "ID", "CREATED", "STATE", "NAME",
                                           "NAMESPACE", "ATTEMPT", "RUNTIME"]
    assert lines(out)[1] == [sandbox.id[:13], "2", "seconds", "ago", "Ready", "web", "default",
                             "0", "(default)"]
    rt.stop_pod_sandbox(sandbox.id)
    assert lines(crictl(rt, ["pods"])[1])[1][4] == "NotReady"
    assert crictl(rt, ["pods", "-s", "ready", "-q"])[1] == ""


def test_crictl_images_one_row_per_tag_sorted_with_decimal_sizes():
    rt, _, _ = node()
    rows = lines(crictl(rt, ["images"])[1])
    ref = parse_reference(NGINX)
    assert rows[0] == ["IMAGE", "TAG", "IMAGE", "ID", "SIZE"]
    assert rows[1] == ["docker.io/library/nginx", "latest", image_id(ref)[7:20], "72.2MB"]
    assert rows[2][:2] == ["registry.k8s.io/pause", "3.10.1"] and rows[2][3] == "320kB"
    digests = lines(crictl(rt, ["images", "--digests"])[1])
    assert digests[1][2] == image_digest(ref)[7:20]


def test_crictl_inspect_json_sorted_and_by_id_prefix():
    """outputStatusData marshals maps: keys sorted; containerd finds a unique id prefix."""
    rt, sandbox, c = node()
    code, out = crictl(rt, ["inspect", c.id[:5]])
    status = json.loads(out)["status"]
    assert code == 0 and list(status) == sorted(status)
    assert status["state"] == "CONTAINER_RUNNING" and status["metadata"] == \
        {"attempt": 0, "name": "nginx"}
    assert status["imageRef"] == f"docker.io/library/nginx@{image_digest(parse_reference(NGINX))}"
    assert status["finishedAt"] == "0001-01-01T00:00:00Z"
    assert status["createdAt"] == "2026-01-01T00:00:03.1Z"
    assert status["labels"]["io.kubernetes.pod.name"] == "web"
    pod = json.loads(crictl(rt, ["inspectp", sandbox.id])[1])["status"]
    assert pod["network"] == {"additionalIps": [], "ip": "10.244.1.2"}
    assert pod["labels"]["app"] == "web" and pod["state"] == "SANDBOX_READY"


def test_crictl_errors_use_crictl_and_containerd_words():
    rt, _, _ = node()
    assert crictl(rt, ["inspect", "abc"]) == (1, (
        'FATA[0000] get the status of containers: get container status: rpc error: code = '
        'NotFound desc = an error occurred when try to find container "abc": not found\n'))
    assert crictl(rt, ["inspectp", "abc"])[1].endswith(
        "an error occurred when try to find sandbox: not found\n")
    assert crictl(rt, ["ps", "--state", "gone"]) == (
        1, "2026/01/01 00:00:03 --state should be one of created, running, exited or unknown\n")
    assert crictl(rt, ["dance"]) == (3, "No help topic for 'dance'\n")


def test_crictl_version():
    assert crictl(node()[0], ["version"])[1] == (
        "Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  v2.2.0\n"
        "RuntimeApiVersion:  v1\n")


def test_nerdctl_sees_nothing_in_the_default_namespace():
    """Kubernetes' containers live in containerd's k8s.io namespace."""
    rt, _, _ = node()
    assert nerdctl(rt, ["ps"]) == (0, "CONTAINER ID    IMAGE    COMMAND    CREATED    STATUS    "
                                      "PORTS    NAMES\n")
    assert nerdctl(rt, ["images"])[1].splitlines()[1:] == []


def test_nerdctl_k8s_namespace_shows_pause_and_app_containers():
    rt, sandbox, c = node()
    out = nerdctl(rt, ["--namespace", "k8s.io", "ps"])[1]
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert '"/pause"' in rows[sandbox.id[:12]] and rows[sandbox.id[:12]].endswith(
        "Up                 k8s://default/web")
    assert '"/docker-entrypoint.…"' in rows[c.id[:12]]
    assert rows[c.id[:12]].endswith("k8s://default/web/nginx")
    assert list(rows) == sorted(rows)   # containerd lists by id
    rt._exit(c, 0)
    assert c.id[:12] not in nerdctl(rt, ["-n", "k8s.io", "ps"])[1]
    exited = [line for line in nerdctl(rt, ["--namespace=k8s.io", "ps", "-a"])[1].splitlines()
              if line.startswith(c.id[:12])]
    assert "    Created    " in exited[0]


def test_nerdctl_images_lists_each_image_under_three_names():
    rt, _, _ = node()
    rows = [line.split() for line in nerdctl(rt, ["-n", "k8s.io", "images"])[1].splitlines()]
    assert rows[0] == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "PLATFORM", "SIZE",
                       "BLOB", "SIZE"]
    target = image_digest(parse_reference(NGINX))[7:19]
    nginx = [r[:3] for r in rows[1:] if r[2] == target]
    assert nginx == [["nginx", "latest", target], ["nginx", "<none>", target],
                     ["<none>", "<none>", target]]


@pytest.fixture(scope="module")
def shell_cluster():
    from k8s_model import Cluster

    c = Cluster(nodes=1, seed=0)
    c.apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
            "  - name: nginx\n    image: nginx\n")
    c.advance(30)
    return c


def test_ssh_runs_node_tools_with_or_without_sudo(shell_cluster):
    c = shell_cluster
    ps = c.ssh("node-1", "sudo crictl ps")
    assert ps == c.ssh("node-1", "crictl ps") and " nginx " in ps
    assert c.ssh("node-1", "crictl ps | grep nginx").count("\n") == 1
    assert c.ssh("node-1", "crictl ps | grep -v nginx").splitlines()[0].startswith("CONTAINER")
    pod_ip = c.get("pods", "web")["status"]["podIP"]
    sandbox = c.ssh("node-1", "crictl pods --name web -q").strip()
    assert json.loads(c.ssh("node-1", f"crictl inspectp {sandbox}"))["status"]["network"][
        "ip"] == pod_ip


def test_ssh_answers_like_bash_and_ssh(shell_cluster):
    from k8s_model.nodes_shell import ssh

    c = shell_cluster
    assert ssh(c, "node-1", "docker ps") == (127, "bash: docker: command not found\n")
    assert ssh(c, "node-7", "crictl ps") == (
        255, "ssh: Could not resolve hostname node-7: Name or service not known\n")
    assert ssh(c, "node-1", "crictl ps | grep nothing-like-this") == (1, "")
    assert c.ssh("node-1", "hostname") == "node-1\n"


def test_ssh_shows_kube_proxy_rules(shell_cluster):
    c = shell_cluster
    assert c.ssh("node-1", "sudo iptables-save -t nat") == \
        c.kube_proxies["node-1"].iptables_save("nat")
    assert c.ssh("node-1", "ipvsadm -Ln").splitlines()[0] == \
        "IP Virtual Server version 1.2.1 (size=4096)"


def test_ssh_ipvsadm_in_ipvs_mode():
    from k8s_model import Cluster

    c = Cluster(nodes=1, seed=0, proxy_mode="ipvs")
    assert c.ssh("node-1", "ipvsadm -Ln") == c.kube_proxies["node-1"].ipvsadm()
    assert "10.96.0.1:443" in c.ssh("node-1", "ipvsadm -Ln")


def test_an_image_pulled_by_digest_is_the_same_image_as_its_tag():
    """One image per content: nginx@<digest of latest> adds no row to crictl images; an
    image known only by digest shows TAG <none>; the container's imageRef keeps the digest."""
    rt, sandbox, _ = node()
    digest = image_digest(parse_reference(NGINX))
    rt.pull_image(f"nginx@{digest}", "default", "pinned")
    assert image_id(parse_reference(f"nginx@{digest}")) == image_id(parse_reference(NGINX))
    assert [r[:2] for r in lines(crictl(rt, ["images"])[1])[1:]] == [
        ["docker.io/library/nginx", "latest"], ["registry.k8s.io/pause", "3.10.1"]]
    busybox = image_digest(parse_reference("busybox:1.36"))
    rt.pull_image(f"busybox@{busybox}", "default", "pinned")
    assert lines(crictl(rt, ["images"])[1])[1][:2] == ["docker.io/library/busybox", "<none>"]
    c = rt.create_container(sandbox.id, {"name": "b", "image": "busybox"},
                            f"docker.io/library/busybox@{busybox}")
    assert c.image_id == f"docker.io/library/busybox@{busybox}"


def test_a_digest_of_present_content_needs_no_pull():
    """ImageStatus by digest finds the image pulled by tag (containerd keeps repo digests)."""
    rt, _, _ = node()
    digest = image_digest(parse_reference(NGINX))
    assert rt.image_status(f"nginx@{digest}") == image_id(parse_reference(NGINX))
    other = image_digest(parse_reference("nginx:1.28"))
    assert rt.image_status(f"nginx@{other}") == ""


def test_crictl_logs_and_exec_reach_the_container():
    rt, sandbox, _ = node()
    c = rt.create_container(sandbox.id, {"name": "bb", "image": "busybox",
                                         "command": ["sh", "-c", "echo hello; sleep 3600"]},
                            "docker.io/library/busybox:latest")
    rt.start_container(c.id)
    assert crictl(rt, ["logs", c.id[:8]]) == (0, "hello\n")
    assert crictl(rt, ["logs", "--tail", "0", c.id[:8]]) == (0, "")
    assert crictl(rt, ["exec", "-it", c.id[:8], "cat", "/nope"]) == (
        1, "cat: can't open '/nope': No such file or directory\n")
    assert rt.trace.records[-1].verb == "Exec"
    rt._exit(c, 0)
    assert crictl(rt, ["exec", c.id, "true"])[1].endswith(
        "container is in CONTAINER_EXITED state\n")


def test_real_but_unmodelled_subcommands_say_so():
    """crictl rmi exists: it is not "No help topic"; the model says it does not offer it."""
    rt, _, _ = node()
    code, out = crictl(rt, ["rmi", "nginx"])
    assert code == 1 and out.startswith("crictl rmi: not modelled here")
    assert nerdctl(rt, ["run", "nginx"])[1].startswith("nerdctl run: not modelled here")
    assert nerdctl(rt, ["dance"]) == (1, 'FATA[0000] unknown command "dance" for "nerdctl"\n')


def test_shell_pipes_grep_and_head():
    """`| grep -e A -e B` keeps lines matching either; `-v` inverts; `| head -n N` cuts."""
    from k8s_model.nodes_shell import _filter

    text = "HEADER\nnginx 1\nredis 2\nbusybox 3\n"
    assert _filter(["grep", "-e", "nginx", "-e", "HEAD"], text) == (0, "HEADER\nnginx 1\n")
    assert _filter(["grep", "-v", "-i", "header"], text) == (0, "nginx 1\nredis 2\nbusybox 3\n")
    assert _filter(["head", "-n", "2"], text) == (0, "HEADER\nnginx 1\n")
    assert _filter(["head", "-1"], text) == (0, "HEADER\n")
    assert _filter(["sort"], text) == (127, "bash: sort: command not found\n")
