"""kubectl api-resources and api-versions: the kinds and group-versions the API server
serves, from discovery (staging/src/k8s.io/kubectl/pkg/cmd/apiresources/).

Discovery lists the built-in kinds, those CRDs add, and the create-only review kinds
(`auth can-i` and `auth whoami` send them). kubectl sorts what it received by API group
name, then by resource name (sortableResource in apiresources.go), so `apiextensions.k8s.io`
comes right after the core group; `api-versions` prints the sorted group-versions.
"""

from __future__ import annotations

from ...api.authorization_reviews import REVIEWS
from ...serve.discovery import verbs
from ..flags import Flag, parse
from ..tabwriter import kubectl_tabwriter

FLAGS = (Flag("namespaced", default=""), Flag("api-group", default=None), Flag("output", "o"),
         Flag("no-headers", boolean=True), Flag("sort-by"))


def run(ctx, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "api-resources")
    rows = [r for r in (*ctx.resources.all, *REVIEWS)]
    if parsed.get("namespaced"):
        wanted = parsed.get("namespaced") == "true"
        rows = [r for r in rows if r.namespaced == wanted]
    if parsed.get("api-group") is not None:
        rows = [r for r in rows if r.group == parsed.get("api-group")]
    rows.sort(key=lambda r: (r.group, r.plural))
    output = parsed.get("output")
    if output == "name":
        return "\n".join(r.group_resource for r in rows)
    wide = output == "wide"
    writer = kubectl_tabwriter()
    if not parsed.get("no-headers"):
        writer.write("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND"
                     + ("\tVERBS\tCATEGORIES" if wide else "") + "\n")
    for r in rows:
        line = (f"{r.plural}\t{','.join(r.short_names)}\t{r.api_version}\t"
                f"{'true' if r.namespaced else 'false'}\t{r.kind}")
        if wide:   # the verbs as a sorted set, the categories as discovery lists them
            line += f"\t{','.join(sorted(verbs(r)))}\t{','.join(r.categories)}"
        writer.write(line + "\n")
    return writer.getvalue().rstrip("\n")


def run_versions(ctx, argv: list[str], stdin: str | None) -> str:
    """kubectl api-versions: every served group/version, sorted as strings (v1 last)."""
    parse(argv, (), "api-versions")
    return "\n".join(sorted({r.api_version for r in (*ctx.resources.all, *REVIEWS)}))
