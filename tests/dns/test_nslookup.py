"""`nslookup` in a Pod as busybox 1.37 prints it (networking/nslookup.c: a dotless name
is asked under every search domain at once, A and AAAA; each reply printed as it comes)
and as bind9's nslookup does."""

from k8s_model import Cluster
from k8s_model.dns import nslookup

HEADER = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"


def test_short_name_shows_the_nxdomains_of_the_other_search_domains(app_cluster):
    """The answer, then `** server can't find` for the domains that do not hold it; the
    AAAA NODATA reply is a bare blank line. Exit status 1: some replies were NXDOMAIN."""
    ip = app_cluster.get("services", "web")["spec"]["clusterIP"]
    code, out = nslookup(app_cluster, "web", "client")
    assert code == 1
    assert out == (HEADER
                   + f"Name:\tweb.default.svc.cluster.local\nAddress: {ip}\n\n"
                   + "** server can't find web.svc.cluster.local: NXDOMAIN\n\n"
                   + "** server can't find web.cluster.local: NXDOMAIN\n\n"
                   + "\n"
                   + "** server can't find web.svc.cluster.local: NXDOMAIN\n\n"
                   + "** server can't find web.cluster.local: NXDOMAIN\n\n")


def test_dotted_name_is_asked_as_is(app_cluster):
    """busybox's known surprise: `web.default` gets no search domain, so CoreDNS forwards
    `web.default.` upstream and the answer is NXDOMAIN."""
    code, out = nslookup(app_cluster, "web.default", "client")
    assert (code, out) == (1, HEADER + "** server can't find web.default: NXDOMAIN\n\n" * 2)


def test_full_name(app_cluster):
    ip = app_cluster.get("services", "web")["spec"]["clusterIP"]
    code, out = nslookup(app_cluster, "web.default.svc.cluster.local", "client")
    assert (code, out) == (0, HEADER + f"Name:\tweb.default.svc.cluster.local\n"
                                       f"Address: {ip}\n\n\n")


def test_address_is_looked_up_in_reverse(app_cluster):
    code, out = nslookup(app_cluster, "10.96.0.10", "client")
    assert (code, out) == (0, HEADER + "10.0.96.10.in-addr.arpa\tname = "
                                       "kube-dns.kube-system.svc.cluster.local\n\n")


def test_bind9_prints_only_the_answer(app_cluster):
    ip = app_cluster.get("services", "web")["spec"]["clusterIP"]
    code, out = nslookup(app_cluster, "web", "client", flavour="bind9")
    assert (code, out) == (0, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
                              f"Name:\tweb.default.svc.cluster.local\nAddress: {ip}\n\n")
    code, out = nslookup(app_cluster, "nope", "client", flavour="bind9")
    assert code == 1 and out.endswith("** server can't find nope: NXDOMAIN\n\n")


def test_no_dns_server_times_out():
    """No CoreDNS endpoint: no reply to any query, nothing but the timeout line."""
    c = Cluster(nodes=1)
    c.kubectl("run client --image=busybox -- sleep 3600")
    c.kubectl("scale deployment coredns -n kube-system --replicas=0")
    c.advance(40)
    assert nslookup(c, "kubernetes", "client") == (
        1, ";; connection timed out; no servers could be reached\n\n")
