"""What the kubelet writes to /etc/resolv.conf per dnsPolicy
(pkg/kubelet/network/dns/dns.go getPodDNSType, GetPodDNS, appendDNSConfig)."""

import pytest

from k8s_model.dns import resolv_conf

CLUSTER_FIRST = ("search prod.svc.cluster.local svc.cluster.local cluster.local\n"
                 "nameserver 10.96.0.10\noptions ndots:5\n")
NODE = "nameserver 192.168.1.1\n"


def pod(namespace="prod", **spec):
    return {"metadata": {"name": "p", "namespace": namespace},
            "spec": {"containers": [{"name": "c", "image": "busybox"}], **spec}}


@pytest.mark.parametrize("spec,text", [
    ({}, CLUSTER_FIRST),                                              # default ClusterFirst
    ({"dnsPolicy": "ClusterFirst"}, CLUSTER_FIRST),
    ({"dnsPolicy": "Default"}, NODE),
    ({"dnsPolicy": "ClusterFirst", "hostNetwork": True}, NODE),       # falls back to Default
    ({"dnsPolicy": "ClusterFirstWithHostNet", "hostNetwork": True}, CLUSTER_FIRST),
    ({"dnsPolicy": "None", "dnsConfig": {"nameservers": ["1.2.3.4"],
                                         "searches": ["ns1.svc.cluster-domain.example",
                                                      "my.dns.search.suffix"],
                                         "options": [{"name": "ndots", "value": "2"},
                                                     {"name": "edns0"}]}},
     # the Kubernetes docs' "Pod's DNS Config" example and the file it shows
     "search ns1.svc.cluster-domain.example my.dns.search.suffix\n"
     "nameserver 1.2.3.4\noptions ndots:2 edns0\n"),
    ({"dnsConfig": {"options": [{"name": "ndots", "value": "1"}], "searches": ["corp"]}},
     "search prod.svc.cluster.local svc.cluster.local cluster.local corp\n"
     "nameserver 10.96.0.10\noptions ndots:1\n"),
], ids=["default", "ClusterFirst", "Default", "hostNetwork", "WithHostNet", "None",
        "merged dnsConfig"])
def test_resolv_conf_text(spec, text):
    """The file's text for each dnsPolicy, dnsConfig merged in."""
    assert resolv_conf(pod(**spec)).text() == text


def test_ndots_read_from_options():
    assert resolv_conf(pod()).ndots == 5
    assert resolv_conf(pod(dnsPolicy="Default")).ndots == 1


def test_a_running_pod_gets_its_namespace_search_list(app_cluster):
    """cluster.dns.resolv_conf reads the Pod from the API."""
    assert app_cluster.dns.resolv_conf("client").text().startswith(
        "search default.svc.cluster.local ")
