"""Tables for RBAC bindings and Leases (printers.go), and the default table.

Roles, ClusterRoles and LimitRanges have no printer in printers.go: their storage
uses the API server's default table convertor (apiserver/pkg/registry/rest/table.go),
whose columns are NAME and CREATED AT, an RFC 3339 time in UTC:

    NAME         CREATED AT
    pod-reader   2026-01-01T00:00:05Z
"""

from __future__ import annotations

from k8s_model.api.tables.common import AGE, NAME, Column, Printer, age, doc, wide


def subjects_strings(subjects: list | None) -> tuple[list[str], list[str], list[str]]:
    """rbac.SubjectsStrings: users, groups and `namespace/name` service accounts."""
    users, groups, service_accounts = [], [], []
    for s in subjects or []:
        if s.get("kind") == "ServiceAccount":
            service_accounts.append(f"{s.get('namespace', '')}/{s.get('name', '')}")
        elif s.get("kind") == "User":
            users.append(s.get("name", ""))
        elif s.get("kind") == "Group":
            groups.append(s.get("name", ""))
    return users, groups, service_accounts


def binding_cells(binding: dict, now: float) -> list:
    ref = binding.get("roleRef") or {}
    users, groups, sas = subjects_strings(binding.get("subjects"))
    return [binding["metadata"]["name"], f"{ref.get('kind', '')}/{ref.get('name', '')}",
            age(binding, now), ", ".join(users), ", ".join(groups), ", ".join(sas)]


def _binding_columns(kind: str, role_ref_doc: str) -> tuple[Column, ...]:
    return (NAME, Column("Role", description=role_ref_doc), AGE,
            wide("Users", f"Users in the {kind}"), wide("Groups", f"Groups in the {kind}"),
            wide("ServiceAccounts", f"ServiceAccounts in the {kind}"))


def lease_cells(lease: dict, now: float) -> list:
    return [lease["metadata"]["name"], (lease.get("spec") or {}).get("holderIdentity") or "",
            age(lease, now)]


def default_cells(obj: dict, now: float) -> list:
    """Name and creationTimestamp.UTC().Format(time.RFC3339); Go's zero time if unset."""
    created = obj.get("metadata", {}).get("creationTimestamp") or "0001-01-01T00:00:00Z"
    return [obj.get("metadata", {}).get("name", ""), created]


DEFAULT = Printer((NAME, Column("Created At", type="date", description=doc("meta.creationTimestamp"))),
                  default_cells)

PRINTERS = {
    "RoleBinding": Printer(_binding_columns("roleBinding", doc("rb.roleRef")), binding_cells),
    "ClusterRoleBinding": Printer(_binding_columns("clusterRoleBinding", doc("crb.roleRef")),
                                  binding_cells),
    "Lease": Printer((NAME, Column("Holder", description=doc("lease.spec.holderIdentity")), AGE),
                     lease_cells),
}
