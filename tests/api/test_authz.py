"""Authorization: RBAC for users, the real Forbidden message."""

import pytest

from k8s_model import Cluster


@pytest.fixture
def cluster():
    return Cluster(nodes=0)


def test_user_without_bindings_is_forbidden(cluster):
    with pytest.raises(Exception) as refused:
        cluster.kubectl("get pods --as jane")
    assert str(refused.value) == ('Error from server (Forbidden): pods is forbidden: User "jane" '
                                  'cannot list resource "pods" in API group "" in the namespace '
                                  '"default"')


def test_role_and_binding_grant_exactly_their_rules(cluster):
    cluster.apply("""\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: jane-reads-pods
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
""")
    assert cluster.kubectl("get pods --as jane") == "No resources found in default namespace."
    with pytest.raises(Exception) as refused:
        cluster.kubectl("get deployments --as jane")
    assert str(refused.value) == (
        'Error from server (Forbidden): deployments.apps is forbidden: User "jane" cannot list '
        'resource "deployments" in API group "apps" in the namespace "default"')
    with pytest.raises(Exception) as other_ns:
        cluster.kubectl("get pods -n kube-system --as jane")
    assert 'in the namespace "kube-system"' in str(other_ns.value)


def test_cluster_scoped_refusal_says_cluster_scope(cluster):
    with pytest.raises(Exception) as refused:
        cluster.kubectl("get nodes --as jane")
    assert str(refused.value) == ('Error from server (Forbidden): nodes is forbidden: User "jane" '
                                  'cannot list resource "nodes" in API group "" at the cluster '
                                  'scope')


def test_auth_can_i_asks_the_authorizer(cluster):
    """`kubectl auth can-i` answers yes/no as the RBAC rules decide."""
    assert cluster.kubectl("auth can-i create deployments") == "yes"
    assert cluster.kubectl("auth can-i list pods --as jane") == "no"
    cluster.kubectl("create role pod-reader --verb=get,list --resource=pods")
    cluster.kubectl("create rolebinding jane-reads --role=pod-reader --user=jane")
    assert cluster.kubectl("auth can-i list pods --as jane") == "yes"
    assert cluster.kubectl("auth can-i delete pods --as jane") == "no"
    assert cluster.kubectl("auth can-i list pods -n kube-system --as jane") == "no"


# -- RuleAllows (plugin/pkg/auth/authorizer/rbac/rbac_test.go TestRuleMatches) -------------------
from k8s_model.api import rbac_rules  # noqa: E402
from k8s_model.api.authz import Attributes, User  # noqa: E402
from k8s_model.api.rbac import rule_allows  # noqa: E402

SOMEONE = User("someone")


def resource_request(verb, group, resource, subresource=""):
    return Attributes(SOMEONE, verb, group, resource, subresource)


def url_request(verb, path):
    return Attributes(SOMEONE, verb, path=path)


