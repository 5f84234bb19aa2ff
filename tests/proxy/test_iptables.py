"""kube-proxy's iptables rules: chain names, probabilities, the restore input and the
kernel's `iptables-save -t nat` (pkg/proxy/iptables/proxier.go)."""

from tests.proxy.conftest import make_service, make_slice

from k8s_model.proxy.iptables import IptablesProxier
from k8s_model.proxy.names import (SEP, SVC, compute_probability, endpoint_chain,
                                   saved_probability, service_chain)
from k8s_model.proxy.serviceport import endpoints_for, service_ports


def test_chain_names_match_upstream():
    """Literal names from upstream proxier_test.go: TestParseIPTablesData
    (ns1/svc1:p80 → KUBE-SVC-XPGD46QRK7WJZT7O, 10.180.0.1:80 → KUBE-SEP-SXIVWICOYRO3J4NJ)
    and TestInternalTrafficPolicyE2E (unnamed port ns1/svc1, endpoints 10.0.1.1–3:80)."""
    assert service_chain(SVC, "ns1/svc1:p80", "TCP") == "KUBE-SVC-XPGD46QRK7WJZT7O"
    assert endpoint_chain("ns1/svc1:p80", "TCP", "10.180.0.1:80") == SEP + "SXIVWICOYRO3J4NJ"
    assert service_chain(SVC, "ns1/svc1", "TCP") == "KUBE-SVC-AQI2S6QIMU7PVVRP"
    assert [endpoint_chain("ns1/svc1", "TCP", f"10.0.1.{i}:80") for i in (1, 2, 3)] == [
        "KUBE-SEP-3JOIVZTXZZRGORX4", "KUBE-SEP-IO5XOSKPAXIFQXAJ", "KUBE-SEP-XGJFVO3L2O5SRFNT"]
    # Every kubeadm cluster's `kubernetes` Service has this chain.
    assert service_chain(SVC, "default/kubernetes:https", "TCP") == "KUBE-SVC-NPX46M4PTMTKRN6Y"


def test_probabilities_as_written_and_as_saved():
    """computeProbability is fmt.Sprintf("%0.10f", 1/n); the kernel keeps lround(p·2³¹)
    and iptables-save prints %.11f of that, so 1/3 reads back as 0.33333333349."""
    assert [compute_probability(n) for n in (1, 2, 3, 4)] == [
        "1.0000000000", "0.5000000000", "0.3333333333", "0.2500000000"]
    assert [saved_probability(compute_probability(n)) for n in (1, 2, 3, 4)] == [
        "1.00000000000", "0.50000000000", "0.33333333349", "0.25000000000"]


# Upstream proxier_test.go, TestInternalTrafficPolicyE2E, clusterExpectedIPTables: Service
# ns1/svc1 (clusterIP 172.30.1.1, unnamed port 80/TCP), three ready endpoints 10.0.1.1–3,
# pod CIDR 10.0.0.0/8, mark 0x4000, localhostNodePorts on, no --random-fully.
UPSTREAM_EXPECTED = """\
*filter
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-3JOIVZTXZZRGORX4 - [0:0]
:KUBE-SEP-IO5XOSKPAXIFQXAJ - [0:0]
:KUBE-SEP-XGJFVO3L2O5SRFNT - [0:0]
:KUBE-SVC-AQI2S6QIMU7PVVRP - [0:0]
-A KUBE-SERVICES -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j KUBE-SVC-AQI2S6QIMU7PVVRP
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-3JOIVZTXZZRGORX4 -m comment --comment ns1/svc1 -s 10.0.1.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-3JOIVZTXZZRGORX4 -m comment --comment ns1/svc1 -m tcp -p tcp -j DNAT --to-destination 10.0.1.1:80
-A KUBE-SEP-IO5XOSKPAXIFQXAJ -m comment --comment ns1/svc1 -s 10.0.1.2 -j KUBE-MARK-MASQ
-A KUBE-SEP-IO5XOSKPAXIFQXAJ -m comment --comment ns1/svc1 -m tcp -p tcp -j DNAT --to-destination 10.0.1.2:80
-A KUBE-SEP-XGJFVO3L2O5SRFNT -m comment --comment ns1/svc1 -s 10.0.1.3 -j KUBE-MARK-MASQ
-A KUBE-SEP-XGJFVO3L2O5SRFNT -m comment --comment ns1/svc1 -m tcp -p tcp -j DNAT --to-destination 10.0.1.3:80
-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.1:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-3JOIVZTXZZRGORX4
-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-IO5XOSKPAXIFQXAJ
-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.3:80" -j KUBE-SEP-XGJFVO3L2O5SRFNT
COMMIT
"""


