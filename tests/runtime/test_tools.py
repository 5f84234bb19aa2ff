"""The tools inside images: which binaries each has, and curl/wget's output for each
outcome of a request (curl 8.x lib/connect.c and multi.c messages; busybox 1.37 wget.c)."""

import pytest

from k8s_model.net.http import Hop, Response
from k8s_model.net.tools import curl, wget
from k8s_model.runtime.images import CATALOGUE
from k8s_model.runtime.programs import run_shell
from k8s_model.runtime.tools import run

DNS = [Hop("dns", "web → web.default.svc.cluster.local → 10.96.0.20")]
OK = Response(200, "hello\n", hops=DNS, address="10.96.0.20")
UNAVAILABLE = Response(503, "<html>503</html>\n", hops=DNS, address="10.96.0.20")
NO_NAME = Response(0, error="Could not resolve host")
REFUSED = Response(0, error="Connection refused", hops=DNS, address="10.96.0.20")
DROPPED = Response(0, error="Connection timed out", hops=DNS, address="10.96.0.20")
HUNG = Response(0, error="Operation timed out")


def fetching(response):
    return lambda url, host="": response


@pytest.mark.parametrize("argv, response, expected", [
    (["-s", "http://web"], OK, (0, "hello")),
    (["http://web"], UNAVAILABLE, (0, "<html>503</html>")),            # no -f: still exit 0
    (["-sf", "http://web"], UNAVAILABLE, (22, "")),
    (["-f", "http://web"], UNAVAILABLE, (22, "curl: (22) The requested URL returned error: 503")),
    (["http://web"], NO_NAME, (6, "curl: (6) Could not resolve host: web")),
    (["-s", "http://web"], NO_NAME, (6, "")),                           # -s hides the error
    (["-sS", "http://web"], NO_NAME, (6, "curl: (6) Could not resolve host: web")),
    (["http://10.96.0.20"], REFUSED,
     (7, "curl: (7) Failed to connect to 10.96.0.20 port 80 after 0 ms: Couldn't connect to server")),
    (["-m", "5", "http://web"], DROPPED, (28, "curl: (28) Connection timed out after 5001 milliseconds")),
    (["-m", "2", "http://web"], HUNG,
     (28, "curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received")),
])
def test_curl(argv, response, expected):
    assert curl(argv, fetching(response)) == expected


@pytest.mark.parametrize("argv, response, expected", [
    (["-qO-", "http://web"], OK, (0, "hello")),
    (["-q", "-O", "-", "http://web"], OK, (0, "hello")),
    (["-qO-", "http://web"], NO_NAME, (1, "wget: bad address 'web'")),
    (["-qO-", "http://web"], REFUSED,
     (1, "wget: can't connect to remote host (10.96.0.20): Connection refused")),
    (["-qO-", "http://web"], UNAVAILABLE,
     (1, "wget: server returned error: HTTP/1.1 503 Service Temporarily Unavailable")),
    (["-O-", "http://web"], OK, (0, "Connecting to web (10.96.0.20:80)\nwriting to stdout\nhello\n"
                                    "-                    100% |********************************|"
                                    "     6  0:00:00 ETA\nwritten to stdout")),
])
def test_busybox_wget(argv, response, expected):
    assert wget(argv, fetching(response)) == expected


def test_images_declare_their_binaries():
    """busybox has wget and nslookup but no curl; nginx (Debian) the other way round."""
    busybox = CATALOGUE["docker.io/library/busybox"].binaries
    nginx = CATALOGUE["docker.io/library/nginx"].binaries
    assert {"wget", "nslookup", "sh"} <= busybox and "curl" not in busybox
    assert "curl" in nginx and not {"wget", "nslookup"} & nginx
    assert "curl" in CATALOGUE["docker.io/luksa/kubia"].binaries


def test_a_missing_binary_fails_as_runc_or_the_shell_says():
    busybox = CATALOGUE["docker.io/library/busybox"].binaries
    assert run(busybox, ["curl", "web"], None) == (
        126, 'OCI runtime exec failed: exec failed: unable to start container process: '
             'exec: "curl": executable file not found in $PATH: unknown')
    assert run(busybox, ["sh", "-c", "curl web"], None) == (127, "sh: curl: not found")
    assert run(CATALOGUE["docker.io/library/nginx"].binaries, ["sh", "-c", "wget web"],
               None) == (127, "sh: wget: not found")


def test_a_container_command_ending_in_a_network_tool_defers_it_to_the_runtime():
    program = run_shell(["sh", "-c", "echo start; wget -qO- http://web"])
    assert program.logs == ["start"] and program.tool == ["wget", "-qO-", "http://web"]


def test_a_host_header_reaches_the_request():
    seen = []
    fetch = lambda url, host="": seen.append(host) or OK  # noqa: E731
    curl(["-s", "-H", "Host: foo.bar.com", "http://192.168.1.240/"], fetch)
    wget(["-qO-", "--header", "Host: bar.foo.com", "http://192.168.1.240/"], fetch)
    curl(["-s", "-H", "Accept: */*", "http://192.168.1.240/"], fetch)
    assert seen == ["foo.bar.com", "bar.foo.com", ""]