RULE_MATCHES = [
    ("star verb", {"verbs": ["*"], "apiGroups": ["group1"], "resources": ["resource1"]}, [
        (resource_request("verb1", "group1", "resource1"), True),
        (resource_request("verb1", "group2", "resource1"), False),
        (resource_request("verb1", "group1", "resource2"), False),
        (resource_request("verb2", "group1", "resource1"), True)]),
    ("star group", {"verbs": ["verb1"], "apiGroups": ["*"], "resources": ["resource1"]}, [
        (resource_request("verb1", "group1", "resource1"), True),
        (resource_request("verb1", "group2", "resource1"), True),
        (resource_request("verb1", "group1", "resource2"), False),
        (resource_request("verb2", "group1", "resource1"), False)]),
    ("star resource", {"verbs": ["verb1"], "apiGroups": ["group1"], "resources": ["*"]}, [
        (resource_request("verb1", "group1", "resource1"), True),
        (resource_request("verb1", "group1", "resource2"), True),
        (resource_request("verb1", "group2", "resource1"), False)]),
    ("tuple expansion", {"verbs": ["verb1", "verb2"], "apiGroups": ["group1", "group2"],
                         "resources": ["resource1", "resource2"]}, [
        (resource_request(v, g, r), True) for v in ("verb1", "verb2")
        for g in ("group1", "group2") for r in ("resource1", "resource2")]),
    ("subresource expansion", {"verbs": ["*"], "apiGroups": ["*"],
                               "resources": ["resource1/subresource1"]}, [
        (resource_request("verb1", "group1", "resource1", "subresource1"), True),
        (resource_request("verb1", "group2", "resource1", "subresource2"), False),
        (resource_request("verb1", "group1", "resource2", "subresource1"), False),
        (resource_request("verb1", "group1", "resource1"), False)]),
    ("star subresource (ResourceMatches' */subresource)", {
        "verbs": ["get"], "apiGroups": ["*"], "resources": ["*/scale"]}, [
        (resource_request("get", "apps", "deployments", "scale"), True),
        (resource_request("get", "apps", "deployments"), False),
        (resource_request("get", "apps", "deployments", "status"), False)]),
    ("star nonresource", {"verbs": ["verb1"], "nonResourceURLs": ["*"]}, [
        (url_request("verb1", "/foo"), True),
        (url_request("verb1", "/foo/bar/one"), True),
        (url_request("verb2", "/foo"), False)]),
    ("star nonresource subpath", {"verbs": ["verb1"], "nonResourceURLs": ["/foo/*"]}, [
        (url_request("verb1", "/foo"), False),
        (url_request("verb1", "/foo/bar"), True),
        (url_request("verb1", "/foo/bar/one"), True),
        (url_request("verb1", "/fooo"), False)]),
    ("resource names", {"verbs": ["get"], "apiGroups": [""], "resources": ["configmaps"],
                        "resourceNames": ["cfg"]}, [
        (Attributes(SOMEONE, "get", "", "configmaps", name="cfg"), True),
        (Attributes(SOMEONE, "get", "", "configmaps", name="other"), False),
        (Attributes(SOMEONE, "get", "", "configmaps"), False)]),
]


@pytest.mark.parametrize("name,rule,cases", RULE_MATCHES, ids=[c[0] for c in RULE_MATCHES])
def test_rule_matches(name, rule, cases):
    assert [rule_allows(attributes, rule) for attributes, _ in cases] == \
        [expected for _, expected in cases]


