"""The default RBAC policy kube-apiserver stores when it starts
(plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, written by the
`rbac/bootstrap-roles` post-start hook in pkg/registry/rbac/rest/storage_rbac.go).

The user-facing roles and the bindings that give every authenticated user the right to
discover the API and ask about itself — the rules as upstream's golden file
bootstrappolicy/testdata/cluster-roles.yaml has them:

* `cluster-admin` — everything (bound to the group system:masters; kubeadm binds
  `kubeadm:cluster-admins`, its admin.conf group, to it as well);
* `admin`, `edit`, `view` — for RoleBindings in a namespace; each is an *aggregated*
  ClusterRole: its `aggregationRule` selects the ClusterRoles labelled
  `rbac.authorization.k8s.io/aggregate-to-<name>: "true"` (the `system:aggregate-to-*`
  roles, view into edit, edit into admin), and kube-controller-manager's clusterrole
  aggregation controller writes their union into `rules`. The model stores that union
  at once, aggregationRule kept — what `kubectl get clusterrole view -o yaml` shows a
  moment after start-up; a role labelled later is not folded in;
* `system:basic-user` (SelfSubjectAccessReview, SelfSubjectRulesReview,
  SelfSubjectReview), `system:discovery` and `system:public-info-viewer` (the discovery
  and health URLs), bound to system:authenticated (the last also to
  system:unauthenticated);
* `system:node-proxier`, which kubeadm's `kubeadm:node-proxier` binding (kube-proxy's
  ServiceAccount) refers to.

Every object carries the label `kubernetes.io/bootstrapping: rbac-defaults` and the
annotation `rbac.authorization.kubernetes.io/autoupdate: "true"`. The controller and
node roles (system:controller:*, system:node …) are left out: the model's components are
allowed what they need without them (authz.py).
"""

from __future__ import annotations

import json
import random

import yaml

from . import meta
from .resources import by_plural

GROUP = "rbac.authorization.k8s.io"
LABELS = {"kubernetes.io/bootstrapping": "rbac-defaults"}
ANNOTATIONS = {"rbac.authorization.kubernetes.io/autoupdate": "true"}
READ = ["get", "list", "watch"]
WRITE = ["create", "delete", "deletecollection", "patch", "update"]
ALL = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

# name: (extra labels, rules, aggregated-from label) — in policy.go's order.
_ROLES = yaml.safe_load(f"""
system:discovery:
  rules:
  - nonResourceURLs: [/api, /api/*, /apis, /apis/*, /healthz, /livez, /openapi, /openapi/*,
                      /readyz, /version, /version/]
    verbs: [get]
system:basic-user:
  rules:
  - apiGroups: [authorization.k8s.io]
    resources: [selfsubjectaccessreviews, selfsubjectrulesreviews]
    verbs: [create]
  - apiGroups: [authentication.k8s.io]
    resources: [selfsubjectreviews]
    verbs: [create]
system:public-info-viewer:
  rules:
  - nonResourceURLs: [/healthz, /livez, /readyz, /version, /version/]
    verbs: [get]
admin:
  aggregate: aggregate-to-admin
system:node-proxier:
  rules:
  - apiGroups: [""]
    resources: [endpoints, services]
    verbs: [list, watch]
  - apiGroups: [""]
    resources: [nodes]
    verbs: {READ}
  - apiGroups: ["", events.k8s.io]
    resources: [events]
    verbs: [create, patch, update]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
edit:
  labels: {{rbac.authorization.k8s.io/aggregate-to-admin: "true"}}
  aggregate: aggregate-to-edit
view:
  labels: {{rbac.authorization.k8s.io/aggregate-to-edit: "true"}}
  aggregate: aggregate-to-view
system:aggregate-to-admin:
  labels: {{rbac.authorization.k8s.io/aggregate-to-admin: "true"}}
  rules:
  - apiGroups: [authorization.k8s.io]
    resources: [localsubjectaccessreviews]
    verbs: [create]
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [rolebindings, roles]
    verbs: {ALL}
system:aggregate-to-edit:
  labels: {{rbac.authorization.k8s.io/aggregate-to-edit: "true"}}
  rules:
  - apiGroups: [""]
    resources: [pods/attach, pods/exec, pods/portforward, pods/proxy, secrets, services/proxy]
    verbs: {READ}
  - apiGroups: [""]
    resources: [serviceaccounts]
    verbs: [impersonate]
  - apiGroups: [""]
    resources: [pods, pods/attach, pods/exec, pods/portforward, pods/proxy]
    verbs: {WRITE}
  - apiGroups: [""]
    resources: [pods/eviction]
    verbs: [create]
  - apiGroups: [""]
    resources: [configmaps, events, persistentvolumeclaims, replicationcontrollers,
                replicationcontrollers/scale, secrets, serviceaccounts, services, services/proxy]
    verbs: {WRITE}
  - apiGroups: [""]
    resources: [serviceaccounts/token]
    verbs: [create]
  - apiGroups: [apps]
    resources: [daemonsets, deployments, deployments/rollback, deployments/scale, replicasets,
                replicasets/scale, statefulsets, statefulsets/scale]
    verbs: {WRITE}
  - apiGroups: [autoscaling]
    resources: [horizontalpodautoscalers]
    verbs: {WRITE}
  - apiGroups: [batch]
    resources: [cronjobs, jobs]
    verbs: {WRITE}
  - apiGroups: [extensions]
    resources: [daemonsets, deployments, deployments/rollback, deployments/scale, ingresses,
                networkpolicies, replicasets, replicasets/scale, replicationcontrollers/scale]
    verbs: {WRITE}
  - apiGroups: [policy]
    resources: [poddisruptionbudgets]
    verbs: {WRITE}
  - apiGroups: [networking.k8s.io]
    resources: [ingresses, networkpolicies]
    verbs: {WRITE}
  - apiGroups: [coordination.k8s.io]
    resources: [leases]
    verbs: {ALL}
system:aggregate-to-view:
  labels: {{rbac.authorization.k8s.io/aggregate-to-view: "true"}}
  rules:
  - apiGroups: [""]
    resources: [configmaps, endpoints, persistentvolumeclaims, persistentvolumeclaims/status,
                pods, replicationcontrollers, replicationcontrollers/scale, serviceaccounts,
                services, services/status]
    verbs: {READ}
  - apiGroups: [""]
    resources: [bindings, events, limitranges, namespaces/status, pods/log, pods/status,
                replicationcontrollers/status, resourcequotas, resourcequotas/status]
    verbs: {READ}
  - apiGroups: [""]
    resources: [namespaces]
    verbs: {READ}
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: {READ}
  - apiGroups: [apps]
    resources: [controllerrevisions, daemonsets, daemonsets/status, deployments, deployments/scale,
                deployments/status, replicasets, replicasets/scale, replicasets/status,
                statefulsets, statefulsets/scale, statefulsets/status]
    verbs: {READ}
  - apiGroups: [autoscaling]
    resources: [horizontalpodautoscalers, horizontalpodautoscalers/status]
    verbs: {READ}
  - apiGroups: [batch]
    resources: [cronjobs, cronjobs/status, jobs, jobs/status]
    verbs: {READ}
  - apiGroups: [extensions]
    resources: [daemonsets, daemonsets/status, deployments, deployments/scale, deployments/status,
                ingresses, ingresses/status, networkpolicies, replicasets, replicasets/scale,
                replicasets/status, replicationcontrollers/scale]
    verbs: {READ}
  - apiGroups: [policy]
    resources: [poddisruptionbudgets, poddisruptionbudgets/status]
    verbs: {READ}
  - apiGroups: [networking.k8s.io]
    resources: [ingresses, ingresses/status, networkpolicies]
    verbs: {READ}
""")

