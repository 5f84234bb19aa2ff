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
