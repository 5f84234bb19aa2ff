"""What a container does: the image's program, a simple shell, the script annotation."""

import pytest

from k8s_model.runtime.images import CATALOGUE
from k8s_model.runtime.programs import Step, parse_script, program_for, run_shell

BUSYBOX = CATALOGUE["docker.io/library/busybox"]


@pytest.mark.parametrize("argv,duration,code,logs", [
    (["sleep", "30"], 30.0, 0, []),
    (["sh", "-c", "exit 3"], 0.1, 3, []),
    (["echo", "hello", "world"], 0.1, 0, ["hello world"]),
    (["sh", "-c", "echo hi; sleep 5; exit 2"], 5.0, 2, ["hi"]),
    (["sh", "-c", "while true; do echo hi; sleep 1; done"], None, 0, []),
    (["sleep", "infinity"], None, 0, []),
    (["sh", "-c", "frobnicate"], 0.1, 127, ["sh: frobnicate: not found"]),
    (["sh", "-c", "false"], 0.1, 1, []),
])
def test_shell_forms(argv, duration, code, logs):
    """sleep N, exit N, echo …, loops, and sh's 127 for an unknown command."""
    program = run_shell(argv)
    assert (program.duration, program.logs) == (duration, logs)
    if duration is not None:
        assert program.exit_code == code


@pytest.mark.parametrize("repository,container,duration,code", [
    ("docker.io/library/nginx", {}, None, 0),
    ("docker.io/luksa/batch-job", {}, 120.0, 0),
    ("docker.io/library/busybox", {}, 0.1, 0),
    ("docker.io/library/busybox", {"args": ["sleep", "10"]}, 10.0, 0),
    ("docker.io/library/nginx", {"command": ["sh", "-c", "exit 1"]}, 0.1, 1),
])
def test_program_for_image_and_container(repository, container, duration, code):
    """command/args override the image's own program."""
    program = program_for(CATALOGUE[repository], container)
    assert (program.duration, program.exit_code) == (duration, code)


def test_script_annotation():
    """YAML steps with after/at durations; unknown actions are skipped."""
    text = ("- after: 30s\n  action: crash\n  exitCode: 137\n"
            "- at: 2m\n  action: fail-readiness\n  container: web\n"
            "- after: 1\n  action: explode\n")
    assert parse_script(text) == [Step("crash", after=30.0, exit_code=137),
                                  Step("fail-readiness", at=120.0, container="web")]
    assert parse_script("{not yaml") == [] and parse_script(None) == []


def test_the_shell_keeps_the_files_it_touches_and_removes():
    """`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600`: the file exists for
    the first 30 s only; a file the script never names is not its business (None)."""
    program = run_shell(["/bin/sh", "-c",
                         "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"])
    assert program.duration == 630.0
    assert [program.file_exists("/tmp/healthy", t) for t in (0, 29.9, 30, 600)] == \
        [True, True, False, False]
    assert program.file_exists("/etc/hosts", 10) is None
    assert run_shell(["sh", "-c", "sleep 5; touch /ready"]).file_exists("/ready", 1) is False


def test_only_the_images_own_server_listens():
    """nginx listens on 80; nginx running a shell command listens nowhere."""
    nginx = CATALOGUE["docker.io/library/nginx"]
    assert program_for(nginx, {}).ports == (80,)
    assert program_for(nginx, {"command": ["sleep", "3600"]}).ports == ()
