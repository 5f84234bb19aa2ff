"""curl and wget, as they print a `Response` (curl 8.x; busybox 1.37's wget applet).

The request itself is `Cluster.request` (a callable `fetch(url) -> Response` here); these
functions only parse the tool's options and say what a terminal shows — stdout and
stderr in the order they appear — and the exit status:

    curl -s http://web            the body, exit 0 (an HTTP 503 is still exit 0; -f: 22)
    curl http://nope              curl: (6) Could not resolve host: nope          exit 6
    curl http://10.96.0.20        curl: (7) Failed to connect to 10.96.0.20 port 80
                                  after 0 ms: Couldn't connect to server           exit 7
    curl -m 5 http://dropped      curl: (28) Connection timed out after 5001 milliseconds
    wget -qO- http://web          the body, exit 0
    wget -qO- http://nope         wget: bad address 'nope'                        exit 1
    wget -O- http://web           Connecting to web (10.96.0.20:80), writing to stdout,
                                  the body, the progress bar, written to stdout

`-s` hides curl's error line unless `-S` brings it back (`-sS`, the usual pair).
"""

from __future__ import annotations

from typing import Callable

from .http import Response, parse_url

Fetch = Callable[..., Response]   # fetch(url, host="") -> Response; host: the Host header

# What curl_easy_strerror says for the codes a request in the model can end with.
COULDNT_CONNECT = "Couldn't connect to server"
# Linux gives up a SYN nobody answers after 6 retries (1+2+…+64 s) when no -m is given.
KERNEL_CONNECT_TIMEOUT_MS = 127000
# Reason phrases as the model's servers send them (nginx's own wording for 503).
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 400: "Bad Request",
           403: "Forbidden", 404: "Not Found", 500: "Internal Server Error",
           502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}


def status_line(status: int) -> str:
    return f"HTTP/1.1 {status} {REASONS.get(status, '')}".rstrip()


def resolved_address(response: Response, host: str) -> str:
    """The address the client connected to: the host itself if it is an IP."""
    return response.address or host


def _lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _body(text: str) -> str:
    return text.rstrip("\n")


# -- curl ---------------------------------------------------------------------------------------
def curl(argv: list[str], fetch: Fetch) -> tuple[int, str]:
    silent = show_error = fail = False
    max_time: float | None = None
    urls: list[str] = []
    host = ""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in ("-m", "--max-time", "--connect-timeout") and i + 1 < len(argv):
            max_time, i = float(argv[i + 1]), i + 2
            continue
        if word in ("-H", "--header") and i + 1 < len(argv):
            host, i = _host_header(argv[i + 1], host), i + 2
            continue
        if word.startswith("--max-time="):
            max_time = float(word.split("=", 1)[1])
        elif word == "--silent":
            silent = True
        elif word == "--show-error":
            show_error = True
        elif word == "--fail":
            fail = True
        elif word.startswith("-") and not word.startswith("--") and len(word) > 1:
            flags = word[1:]
            silent |= "s" in flags
            show_error |= "S" in flags
            fail |= "f" in flags
            if flags.endswith("m") and i + 1 < len(argv):
                max_time, i = float(argv[i + 1]), i + 2
                continue
        elif not word.startswith("-"):
            urls.append(word)
        i += 1
    if not urls:
        return 2, "curl: try 'curl --help' or 'curl --manual' for more information"
    code, out = 0, []
    for url in urls:
        code, text = _curl_one(url, fetch, silent and not show_error, fail, max_time, host)
        out.append(text)
    return code, _lines(*out)


def _host_header(header: str, current: str) -> str:
    """`Host: foo.bar.com` sets the Host header; any other header changes nothing here."""
    name, _, value = header.partition(":")
    return value.strip() if name.strip().lower() == "host" else current


def _curl_one(url: str, fetch: Fetch, quiet_errors: bool, fail: bool,
              max_time: float | None, host: str = "") -> tuple[int, str]:
    try:
        req = parse_url(url)
    except ValueError as bad:
        return 1, "" if quiet_errors else f"curl: (1) {bad} or disabled in libcurl"
    response = fetch(url, host)
    code, message = _curl_error(response, req.host, req.port, max_time)
    if code == 0 and fail and response.status >= 400:
        code, message = 22, f"The requested URL returned error: {response.status}"
    if code:
        return code, "" if quiet_errors else f"curl: ({code}) {message}"
    return 0, _body(response.body)


def _curl_error(response: Response, host: str, port: int,
                max_time: float | None) -> tuple[int, str]:
    error = response.error
    if error is None:
        return 0, ""
    if error == "Could not resolve host":
        return 6, f"Could not resolve host: {host}"
    if error == "Connection refused":
        return 7, f"Failed to connect to {host} port {port} after 0 ms: {COULDNT_CONNECT}"
    limit = f"{int(max_time * 1000) + 1}" if max_time is not None else None
    if error == "Connection timed out":
        if limit:
            return 28, f"Connection timed out after {limit} milliseconds"
        return 28, (f"Failed to connect to {host} port {port} after "
                    f"{KERNEL_CONNECT_TIMEOUT_MS} ms: {COULDNT_CONNECT}")
    # Connected, but no answer: curl waits as long as -m lets it (forever without it;
    # the model stops at the same line a -m would print).
    return 28, f"Operation timed out after {limit or 0} milliseconds with 0 bytes received"


