"""`nslookup NAME` inside a Pod, as busybox 1.37 prints it (networking/nslookup.c),
or as Debian's bind9-dnsutils nslookup does (`flavour="bind9"`).

busybox does not use the libc resolver. It reads /etc/resolv.conf itself and, for a
name *without a dot*, asks for `NAME.<domain>` for every search domain at once — never
for NAME alone; a name *with* a dot is asked as-is only, whatever ndots says. It sends
an A and an AAAA query for each, and prints every reply as it comes: the records, or
`** server can't find X: NXDOMAIN` for a failed one (and exits 1). That is why, in a
Pod, `nslookup web` shows the answer among NXDOMAINs for the other search domains, and
`nslookup web.default` fails outright: `web.default.` is not a name CoreDNS knows (the
search list would have made it web.default.svc.cluster.local).

    Server:		10.96.0.10
    Address:	10.96.0.10:53

    Name:	web.default.svc.cluster.local
    Address: 10.96.0.20

    ** server can't find web.svc.cluster.local: NXDOMAIN
    …

An empty NOERROR reply (NODATA: the AAAA of an IPv4 Service) prints just its blank
line. No reply at all: `;; connection timed out; no servers could be reached`.

bind9's nslookup follows the search list like the libc (as-is first when the name has
ndots dots) and prints only the answer it settles on, with `Address: 10.96.0.10#53`.
"""

from __future__ import annotations

from .message import NOERROR, Answer, reverse_name
from .resolver import TIMED_OUT, Exchange, asker_for, candidates, exchange



def nslookup(cluster, name: str, pod, namespace: str = "default", server: str | None = None,
             qtype: str | None = None, flavour: str = "busybox") -> tuple[int, str]:
    """(exit code, stdout) of `nslookup [-type=T] NAME [SERVER]` run in `pod`."""
    asker = asker_for(cluster, pod, None, namespace)
    servers = [server] if server else (asker.conf.nameservers or ["127.0.0.1"])
    if flavour == "bind9":
        return _bind9(cluster, asker, name, servers)
    ptr = reverse_name(name)
    queries = [(ptr.rstrip("."), "PTR")] if ptr and not qtype else [
        (q, t) for t in ([qtype.upper()] if qtype else ["A", "AAAA"])
        for q in _with_search(name, asker.conf.searches)]
    for ns in servers:
        replies = [exchange(cluster, asker, ns, q, t) for q, t in queries]
        if any(r.answer is not None for r in replies):
            return _busybox_output(ns, replies)
    return 1, TIMED_OUT + "\n\n"


def _with_search(name: str, searches: list[str]) -> list[str]:
    """add_query_with_search: only a dotless name gets the search domains."""
    if not searches or "." in name:
        return [name]
    return [f"{name}.{domain}" for domain in searches]


def _busybox_output(server: str, replies: list[Exchange]) -> tuple[int, str]:
    out = [f"Server:\t\t{server}\n", f"Address:\t{server}:53\n\n"]
    code = 0
    for reply in replies:
        if reply.answer is None:
            continue
        if reply.answer.rcode != NOERROR:
            out.append(f"** server can't find {reply.qname}: {reply.answer.rcode}\n")
            code = 1
        else:
            out.append(_records(reply.answer))
        out.append("\n")
    missing = [r.qname for r in replies if r.answer is None]
    if missing:
        out += [f"*** Can't find {q}: No answer\n" for q in missing] + ["\n"]
    return code, "".join(out)


def _records(answer: Answer) -> str:
    """parse_reply: one block per answer record (names without their final dot)."""
    out = "" if answer.authoritative else "Non-authoritative answer:\n"
    for rr in answer.answer:
        name, data = rr.name.rstrip("."), rr.data.rstrip(".")
        if rr.type in ("A", "AAAA"):
            out += f"Name:\t{name}\nAddress: {data}\n"
        elif rr.type == "CNAME":
            out += f"{name}\tcanonical name = {data}\n"
        elif rr.type == "PTR":
            out += f"{name}\tname = {data}\n"
        elif rr.type == "SRV":
            out += f"{name}\tservice = {data}\n"
    return out


def _bind9(cluster, asker, name: str, servers: list[str]) -> tuple[int, str]:
    """bind9 nslookup: the first candidate that answers, printed once."""
    ptr = reverse_name(name)
    names = [ptr] if ptr else candidates(name, asker.conf, "glibc")
    for ns in servers:
        header = f"Server:\t\t{ns}\nAddress:\t{ns}#53\n\n"
        for candidate in names:
            reply = exchange(cluster, asker, ns, candidate, "PTR" if ptr else "A")
            if reply.answer is None:
                break
            if reply.answer.rcode == NOERROR and reply.answer.answer:
                extra = "" if ptr else _records(
                    exchange(cluster, asker, ns, candidate, "AAAA").answer or Answer("", ""))
                body = _records(reply.answer) + extra.replace("Non-authoritative answer:\n", "")
                return 0, header + body + "\n"
        else:
            return 1, header + f"** server can't find {name}: NXDOMAIN\n\n"
    return 1, TIMED_OUT + "\n\n"
