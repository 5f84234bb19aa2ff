"""kubectl api-resources: the kinds the API server serves (from discovery)."""

from __future__ import annotations

from ..flags import Flag, parse
from ..tabwriter import kubectl_tabwriter

GROUP_ORDER = ("", "apps", "autoscaling", "batch", "networking.k8s.io",
               "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io",
               "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io")
FLAGS = (Flag("namespaced", default=""), Flag("api-group", default=None), Flag("output", "o"),
         Flag("no-headers", boolean=True), Flag("sort-by"))


def run(ctx, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "api-resources")
    rows = list(ctx.resources.all)
    if parsed.get("namespaced"):
        wanted = parsed.get("namespaced") == "true"
        rows = [r for r in rows if r.namespaced == wanted]
    if parsed.get("api-group") is not None:
        rows = [r for r in rows if r.group == parsed.get("api-group")]
    # Discovery lists groups by the API server's group priority (apiVersionPriorities in
    # pkg/controlplane/apiserver/aggregator.go), resources by name within a group. The
    # groups CRDs add all have priority 1000 and follow, by name (crdregistration).
    rows.sort(key=lambda r: (_group_rank(r.group), r.plural))
    if parsed.get("output") == "name":
        return "\n".join(r.group_resource for r in rows)
    writer = kubectl_tabwriter()
    if not parsed.get("no-headers"):
        writer.write("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\n")
    for r in rows:
        writer.write(f"{r.plural}\t{','.join(r.short_names)}\t{r.api_version}\t"
                     f"{'true' if r.namespaced else 'false'}\t{r.kind}\n")
    return writer.getvalue().rstrip("\n")


def _group_rank(group: str) -> tuple[int, str]:
    if group in GROUP_ORDER:
        return GROUP_ORDER.index(group), ""
    return len(GROUP_ORDER), group