def by_chain(text: str) -> dict:
    """What upstream's assertIPTablesRulesEqual compares: per table, the declared chains
    and each chain's rules in order (it sorts chains, not rules)."""
    tables, table = {}, None
    for line in text.splitlines():
        if line.startswith("*"):
            table = tables.setdefault(line[1:], {"chains": set(), "rules": {}})
        elif line.startswith(":"):
            table["chains"].add(line)
        elif line.startswith("-A "):
            table["rules"].setdefault(line.split()[1], []).append(line)
    return tables


def test_restore_input_matches_upstream_for_three_endpoints():
    """The iptables-restore text kube-proxy writes equals upstream's expectation, chain
    for chain and rule for rule."""
    service = {"metadata": {"name": "svc1", "namespace": "ns1"},
               "spec": {"clusterIP": "172.30.1.1", "type": "ClusterIP",
                        "ports": [{"port": 80, "protocol": "TCP"}]}}
    eps = {"metadata": {"name": "svc1-1", "namespace": "ns1",
                        "labels": {"kubernetes.io/service-name": "svc1"}},
           "addressType": "IPv4", "ports": [{"name": "", "port": 80, "protocol": "TCP"}],
           "endpoints": [{"addresses": [ip], "conditions": {"ready": True}, "nodeName": node}
                         for ip, node in (("10.0.1.1", "test-hostname"), ("10.0.1.2", "host1"),
                                          ("10.0.1.3", "host2"))]}
    proxier = IptablesProxier("test-hostname", "192.168.0.2", cluster_cidr="10.0.0.0/8",
                              random_fully=False)
    (svc,) = service_ports(service)
    proxier.sync_proxy_rules({svc: endpoints_for(svc, [eps], "test-hostname")})
    assert by_chain(proxier.restore_data()) == by_chain(UPSTREAM_EXPECTED)


