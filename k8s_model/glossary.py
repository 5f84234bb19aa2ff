"""The glossary: every term of the source notes, English and Korean side by side.

The Korean is the notes' own wording where they use one (파드, 레이블 셀렉터, 원하는 상태),
otherwise the term of the Korean Kubernetes documentation (kubernetes.io/ko). Each term
names the chapter that teaches it; the glossary notebook's tables are generated from this
list (`python tools/book.py`), and a test checks that every chapter named really uses
the term.

    >>> from k8s_model.glossary import lookup
    >>> print(lookup("레이블"))
"""

from __future__ import annotations

from dataclasses import dataclass

from .book import BY_NUMBER, link


@dataclass(frozen=True)
class Term:
    english: str
    korean: str
    chapter: str        # the chapter number that teaches it ("01" … "15")
    meaning: str
    topic: str

    def row(self) -> str:
        return (f"| **{self.english}** | {self.korean} | {self.meaning} | "
                f"{link(BY_NUMBER[self.chapter], self.chapter)} |")


# (english, korean, chapter, meaning) per topic, in the order the book teaches them.
_TOPICS: dict[str, list[tuple[str, str, str, str]]] = {
    "Containers and orchestration": [
        ("container", "컨테이너", "01", "an application packaged with what it needs to run, isolated by the kernel"),
        ("container infrastructure", "컨테이너 인프라 환경", "01", "many isolated containers sharing one Linux kernel"),
        ("container orchestration", "컨테이너 오케스트레이션", "01", "placing, restarting, scaling and connecting containers across machines automatically"),
        ("Kubernetes", "쿠버네티스", "01", "the open-source container orchestrator; k8s for short"),
        ("managed Kubernetes", "관리형 쿠버네티스", "01", "a cloud provider runs the control plane for you (EKS, GKE, AKS)"),
        ("desired state", "원하는 상태", "01", "what you declare in `spec`; controllers work to make the cluster match it"),
        ("current state", "현재 상태", "01", "what is actually true, reported in `status`"),
        ("imperative", "명령형", "01", "telling the cluster what to do, step by step (`kubectl create`, `scale`)"),
        ("declarative", "선언형", "01", "describing the result you want in a manifest (`kubectl apply -f`)"),
        ("object", "오브젝트", "01", "a persistent record in the API (a Pod, a Service…) with `metadata`, `spec` and `status`"),
        ("workload", "워크로드", "01", "an application running on Kubernetes, as a set of Pods"),
        ("microservice", "마이크로서비스", "06", "an application split into small services, each deployed on its own"),
    ],
    "The cluster and its components": [
        ("cluster", "클러스터", "02", "a set of nodes that run containerised applications, managed together"),
        ("node", "노드", "02", "a machine (virtual or physical) of the cluster"),
        ("control plane", "컨트롤 플레인", "02", "the components that manage the cluster; the notes' master node"),
        ("master node", "마스터 노드", "02", "the notes' name for the control-plane node; Kubernetes says control plane today"),
        ("worker node", "워커 노드", "02", "a node that runs the application Pods"),
        ("kubectl", "kubectl", "02", "the command-line client that sends requests to the API server"),
        ("kube-apiserver", "API 서버", "03", "the one door to the cluster's state; the only component that talks to etcd"),
        ("etcd", "etcd", "03", "the distributed, reliable key-value store holding every object"),
        ("authentication", "인증", "03", "finding out who sent a request"),
        ("authorization", "인가", "03", "deciding whether that user may do it (RBAC)"),
        ("admission", "어드미션", "03", "plugins that may change or refuse a request before it is stored"),
        ("validation", "검증", "03", "checking an object against the API's rules; an invalid object is refused"),
        ("resourceVersion", "리소스 버전", "03", "the etcd revision an object was last written at; used for watches and conflicts"),
        ("watch", "감시(watch)", "03", "a stream of changes from the API server; how every component notices work"),
        ("kube-controller-manager", "컨트롤러 매니저", "04", "one process running the built-in controllers"),
        ("controller", "컨트롤러", "04", "a loop that compares desired and current state and acts to close the gap"),
        ("reconcile loop", "조정 루프", "04", "a controller's observe–compare–act cycle"),
        ("node controller", "노드 컨트롤러", "04", "marks silent nodes NotReady/Unknown and taints them for eviction"),
        ("Lease", "리스", "04", "the object a kubelet renews every 10 s to say its node is alive"),
        ("kube-scheduler", "스케줄러", "05", "chooses a node for each new Pod: filter, then score"),
        ("filtering", "필터링", "05", "dropping nodes a Pod cannot run on (not enough CPU, a taint…)"),
        ("scoring", "점수 매기기 (우선순위 함수)", "05", "ranking the remaining nodes; the notes' priority functions"),
        ("kubelet", "kubelet", "02", "the node agent: runs the Pods bound to its node through the container runtime"),
        ("kube-proxy", "kube-proxy", "11", "programs each node's iptables or IPVS rules so Service IPs reach Pods"),
        ("kubeadm", "kubeadm", "02", "the tool that builds a cluster; runs the control plane as static Pods"),
        ("static Pod", "스태틱 파드", "02", "a Pod the kubelet runs from a file on its node, without the API server"),
        ("high availability", "고가용성", "08", "keeping a service up when parts fail, e.g. several replicas"),
    ],
    "Pods, labels and namespaces": [
        ("Pod", "파드", "06", "the smallest unit Kubernetes runs: one or more containers sharing network and storage"),
        ("network namespace", "네트워크 네임스페이스", "06", "the Pod's own network stack: one IP, shared by its containers"),
        ("volume", "볼륨", "10", "storage mounted into a Pod's containers; may outlive the Pod"),
        ("label", "레이블", "06", "a key/value pair attached to an object to organise it"),
        ("label selector", "레이블 셀렉터", "06", "a query over labels (`app=pc`, `env in (prod,devel)`, `!key1`)"),
        ("annotation", "어노테이션", "06", "a key/value note on an object for tools, not for selecting"),
        ("namespace", "네임스페이스", "06", "a non-overlapping group of objects in one cluster"),
        ("ResourceQuota", "리소스 쿼터", "06", "a cap on what a namespace may use"),
        ("centralised logging", "중앙집중식 로깅", "06", "shipping logs off the node so they survive the Pod"),
    ],
    "Keeping Pods running": [
        ("probe", "프로브", "07", "a check the kubelet runs on a container: HTTP GET, TCP socket, exec or gRPC"),
        ("liveness probe", "라이브니스 프로브", "07", "failing it restarts the container"),
        ("readiness probe", "레디니스 프로브", "07", "failing it takes the Pod out of Service endpoints, without a restart"),
        ("startup probe", "스타트업 프로브", "07", "holds the other probes back until a slow app has started"),
        ("CrashLoopBackOff", "CrashLoopBackOff", "07", "a container that keeps failing waits 10 s, 20 s, … up to 5 min between restarts"),
        ("ReplicationController", "레플리케이션 컨트롤러", "08", "the original keep-N-Pods controller; superseded by ReplicaSet"),
        ("ReplicaSet", "레플리카셋", "08", "keeps a number of Pods matching its selector running"),
        ("replica count", "레플리카 수", "08", "`spec.replicas`: how many Pods to keep"),
        ("Pod template", "파드 템플릿", "08", "the Pod a controller stamps out for each new replica"),
        ("load balancing", "로드 밸런싱", "08", "spreading work over several replicas"),
        ("Deployment", "디플로이먼트", "09", "manages ReplicaSets to roll out new versions"),
        ("rolling update", "롤링 업데이트", "09", "replacing Pods a few at a time (maxSurge, maxUnavailable)"),
        ("rollback", "롤백", "09", "returning to an earlier revision (`kubectl rollout undo`)"),
        ("DaemonSet", "데몬셋", "10", "one Pod on every (matching) node, e.g. kube-proxy, log collectors"),
        ("Job", "잡", "10", "Pods that run to completion"),
        ("CronJob", "크론잡", "10", "Jobs on a cron schedule"),
        ("StatefulSet", "스테이트풀셋", "10", "Pods with stable names, ordered start and their own volumes"),
        ("PersistentVolumeClaim", "퍼시스턴트 볼륨 클레임", "10", "a request for storage that a StatefulSet Pod keeps across restarts"),
    ],
    "Scheduling and node failure": [
        ("resource requests", "리소스 요청", "05", "the CPU and memory a container is guaranteed; what the scheduler counts"),
        ("node affinity", "노드 어피니티", "05", "rules attracting Pods to nodes with certain labels"),
        ("taint", "테인트", "05", "a mark on a node that repels Pods without a matching toleration"),
        ("toleration", "톨러레이션", "05", "lets a Pod run on (or stay on) a tainted node"),
        ("cordon", "코돈", "04", "marking a node unschedulable"),
        ("drain", "드레인", "04", "evicting a node's Pods before maintenance"),
        ("eviction", "축출", "04", "removing Pods from a node, e.g. after it has been unreachable for 5 minutes"),
    ],
    "Networking": [
        ("Service", "서비스", "11", "a stable virtual IP and DNS name in front of a changing set of Pods"),
        ("ClusterIP", "ClusterIP", "11", "the default Service type, reachable only inside the cluster"),
        ("NodePort", "NodePort", "11", "a Service also open on a port of every node"),
        ("LoadBalancer", "LoadBalancer", "11", "a Service given an external address by a load balancer"),
        ("ExternalName", "ExternalName", "11", "a Service that is only a DNS alias for an outside name"),
        ("EndpointSlice", "엔드포인트슬라이스", "11", "the list of ready Pod addresses behind a Service"),
        ("service discovery", "서비스 디스커버리", "11", "finding a Service by name, through cluster DNS"),
        ("session affinity", "세션 어피니티", "11", "`sessionAffinity: ClientIP`: one client, one Pod"),
        ("iptables", "iptables", "11", "the kernel's packet rules kube-proxy writes (KUBE-SVC, KUBE-SEP chains)"),
        ("IPVS", "IPVS", "11", "the kernel's load balancer; kube-proxy's other mode"),
        ("CoreDNS", "CoreDNS", "11", "the cluster DNS server, answering for `<service>.<namespace>.svc.cluster.local`"),
        ("Ingress", "인그레스", "12", "HTTP routing rules by host and path, carried out by an Ingress controller"),
        ("IngressClass", "인그레스클래스", "12", "which controller implements an Ingress"),
        ("proxy server", "프록시 서버", "12", "forwards requests by domain and path; what an Ingress controller is"),
        ("CNI", "CNI (컨테이너 네트워크 인터페이스)", "14", "the plugin interface that gives each Pod its network and IP"),
        ("network plugin", "네트워크 플러그인", "14", "the CNI plugin a cluster uses (Calico, Cilium, Flannel…)"),
    ],
    "Tools and runtimes": [
        ("manifest", "정의 파일 (매니페스트)", "13", "a YAML or JSON description of an object; the notes' definition file"),
        ("dry run", "드라이 런", "13", "`--dry-run=client|server`: check or print without creating anything"),
        ("container runtime", "컨테이너 런타임", "14", "the software that runs containers on a node (containerd, CRI-O)"),
        ("CRI", "CRI (컨테이너 런타임 인터페이스)", "14", "the gRPC API between the kubelet and a container runtime"),
        ("OCI", "OCI", "14", "the Open Container Initiative's image and runtime specifications"),
        ("containerd", "containerd", "14", "a CRI runtime; the core of Docker, used on its own by kubelets"),
        ("Docker", "도커", "14", "the container platform; since v1.24 not usable by the kubelet without cri-dockerd"),
        ("dockershim", "dockershim", "14", "the kubelet's old Docker adapter, removed in v1.24"),
        ("crictl", "crictl", "14", "the CRI debugging CLI from the Kubernetes community"),
        ("nerdctl", "nerdctl", "14", "a Docker-compatible CLI for containerd"),
    ],
    "Beyond": [
        ("RBAC", "역할 기반 접근 제어", "15", "Roles and bindings deciding who may do what"),
        ("Role", "롤", "15", "a set of permissions in one namespace (ClusterRole: cluster-wide)"),
        ("RoleBinding", "롤바인딩", "15", "grants a Role to users, groups or service accounts"),
        ("ServiceAccount", "서비스 어카운트", "15", "an identity for processes running in Pods"),
        ("CustomResourceDefinition", "커스텀 리소스 정의 (CRD)", "15", "adds a new kind to the API server"),
        ("HorizontalPodAutoscaler", "수평 파드 오토스케일러 (HPA)", "15", "changes a workload's replica count to keep a metric at its target"),
        ("VerticalPodAutoscaler", "수직 파드 오토스케일러 (VPA)", "15", "adjusts containers' requests and limits"),
        ("Cluster Autoscaler", "클러스터 오토스케일러 (CA)", "15", "adds nodes when Pods cannot be scheduled, removes idle ones"),
        ("cloud controller manager", "클라우드 컨트롤러 매니저", "15", "the control-plane part that talks to a cloud provider"),
        ("federation", "페더레이션", "15", "managing several clusters as one; see multi-cluster"),
        ("multi-cluster", "멀티 클러스터", "15", "running and managing workloads across several clusters"),
    ],
}

TERMS: tuple[Term, ...] = tuple(Term(en, ko, chapter, meaning, topic)
                                for topic, rows in _TOPICS.items()
                                for en, ko, chapter, meaning in rows)


def table(terms) -> str:
    rows = ["| English | 한국어 | meaning | chapter |", "|---|---|---|---|"]
    rows += [term.row() for term in terms]
    return "\n".join(rows)


def topic_tables() -> dict[str, str]:
    return {topic: table(t for t in TERMS if t.topic == topic) for topic in _TOPICS}


class Found(list):
    """Terms found by `lookup`, printed as lines: `레이블 셀렉터 — label selector (06): …`."""

    def __str__(self) -> str:
        if not self:
            return "no term found"
        return "\n".join(f"{t.english} — {t.korean} (chapter {t.chapter}): {t.meaning}"
                         for t in self)

    __repr__ = __str__


def lookup(text: str) -> Found:
    """Terms whose English or Korean contains `text` (case-insensitive)."""
    wanted = text.casefold()
    return Found(t for t in TERMS if wanted in t.english.casefold() or wanted in t.korean.casefold())