# ClusterRoleBindings (policy.go ClusterRoleBindings): role → groups.
_BINDINGS = {
    "cluster-admin": ["system:masters"],
    "system:discovery": ["system:authenticated"],
    "system:basic-user": ["system:authenticated"],
    "system:public-info-viewer": ["system:authenticated", "system:unauthenticated"],
}


def aggregate(selector_label: str, roles: dict[str, dict]) -> list[dict]:
    """clusterroleaggregation_controller.go syncClusterRole: the rules of every ClusterRole
    carrying the label, taken in name order, each rule once."""
    rules: list[dict] = []
    for name in sorted(roles):
        if roles[name]["metadata"].get("labels", {}).get(selector_label) == "true":
            rules += [r for r in roles[name].get("rules") or [] if r not in rules]
    return rules


def cluster_roles() -> list[dict]:
    """The policy's ClusterRoles after aggregation, cluster-admin excepted (kubeadm's
    bootstrap already creates it, see Cluster._bootstrap_api_objects)."""
    roles: dict[str, dict] = {}
    for name, spec in _ROLES.items():
        role = {"apiVersion": f"{GROUP}/v1", "kind": "ClusterRole",
                "metadata": {"name": name, "labels": {**LABELS, **spec.get("labels", {})},
                             "annotations": dict(ANNOTATIONS)},
                "rules": json.loads(json.dumps(spec.get("rules", [])))}
        if "aggregate" in spec:
            label = f"{GROUP}/{spec['aggregate']}"
            role["aggregationRule"] = {"clusterRoleSelectors": [{"matchLabels": {label: "true"}}]}
        roles[name] = role
    # view first: edit aggregates view's rules, admin edit's.
    for name in ("view", "edit", "admin"):
        label = roles[name]["aggregationRule"]["clusterRoleSelectors"][0]["matchLabels"]
        roles[name]["rules"] = aggregate(next(iter(label)), roles)
    return list(roles.values())


def cluster_role_bindings() -> list[dict]:
    return [{"apiVersion": f"{GROUP}/v1", "kind": "ClusterRoleBinding",
             "metadata": {"name": name, "labels": dict(LABELS), "annotations": dict(ANNOTATIONS)},
             "roleRef": {"apiGroup": GROUP, "kind": "ClusterRole", "name": name},
             "subjects": [{"apiGroup": GROUP, "kind": "Group", "name": group} for group in groups]}
            for name, groups in _BINDINGS.items()]


def store_bootstrap_policy(server) -> None:
    """The post-start hook: write the policy into storage. Each object's uid comes from
    its own name, not the simulation's random stream, so that adding policy leaves the
    names and uids of everything created later as they were."""
    timestamp = server.sim.timestamp()
    for plural, objects in (("clusterroles", cluster_roles()),
                            ("clusterrolebindings", cluster_role_bindings())):
        rt = by_plural(plural, GROUP)
        for obj in objects:
            name = obj["metadata"]["name"]
            uid = meta.new_uid(random.Random(f"{plural}/{name}"))
            meta.fill_system_fields(obj["metadata"], uid, timestamp)
            server.store.create(rt.key(None, name), obj)