# `iptables-save -t nat` on node-1 for default/web:http (10.96.100.10:80 → :8080) with one
# endpoint on each worker: the kernel's canonical form (addresses first with /32, then -p,
# then match modules; MARK as --set-xmark; 1/3 as 0.33333333349), chains sorted.
# kubeadm's kube-dns Service is there too, one CoreDNS endpoint ready a second in; its
# chains carry the names every kubeadm cluster shows (KUBE-SVC-TCOU7JCQXEZGVUNU for
# kube-system/kube-dns:dns).
EXPECTED_SAVE = """\
# Generated by iptables-save v1.8.10 (nf_tables) on Thu Jan  1 00:00:01 2026
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-SEP-AFGSLHOD2HFNCBX4 - [0:0]
:KUBE-SEP-FIMWYXOJBPP32KI5 - [0:0]
:KUBE-SEP-HQQLGVWC5OFWA4VC - [0:0]
:KUBE-SEP-IT2ZTR26TO4XFPTO - [0:0]
:KUBE-SEP-N4G2XR5TDX7PQE7P - [0:0]
:KUBE-SEP-OAIGUPJHOE4YU7HS - [0:0]
:KUBE-SEP-YIL6JZP7A3QYXJU2 - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]
:KUBE-SVC-ERIFXISQEP7F7OF4 - [0:0]
:KUBE-SVC-JD5MR3NA4I4DYORP - [0:0]
:KUBE-SVC-NPX46M4PTMTKRN6Y - [0:0]
:KUBE-SVC-TCOU7JCQXEZGVUNU - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-AFGSLHOD2HFNCBX4 -s 10.244.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-AFGSLHOD2HFNCBX4 -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SEP-FIMWYXOJBPP32KI5 -s 192.168.1.10/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ
-A KUBE-SEP-FIMWYXOJBPP32KI5 -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.1.10:6443
-A KUBE-SEP-HQQLGVWC5OFWA4VC -s 10.244.3.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-HQQLGVWC5OFWA4VC -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.3.5:8080
-A KUBE-SEP-IT2ZTR26TO4XFPTO -s 10.244.0.2/32 -m comment --comment "kube-system/kube-dns:dns-tcp" -j KUBE-MARK-MASQ
-A KUBE-SEP-IT2ZTR26TO4XFPTO -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp" -m tcp -j DNAT --to-destination 10.244.0.2:53
-A KUBE-SEP-N4G2XR5TDX7PQE7P -s 10.244.0.2/32 -m comment --comment "kube-system/kube-dns:metrics" -j KUBE-MARK-MASQ
-A KUBE-SEP-N4G2XR5TDX7PQE7P -p tcp -m comment --comment "kube-system/kube-dns:metrics" -m tcp -j DNAT --to-destination 10.244.0.2:9153
-A KUBE-SEP-OAIGUPJHOE4YU7HS -s 10.244.2.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-OAIGUPJHOE4YU7HS -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.2.5:8080
-A KUBE-SEP-YIL6JZP7A3QYXJU2 -s 10.244.0.2/32 -m comment --comment "kube-system/kube-dns:dns" -j KUBE-MARK-MASQ
-A KUBE-SEP-YIL6JZP7A3QYXJU2 -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination 10.244.0.2:53
-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
-A KUBE-SERVICES -d 10.96.100.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp cluster IP" -m tcp --dport 53 -j KUBE-SVC-ERIFXISQEP7F7OF4
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "kube-system/kube-dns:metrics cluster IP" -m tcp --dport 9153 -j KUBE-SVC-JD5MR3NA4I4DYORP
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.96.100.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-AFGSLHOD2HFNCBX4
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.5:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-OAIGUPJHOE4YU7HS
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.3.5:8080" -j KUBE-SEP-HQQLGVWC5OFWA4VC
-A KUBE-SVC-ERIFXISQEP7F7OF4 ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp cluster IP" -m tcp --dport 53 -j KUBE-MARK-MASQ
-A KUBE-SVC-ERIFXISQEP7F7OF4 -m comment --comment "kube-system/kube-dns:dns-tcp -> 10.244.0.2:53" -j KUBE-SEP-IT2ZTR26TO4XFPTO
-A KUBE-SVC-JD5MR3NA4I4DYORP ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m comment --comment "kube-system/kube-dns:metrics cluster IP" -m tcp --dport 9153 -j KUBE-MARK-MASQ
-A KUBE-SVC-JD5MR3NA4I4DYORP -m comment --comment "kube-system/kube-dns:metrics -> 10.244.0.2:9153" -j KUBE-SEP-N4G2XR5TDX7PQE7P
-A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ
-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.1.10:6443" -j KUBE-SEP-FIMWYXOJBPP32KI5
-A KUBE-SVC-TCOU7JCQXEZGVUNU ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-MARK-MASQ
-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.0.2:53" -j KUBE-SEP-YIL6JZP7A3QYXJU2
COMMIT
# Completed on Thu Jan  1 00:00:01 2026
"""


