"""What the routing lab reads off a node: one Service's kube-proxy rules, from their text.

The lab looks at a node the way an administrator does — `iptables-save -t nat` or
`ipvsadm -Ln` — and never at kube-proxy's memory. In iptables mode a Service port is a
KUBE-SVC- chain whose rules each jump to one endpoint's KUBE-SEP- chain; kube-proxy
writes the endpoint in the rule's comment (`"default/kubia -> 10.244.1.3:8080"`) and the
chance of taking it as `--probability` — 1/3, then 1/2 of the rest, then the last with
no match at all — which iptables-save prints back as the kernel stores it
(0.33333333349). ClientIP affinity puts `-m recent --rcheck` rules before them. In IPVS
mode a Service address is a virtual server (`TCP  10.96.0.10:80 rr`, `persistent 10800`
with affinity) and its endpoints are the real servers listed under it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field


@dataclass
class RuleTarget:
    """One way out of the Service's rules: an endpoint's chain or real server."""
    name: str                       # KUBE-SEP-… or `-> 10.244.1.3:8080`
    endpoint: str                   # ip:port
    probability: str | None = None  # as iptables-save prints it; None: the last rule


@dataclass
class ServiceRules:
    """The rules one node holds for one address of a Service."""
    mode: str                       # iptables or ipvs
    entry: str                      # KUBE-SVC-… chain, or the virtual server's title
    targets: list[RuleTarget] = field(default_factory=list)
    affinity: str = ""              # how ClientIP affinity shows in the rules, if it does
    excerpt: str = ""               # `iptables-save -t nat | grep NAME` or `ipvsadm -Ln`

    def endpoints(self) -> list[str]:
        return [t.endpoint for t in self.targets]


def _options(tokens: list[str]) -> dict[str, str]:
    """`--flag value` pairs of one saved rule (flags without a value map to "")."""
    found = {}
    for i, token in enumerate(tokens):
        if token.startswith("--"):
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            found[token] = "" if following.startswith("-") else following
    return found


def iptables_rules(saved: str, service: str, namespace: str = "default", port: int | None = None,
                   local: bool = False) -> ServiceRules:
    """The chain of `namespace/service`'s cluster IP (the one for `port`, if given) read
    from iptables-save; with `local`, its KUBE-SVL- twin, which externalTrafficPolicy
    Local sends outside traffic to (this node's endpoints only)."""
    label = f"{namespace}/{service}"
    excerpt = "\n".join(line for line in saved.splitlines() if service in line)
    rules = ServiceRules("iptables", "", excerpt=excerpt)
    parsed = [shlex.split(line) for line in saved.splitlines() if line.startswith("-A ")]
    for tokens in parsed:
        comment = _options(tokens).get("--comment", "")
        if tokens[1] == "KUBE-SERVICES" and comment.endswith(" cluster IP") \
                and comment.split(" ")[0].split(":")[0] == label \
                and (port is None or _options(tokens).get("--dport") == str(port)):
            rules.entry = tokens[tokens.index("-j") + 1]
    twin = rules.entry.replace("KUBE-SVC-", "KUBE-SVL-")
    if local and any(tokens[1] == twin for tokens in parsed):
        rules.entry = twin
    for tokens in parsed:
        if tokens[1] != rules.entry or "-j" not in tokens:
            continue
        target = tokens[tokens.index("-j") + 1]
        opts = _options(tokens)
        comment = opts.get("--comment", "")
        if "--rcheck" in opts:
            rules.affinity = f"recent {opts.get('--seconds', '?')} s"
        elif target.startswith("KUBE-SEP-") and " -> " in comment:
            rules.targets.append(RuleTarget(target, comment.split(" -> ", 1)[1],
                                            opts.get("--probability")))
    return rules


def ipvs_rules(listing: str, address: str) -> ServiceRules:
    """The virtual server for `address` (`ip:port`, TCP) in `ipvsadm -Ln`, with its real
    servers; an empty entry if this node has none."""
    rules = ServiceRules("ipvs", "", excerpt=listing.rstrip("\n"))
    current = False
    for line in listing.splitlines():
        words = line.split()
        if line.startswith(("TCP", "UDP", "SCTP", "FWM")) and len(words) >= 3:
            current = words[0] == "TCP" and words[1] == address
            if current:
                rules.entry = " ".join(words)
                if "persistent" in words:
                    rules.affinity = "persistent " + words[words.index("persistent") + 1]
        elif current and line.startswith("  -> ") and len(words) >= 4:
            rules.targets.append(RuleTarget(f"-> {words[1]}  {words[2]} {words[3]}", words[1]))
    return rules