# -- the authorizer over stored roles (rbac_test.go TestAuthorizer) ------------------------------
STAR_ROLE = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: star
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: star
  namespace: ns1
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: star}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: joe}
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: admins}
"""


def decide(cluster, user, verb, resource, namespace="", group="", subresource="", name=""):
    return cluster.api.authorizer.allowed(
        Attributes(user, verb, group, resource, subresource, namespace, name))


def test_a_role_binding_grants_a_cluster_role_in_its_namespace_only(cluster):
    cluster.kubectl("create namespace ns1")
    cluster.apply(STAR_ROLE)
    joe, admins = User("joe"), User("anne", ("admins", "system:authenticated"))
    assert decide(cluster, joe, "get", "pods", "ns1")
    assert decide(cluster, admins, "watch", "foobar", "ns1")
    assert not decide(cluster, joe, "get", "pods", "ns2")
    assert not decide(cluster, joe, "get", "nodes")         # cluster scope: no RoleBinding counts
    assert not decide(cluster, User("anne"), "get", "pods", "ns1")


def test_a_binding_to_a_missing_role_grants_nothing_and_says_why(cluster):
    cluster.kubectl("create rolebinding jane-reads --role=pod-reader --user=jane")
    with pytest.raises(Exception) as refused:
        cluster.kubectl("get pods --as jane")
    # rbac.go: the resolution errors become the reason, appended by responsewriters.Forbidden.
    assert str(refused.value) == (
        'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource '
        '"pods" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io '
        '"pod-reader" not found')
    assert cluster.kubectl("auth can-i list pods --as jane") == \
        'no - RBAC: role.rbac.authorization.k8s.io "pod-reader" not found'
    cluster.kubectl("create role pod-reader --verb=list --resource=pods")
    assert cluster.kubectl("auth can-i list pods --as jane") == "yes"


def test_service_account_subjects_and_groups(cluster):
    cluster.kubectl("create namespace dev")
    cluster.kubectl("create role pod-reader -n dev --verb=list --resource=pods")
    # A ServiceAccount subject without a namespace is the RoleBinding's own namespace's.
    cluster.apply("""\
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: robot-reads, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- {kind: ServiceAccount, name: robot}
""")
    assert cluster.kubectl("auth can-i list pods -n dev --as=system:serviceaccount:dev:robot") == "yes"
    assert cluster.kubectl("auth can-i list pods -n dev --as=system:serviceaccount:other:robot") == "no"
    # Impersonating a ServiceAccount brings its groups: system:serviceaccounts:<ns>.
    cluster.kubectl("create rolebinding all-dev-accounts -n dev --role=pod-reader "
                    "--group=system:serviceaccounts:dev")
    assert cluster.kubectl("auth can-i list pods -n dev --as=system:serviceaccount:dev:any") == "yes"


def test_the_admin_is_powerful_only_through_its_binding(cluster):
    """kubeadm (v1.29+) binds the admin.conf group kubeadm:cluster-admins to cluster-admin
    instead of putting the admin in system:masters."""
    cluster.kubectl("delete clusterrolebinding kubeadm:cluster-admins")
    with pytest.raises(Exception) as refused:
        cluster.kubectl("get pods")
    assert 'User "kubernetes-admin" cannot list resource "pods"' in str(refused.value)


# -- impersonation (filters/impersonation.go) ------------------------------------------------------
def test_impersonation_is_authorized_for_the_real_user(cluster):
    from k8s_model.api import resources
    from k8s_model.api.impersonation import Impersonation
    from k8s_model.api.server import Request

    pods = resources.by_plural("pods")
    jane = User("jane")

    def as_jane(wanted):
        return cluster.api.handle(Request("list", pods, "default", user=jane, impersonate=wanted))

    with pytest.raises(Exception) as refused:
        as_jane(Impersonation("bob"))
    assert str(refused.value) == (
        'Error from server (Forbidden): users "bob" is forbidden: User "jane" cannot impersonate '
        'resource "users" in API group "" at the cluster scope')
    with pytest.raises(Exception) as refused:
        as_jane(Impersonation("system:serviceaccount:dev:robot"))
    assert str(refused.value) == (
        'Error from server (Forbidden): serviceaccounts "robot" is forbidden: User "jane" cannot '
        'impersonate resource "serviceaccounts" in API group "" in the namespace "dev"')
    cluster.kubectl("create clusterrole impersonator --verb=impersonate --resource=users")
    cluster.kubectl("create clusterrolebinding jane-impersonates --clusterrole=impersonator --user=jane")
    with pytest.raises(Exception) as refused:   # now jane may act as bob, and bob may not list
        as_jane(Impersonation("bob"))
    assert 'User "bob" cannot list resource "pods"' in str(refused.value)
    with pytest.raises(Exception) as refused:   # a group is one more thing to impersonate
        as_jane(Impersonation("bob", ("devs",)))
    assert str(refused.value).startswith('Error from server (Forbidden): groups "devs" is forbidden')


def test_impersonated_groups():
    from k8s_model.api.impersonation import Impersonation, impersonate

    class Allow:
        def decide(self, attributes):
            return True, ""

    admin = User("admin", ("system:masters",))
    assert impersonate(Allow(), admin, Impersonation("jane")) == User("jane", ("system:authenticated",))
    assert impersonate(Allow(), admin, Impersonation("jane", ("devs",), "42")) == \
        User("jane", ("devs", "system:authenticated"), "42")
    assert impersonate(Allow(), admin, Impersonation("system:serviceaccount:dev:robot")).groups == \
        ("system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated")
    assert impersonate(Allow(), admin, Impersonation("system:anonymous")).groups == \
        ("system:unauthenticated",)


# -- the bootstrap policy (bootstrappolicy/testdata/cluster-roles.yaml) ----------------------------
def test_bootstrap_roles_are_stored_labelled_and_aggregated(cluster):
    roles = {r["metadata"]["name"]: r for r in cluster.list("clusterroles")}
    for name in ("cluster-admin", "admin", "edit", "view", "system:basic-user",
                 "system:discovery", "system:public-info-viewer"):
        assert roles[name]["metadata"]["labels"]["kubernetes.io/bootstrapping"] == "rbac-defaults"
        assert roles[name]["metadata"]["annotations"] == {
            "rbac.authorization.kubernetes.io/autoupdate": "true"}
    assert roles["view"]["aggregationRule"] == {"clusterRoleSelectors": [
        {"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}}]}
    # view ⊂ edit ⊂ admin, as the clusterrole aggregation controller unions them.
    view, edit, admin = (roles[n]["rules"] for n in ("view", "edit", "admin"))
    assert view == roles["system:aggregate-to-view"]["rules"]
    assert edit == roles["system:aggregate-to-edit"]["rules"] + view
    assert admin == edit + roles["system:aggregate-to-admin"]["rules"]
    bindings = {b["metadata"]["name"]: b for b in cluster.list("clusterrolebindings")}
    assert bindings["cluster-admin"]["subjects"] == [
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:masters"}]
    assert [s["name"] for s in bindings["system:public-info-viewer"]["subjects"]] == \
        ["system:authenticated", "system:unauthenticated"]


def test_view_edit_admin_in_a_namespace(cluster):
    for role, user in (("view", "viewer"), ("edit", "editor"), ("admin", "boss")):
        cluster.kubectl(f"create rolebinding {user} --clusterrole={role} --user={user}")

    def can(user, question):
        return cluster.kubectl(f"auth can-i {question} --as {user}")

    assert [can(u, "list pods") for u in ("viewer", "editor", "boss")] == ["yes"] * 3
    assert [can(u, "get secrets") for u in ("viewer", "editor", "boss")] == ["no", "yes", "yes"]
    assert [can(u, "create deployments.apps") for u in ("viewer", "editor", "boss")] == \
        ["no", "yes", "yes"]
    assert [can(u, "create rolebindings") for u in ("viewer", "editor", "boss")] == ["no", "no", "yes"]
    assert can("boss", "list nodes").endswith("no")       # namespace admin, not cluster admin
    assert can("nobody", "get /healthz") == "yes"         # system:public-info-viewer


# -- escalation prevention (pkg/registry/rbac/.../policybased/storage.go) --------------------------
@pytest.fixture
def jane_manages_roles(cluster):
    cluster.kubectl("create role role-manager --verb=create,get,list,update,patch "
                    "--resource=roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io,pods")
    cluster.kubectl("create rolebinding jane-manages --role=role-manager --user=jane")
    return cluster


def test_a_role_may_not_grant_what_its_writer_lacks(jane_manages_roles):
    cluster = jane_manages_roles
    assert cluster.kubectl("create role pod-lister --verb=list --resource=pods --as jane") == \
        "role.rbac.authorization.k8s.io/pod-lister created"
    with pytest.raises(Exception) as refused:
        cluster.kubectl("create role secret-reader --verb=get,list --resource=secrets,pods --as jane")
    assert str(refused.value) == (
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io "secret-reader" is '
        'forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC '
        'permissions not currently held:\n'
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}')
    assert cluster.kubectl_client.get_or_none("roles", "default", "secret-reader") is None
    # The `escalate` verb on roles lifts the check.
    cluster.kubectl("create role escalator --verb=escalate --resource=roles.rbac.authorization.k8s.io")
    cluster.kubectl("create rolebinding jane-escalates --role=escalator --user=jane")
    assert cluster.kubectl("create role secret-reader --verb=get --resource=secrets --as jane") == \
        "role.rbac.authorization.k8s.io/secret-reader created"


def test_a_binding_may_not_grant_a_role_its_writer_lacks(jane_manages_roles):
    cluster = jane_manages_roles
    cluster.kubectl("create role pod-lister --verb=list --resource=pods")
    assert cluster.kubectl("create rolebinding bob-lists --role=pod-lister --user=bob --as jane") == \
        "rolebinding.rbac.authorization.k8s.io/bob-lists created"
    with pytest.raises(Exception) as refused:
        cluster.kubectl("create rolebinding bob-edits --clusterrole=edit --user=bob --as jane")
    assert str(refused.value).startswith(
        'error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "bob-edits" '
        'is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC '
        'permissions not currently held:\n{APIGroups:[""], Resources:["bindings"], Verbs:[')
    with pytest.raises(Exception) as missing:
        cluster.kubectl("create rolebinding bob-x --role=missing --user=bob --as jane")
    assert str(missing.value) == ('error: failed to create rolebinding: '
                                  'roles.rbac.authorization.k8s.io "missing" not found')
    # `bind` on that very role lifts the check.
    cluster.kubectl("create clusterrole edit-binder --verb=bind --resource=clusterroles "
                    "--resource-name=edit")
    cluster.kubectl("create rolebinding jane-binds-edit --clusterrole=edit-binder --user=jane")
    assert cluster.kubectl("create rolebinding bob-edits --clusterrole=edit --user=bob --as jane") == \
        "rolebinding.rbac.authorization.k8s.io/bob-edits created"


def test_an_aggregation_rule_needs_cluster_admin(cluster):
    cluster.kubectl("create clusterrole role-writer --verb=create --resource=clusterroles")
    cluster.kubectl("create clusterrolebinding jane-writes --clusterrole=role-writer --user=jane")
    with pytest.raises(Exception) as refused:
        cluster.kubectl("create clusterrole monitoring --aggregation-rule=team=monitoring --as jane")
    assert str(refused.value) == (
        'Error from server (Forbidden): clusterroles.rbac.authorization.k8s.io "monitoring" is '
        'forbidden: must have cluster-admin privileges to use the aggregationRule')


# -- rule arithmetic (component-helpers policy_comparator_test.go, rbac helpers) -------------------
def test_covers_and_compact_string():
    owner = [{"verbs": ["get", "list"], "apiGroups": [""], "resources": ["pods", "*/scale"]},
             {"verbs": ["get"], "nonResourceURLs": ["/api/*"]}]
    assert rbac_rules.covers(owner, [{"verbs": ["get"], "apiGroups": [""],
                                      "resources": ["pods", "deployments/scale"]}]) == []
    assert rbac_rules.covers(owner, [{"verbs": ["get"], "nonResourceURLs": ["/api/v1"]}]) == []
    missing = rbac_rules.covers(owner, [{"verbs": ["get", "delete"], "apiGroups": [""],
                                         "resources": ["pods"], "resourceNames": ["web"]}])
    assert [rbac_rules.compact_string(r) for r in rbac_rules.compact(missing)] == [
        '{APIGroups:[""], Resources:["pods"], ResourceNames:["web"], Verbs:["delete"]}']
    # An owner restricted to names does not cover the whole resource.
    assert rbac_rules.covers([{"verbs": ["get"], "apiGroups": [""], "resources": ["pods"],
                               "resourceNames": ["web"]}],
                             [{"verbs": ["get"], "apiGroups": [""], "resources": ["pods"]}]) != []