def test_iptables_save_nat_for_a_three_endpoint_cluster_ip_service(cluster):
    """What `iptables-save -t nat` prints on node-1, line for line."""
    make_service(cluster)
    make_slice(cluster)
    assert cluster.kube_proxies["node-1"].iptables_save("nat") == EXPECTED_SAVE


def test_every_node_writes_the_same_service_chains(cluster):
    """Chain names depend only on the Service and endpoint, so all nodes agree."""
    make_service(cluster)
    make_slice(cluster)
    saves = {name: p.iptables_save().splitlines()[1:-1] for name, p in cluster.kube_proxies.items()}
    assert len({tuple(lines) for lines in saves.values()}) == 1


def test_no_endpoints_means_a_filter_reject_and_no_nat_chains(cluster):
    """A Service with no endpoints gets no KUBE-SVC chain, only the filter REJECT."""
    make_service(cluster)
    cluster.advance(1)
    proxy = cluster.kube_proxies["node-1"]
    assert "KUBE-SVC-CDGGSHYLG3RE2FKL" not in proxy.iptables_save("nat")
    assert ('-A KUBE-SERVICES -d 10.96.100.10/32 -p tcp -m comment --comment '
            '"default/web:http has no endpoints" -m tcp --dport 80 -j REJECT '
            '--reject-with icmp-port-unreachable') in proxy.iptables_save("filter").splitlines()


def test_client_ip_affinity_rules(cluster):
    """sessionAffinity ClientIP: `-m recent --rcheck --seconds <timeout> --reap` before the
    random rules, and `--set` in each SEP chain (writeServiceToEndpointRules)."""
    make_service(cluster, sessionAffinity="ClientIP",
                 sessionAffinityConfig={"clientIP": {"timeoutSeconds": 600}})
    make_slice(cluster)
    lines = cluster.kube_proxies["node-1"].iptables_save().splitlines()
    assert ('-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> '
            '10.244.1.5:8080" -m recent --rcheck --seconds 600 --reap --name '
            'KUBE-SEP-AFGSLHOD2HFNCBX4 --mask 255.255.255.255 --rsource -j '
            'KUBE-SEP-AFGSLHOD2HFNCBX4') in lines
    assert ('-A KUBE-SEP-AFGSLHOD2HFNCBX4 -p tcp -m comment --comment "default/web:http" '
            '-m recent --set --name KUBE-SEP-AFGSLHOD2HFNCBX4 --mask 255.255.255.255 '
            '--rsource -m tcp -j DNAT --to-destination 10.244.1.5:8080') in lines


def test_node_port_with_local_policy_uses_ext_and_svl_chains(cluster):
    """externalTrafficPolicy Local: KUBE-NODEPORTS → KUBE-EXT- (pod and LOCAL traffic
    short-circuit to KUBE-SVC-) → KUBE-SVL- with this node's endpoints only."""
    make_service(cluster, type_="NodePort", node_port=30080, externalTrafficPolicy="Local")
    make_slice(cluster)
    restore = cluster.kube_proxies["node-1"].proxier.restore_data().splitlines()
    assert ("-A KUBE-NODEPORTS -m comment --comment default/web:http -m tcp -p tcp "
            "--dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL") in restore
    assert [line for line in restore if line.startswith("-A KUBE-EXT-")] == [
        '-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "pod traffic for default/web:http '
        'external destinations" -s 10.244.0.0/16 -j KUBE-SVC-CDGGSHYLG3RE2FKL',
        '-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade LOCAL traffic for '
        'default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
        '-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "route LOCAL traffic for '
        'default/web:http external destinations" -m addrtype --src-type LOCAL -j '
        'KUBE-SVC-CDGGSHYLG3RE2FKL',
        "-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVL-CDGGSHYLG3RE2FKL"]
    assert [line for line in restore if line.startswith("-A KUBE-SVL-")] == [
        '-A KUBE-SVL-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> '
        '10.244.1.5:8080" -j KUBE-SEP-AFGSLHOD2HFNCBX4']
