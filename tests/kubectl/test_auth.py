"""kubectl auth can-i / whoami, the global --as flags and kubectl's Forbidden messages.

Expected texts come from kubectl v1.35 (pkg/cmd/auth/cani.go, whoami.go; the client-side
errors checked with /usr/local/bin/kubectl) and kube-apiserver's responsewriters.Forbidden.
"""

import shutil
import subprocess

import pytest

from k8s_model import Cluster
from k8s_model.kubectl.describe.generic import describe_role
from tests.kubectl.stub_apiserver import serving

REAL_KUBECTL = "/usr/local/bin/kubectl"

# What every authenticated user may do: system:basic-user, system:discovery and
# system:public-info-viewer (the health URLs twice: both roles grant them).
BASIC_ROWS = """\
selfsubjectreviews.authentication.k8s.io        []                  []               [create]
selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]
selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]
"""
URL_ROWS = """\
                                                [/api/*]            []               [get]
                                                [/api]              []               [get]
                                                [/apis/*]           []               [get]
                                                [/apis]             []               [get]
                                                [/healthz]          []               [get]
                                                [/healthz]          []               [get]
                                                [/livez]            []               [get]
                                                [/livez]            []               [get]
                                                [/openapi/*]        []               [get]
                                                [/openapi]          []               [get]
                                                [/readyz]           []               [get]
                                                [/readyz]           []               [get]
                                                [/version/]         []               [get]
                                                [/version/]         []               [get]
                                                [/version]          []               [get]
                                                [/version]          []               [get]"""
HEADER = "Resources                                       Non-Resource URLs   Resource Names   Verbs\n"


@pytest.fixture
def cluster():
    return Cluster(nodes=0)


def refusal(cluster, command, stdin=None) -> str:
    with pytest.raises(Exception) as refused:
        cluster.kubectl(command, stdin)
    return str(refused.value)


# -- can-i ---------------------------------------------------------------------------------------
def test_can_i_list_for_the_kubeadm_admin(cluster):
    """What a kubeadm cluster's admin sees: cluster-admin's two rules first (verbs `[*]`
    sort before `[create]`), then what every authenticated user may do."""
    assert cluster.kubectl("auth can-i --list") == (
        HEADER
        + "*.*                                             []                  []               [*]\n"
        + "                                                [*]                 []               [*]\n"
        + BASIC_ROWS + URL_ROWS)


def test_can_i_list_breaks_down_compacts_and_sorts(cluster):
    cluster.kubectl("create role pod-reader --verb=get,list --resource=pods,pods/log")
    cluster.kubectl("create role cfg --verb=get --resource=configmaps --resource-name=app-config")
    cluster.kubectl("create rolebinding jane-pods --role=pod-reader --user=jane")
    cluster.kubectl("create rolebinding jane-cfg --role=cfg --user=jane")
    # SortableRuleSlice sorts by PolicyRule.String(), verbs first: `[get list]` < `[get]`.
    assert cluster.kubectl("auth can-i --list --as jane") == (
        HEADER + BASIC_ROWS
        + "pods/log                                        []                  []               [get list]\n"
        + "pods                                            []                  []               [get list]\n"
        + URL_ROWS + "\n"
        + "configmaps                                      []                  [app-config]     [get]")
    # Another namespace: only the cluster-wide rules; --no-headers drops the header.
    listed = cluster.kubectl("auth can-i --list --as jane -n kube-system --no-headers")
    assert listed.splitlines()[0].split() == ["selfsubjectreviews.authentication.k8s.io", "[]",
                                              "[]", "[create]"]
    assert "pods" not in listed


def test_can_i_answers_and_warnings(cluster):
    cluster.kubectl("create role cfg --verb=get --resource=configmaps --resource-name=app-config")
    cluster.kubectl("create rolebinding jane-cfg --role=cfg --user=jane")
    assert cluster.kubectl("auth can-i '*' '*'") == "yes"
    assert cluster.kubectl("auth can-i '*' '*' --as jane") == "no"
    assert cluster.kubectl("auth can-i get configmaps/app-config --as jane") == "yes"
    assert cluster.kubectl("auth can-i get configmaps/other --as jane") == "no"
    assert cluster.kubectl("auth can-i get /healthz --as jane") == "yes"
    assert cluster.kubectl("auth can-i get /metrics --as jane") == "no"
    assert cluster.kubectl("auth can-i create deployments.apps -q") == ""
    # Validate's warnings (to stderr, before the answer).
    assert cluster.kubectl("auth can-i list nodes --as jane") == \
        "Warning: resource 'nodes' is not namespace scoped\n\nno"
    assert cluster.kubectl("auth can-i list nodes -A") == "yes"
    assert cluster.kubectl("auth can-i frob pods") == \
        "Warning: verb 'frob' is not a known verb\n\nyes"
    assert cluster.kubectl("auth can-i get foos.example.com") == \
        "Warning: the server doesn't have a resource type 'foos' in group 'example.com'\n\nyes"
    assert cluster.kubectl("auth can-i impersonate users") == "yes"   # users: no warning


@pytest.mark.parametrize("command,error", [
    ("auth can-i --list extra", "error: list option must be specified with no arguments"),
    ("auth can-i get pods --no-headers", "error: --no-headers cannot be set without --list specified"),
    ("auth can-i get /x --subresource=log", "error: --subresource can not be used with NonResourceURL"),
    ("auth can-i --list -A", "error: list option can't be specified with neither quiet, "
                             "all-namespaces nor subresource options"),
    ("auth can-i get", "error: you must specify two arguments: verb resource or verb "
                       "resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples."),
    ("auth can-i get pods --as", "error: flag needs an argument: --as\n"
                                 "See 'kubectl auth can-i --help' for usage."),
    ("get pods --as-group=devs", "Error: requesting uid, groups or user-extra for  without "
                                 "impersonating a user"),
    ("auth whoami -o wide", 'error: unable to match a printer suitable for the output format '
                            '"wide", allowed formats are: go-template,go-template-file,json,jsonpath,'
                            'jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,yaml'),
])
def test_client_side_errors(cluster, command, error):
    """The texts /usr/local/bin/kubectl prints for the same mistakes."""
    assert refusal(cluster, command) == error