# -- wget (busybox) -----------------------------------------------------------------------------
def wget(argv: list[str], fetch: Fetch) -> tuple[int, str]:
    quiet, output, urls, host = False, None, [], ""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--header" and i + 1 < len(argv):
            host, i = _host_header(argv[i + 1], host), i + 2
            continue
        if word in ("-O", "--output-document") and i + 1 < len(argv):
            output, i = argv[i + 1], i + 2
            continue
        if word in ("-T", "--timeout") and i + 1 < len(argv):
            i += 2
            continue
        if word.startswith("-") and not word.startswith("--") and len(word) > 1:
            flags = word[1:]
            quiet |= "q" in flags.split("O", 1)[0]
            if "O" in flags:
                rest = flags.split("O", 1)[1]
                if rest:
                    output = rest
                elif i + 1 < len(argv):
                    output, i = argv[i + 1], i + 2
                    continue
        elif word == "--quiet":
            quiet = True
        elif not word.startswith("-"):
            urls.append(word)
        i += 1
    if not urls:
        return 1, "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\n" \
                  "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]"
    out: list[str] = []
    for url in urls:
        code, text = _wget_one(url, fetch, quiet, output, host)
        out.append(text)
        if code:
            return code, _lines(*out)
    return 0, _lines(*out)


def _wget_one(url: str, fetch: Fetch, quiet: bool, output: str | None,
              host: str = "") -> tuple[int, str]:
    try:
        req = parse_url(url)
    except ValueError:
        return 1, f"wget: not an http or ftp url: {url}"
    response = fetch(url, host)
    if response.error == "Could not resolve host":
        return 1, f"wget: bad address '{req.host}'"
    address = resolved_address(response, req.host)
    lines = [] if quiet else [f"Connecting to {req.host} ({address}:{req.port})"]
    if response.error in ("Connection refused", "Connection timed out"):
        lines.append(f"wget: can't connect to remote host ({address}): {response.error}")
        return 1, _lines(*lines)
    if response.error is not None:
        lines.append("wget: download timed out")
        return 1, _lines(*lines)
    if response.status >= 400 or response.status < 200:
        lines.append(f"wget: server returned error: {status_line(response.status)}")
        return 1, _lines(*lines)
    to_stdout = output == "-"
    name = output or (req.path.rstrip("/").rsplit("/", 1)[-1] or "index.html")
    size = len(response.body.encode())
    if not quiet:
        lines.append("writing to stdout" if to_stdout else f"saving to '{name}'")
    if to_stdout:
        lines.append(_body(response.body))
    if not quiet:
        label = "-" if to_stdout else name
        lines.append(f"{label:<20.20s} 100% |{'*' * 32}| {size:5d}  0:00:00 ETA")
        lines.append("written to stdout" if to_stdout else f"'{name}' saved")
    return 0, _lines(*lines)


# -- what a Pod sees of the network (runtime/tools.Network) -------------------------------------
class PodNetwork:
    """The network as processes in one Pod see it: requests leave from the Pod (through
    `Cluster.request(url, client=<pod>)`), names resolve through its resolv.conf."""

    def __init__(self, cluster, pod: dict) -> None:
        self.cluster, self.pod = cluster, pod
        self.hostname = (pod.get("spec") or {}).get("hostname") or pod["metadata"]["name"]

    @classmethod
    def of_sandbox(cls, cluster, sandbox) -> "PodNetwork":
        """For the runtime: the network of the Pod a sandbox belongs to."""
        return cls(cluster, cluster.get("pods", sandbox.name, sandbox.namespace))

    def fetch(self, url: str, host: str = "") -> Response:
        meta = self.pod["metadata"]
        return self.cluster.request(url, client=meta["name"], namespace=meta["namespace"],
                                    host=host)

    def resolv_conf(self) -> str | None:
        from ..dns import resolv_conf

        return resolv_conf(self.pod).text()

    def nslookup(self, args: list[str]) -> tuple[int, str] | None:
        """`nslookup [-type=T] NAME [SERVER]` as busybox runs it in this Pod."""
        from ..dns import nslookup

        qtype = next((a.split("=", 1)[1] for a in args if a.startswith("-type=")), None)
        words = [a for a in args if not a.startswith("-")]
        if not words:
            return 1, "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\n" \
                      "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]"
        code, out = nslookup(self.cluster, words[0], self.pod,
                             self.pod["metadata"]["namespace"],
                             words[1] if len(words) > 1 else None, qtype)
        return code, out.rstrip("\n")