# -- whoami --------------------------------------------------------------------------------------
def test_whoami(cluster):
    assert cluster.kubectl("auth whoami") == (
        "ATTRIBUTE   VALUE\n"
        "Username    kubernetes-admin\n"
        "Groups      [kubeadm:cluster-admins system:authenticated]")
    assert cluster.kubectl("auth whoami --as=system:serviceaccount:dev:robot -o yaml") == (
        "apiVersion: authentication.k8s.io/v1\n"
        "kind: SelfSubjectReview\n"
        "metadata: {}\n"
        "status:\n"
        "  userInfo:\n"
        "    groups:\n"
        "    - system:serviceaccounts\n"
        "    - system:serviceaccounts:dev\n"
        "    - system:authenticated\n"
        "    username: system:serviceaccount:dev:robot")
    assert cluster.kubectl("auth whoami --as jane --as-group devs --as-uid 42") == (
        "ATTRIBUTE   VALUE\n"
        "Username    jane\n"
        "UID         42\n"
        "Groups      [devs system:authenticated]")


# -- --as and Forbidden on every command ---------------------------------------------------------
def forbidden(verb, resource, group="", namespace="default", name=""):
    subject = f"{resource}.{group}" if group else resource
    subject += f' "{name}"' if name else ""
    scope = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
    return (f'{subject} is forbidden: User "jane" cannot {verb} resource "{resource}" in API '
            f'group "{group}" {scope}')


CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n"


@pytest.mark.parametrize("command,stdin,error", [
    ("get pods --as jane", None, "Error from server (Forbidden): " + forbidden("list", "pods")),
    ("get pod web --as=jane", None,
     "Error from server (Forbidden): " + forbidden("get", "pods", name="web")),
    ("get nodes --as jane", None,
     "Error from server (Forbidden): " + forbidden("list", "nodes", namespace="")),
    ("describe pod web --as jane", None,
     "Error from server (Forbidden): " + forbidden("get", "pods", name="web")),
    ("delete pod web --as jane", None,
     "Error from server (Forbidden): " + forbidden("delete", "pods", name="web")),
    ("run web --image=nginx --as jane", None,
     "Error from server (Forbidden): " + forbidden("create", "pods")),
    # create_deployment.go wraps the error in its own words.
    ("create deployment web --image=nginx --as jane", None,
     "error: failed to create deployment: " + forbidden("create", "deployments", "apps")),
    ("create -f - --as jane", CONFIG_MAP,
     'Error from server (Forbidden): error when creating "STDIN": ' + forbidden("create", "configmaps")),
    # apply.go: the GET of the live object fails first.
    ("apply -f - --as jane", CONFIG_MAP,
     'Error from server (Forbidden): error when retrieving current configuration of:\n'
     'Resource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\n'
     'Name: "cfg", Namespace: "default"\n'
     'from server for: "STDIN": ' + forbidden("get", "configmaps", name="cfg")),
    ("label namespace default team=a --as jane", None,
     "Error from server (Forbidden): " + forbidden("get", "namespaces", namespace="", name="default")),
])
def test_every_command_asks_as_the_impersonated_user(cluster, command, stdin, error):
    assert refusal(cluster, command, stdin) == error


def test_impersonation_is_itself_authorized(cluster):
    """kubernetes-admin may impersonate anyone (cluster-admin); jane may not, even
    herself — so a --as given twice keeps the last, as pflag does."""
    cluster.kubectl("create rolebinding jane-views --clusterrole=view --user=jane")
    assert cluster.kubectl("get pods --as bob --as jane") == "No resources found in default namespace."
    cluster.kubectl("delete clusterrolebinding kubeadm:cluster-admins")
    assert refusal(cluster, "get pods --as jane") == (
        'Error from server (Forbidden): users "jane" is forbidden: User "kubernetes-admin" cannot '
        'impersonate resource "users" in API group "" at the cluster scope')


# -- describe role: the same rule arithmetic --------------------------------------------------------
ROLE = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
        "metadata": {"name": "r", "namespace": "default"},
        "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]},
                  {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["create"]},
                  {"nonResourceURLs": ["/x"], "verbs": ["get", "post"]}]}
DESCRIBED = (
    "Name:         r\n"
    "Labels:       <none>\n"
    "Annotations:  <none>\n"
    "PolicyRule:\n"
    "  Resources         Non-Resource URLs  Resource Names  Verbs\n"
    "  ---------         -----------------  --------------  -----\n"
    "  deployments.apps  []                 []              [create]\n"
    "                    [/x]               []              [get]\n"
    "  pods              []                 []              [get]\n"
    "                    [/x]               []              [post]\n")


def test_describe_role_sorts_rules_as_kubectl():
    """Rows sort by PolicyRule.String() (verbs first); a URL rule splits per verb."""
    assert describe_role(ROLE, None, {}, 0) == DESCRIBED


def test_describe_role_live_matches_kubectl(tmp_path):
    if not shutil.which(REAL_KUBECTL):
        pytest.skip("the real kubectl v1.35 is not installed")
    with serving({("roles", "r"): ROLE}) as url:
        done = subprocess.run([REAL_KUBECTL, f"--server={url}", f"--cache-dir={tmp_path}",
                               "describe", "role", "r"], capture_output=True, text=True)
    assert done.stdout == DESCRIBED
