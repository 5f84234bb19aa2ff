"""From a new CRD to a served kind: the naming and establishing controllers.

Mirrors apiextensions-apiserver pkg/controller/status/naming_controller.go and
pkg/controller/establish/establishing_controller.go, two reconcile loops inside
kube-apiserver that write only the CRD's status:

1. Naming checks the requested names (plural, singular, short names, kind, listKind)
   against the names every *other* CRD of the same group has been granted. No clash:
   `status.acceptedNames` = the requested names and condition
   `NamesAccepted=True (NoConflicts, "no conflicts found")`; the `Established`
   condition starts as `False (Installing, "the initial names have been accepted")`.
   A clash: `NamesAccepted=False (PluralConflict, "\"crontabs\" is already in use")`,
   nothing is accepted, the kind is never served.
2. Establishing sees NamesAccepted and sets
   `Established=True (InitialNamesAccepted, "the initial names have been accepted")`:
   from then on discovery lists the kind and kubectl can use it.

Upstream the two steps take a few milliseconds (on a single API server the
establishing controller is queued without delay); here they run at the same virtual
instant, one watch delivery after another, so the kind is served before the
`kubectl apply` that created the CRD returns.
"""

from __future__ import annotations

from ...controllers.base import Controller, Informer

NAMES_ACCEPTED, ESTABLISHED, TERMINATING = "NamesAccepted", "Established", "Terminating"


def condition(crd: dict, kind: str) -> dict | None:
    return next((c for c in (crd.get("status") or {}).get("conditions") or []
                 if c.get("type") == kind), None)


def is_true(crd: dict, kind: str) -> bool:
    found = condition(crd, kind)
    return found is not None and found.get("status") == "True"


def set_condition(crd: dict, new: dict, now: str) -> None:
    """apiextensionshelpers.SetCRDCondition: replace the condition of that type, keeping
    its lastTransitionTime unless the status changes; a new type goes last."""
    conditions = crd.setdefault("status", {}).setdefault("conditions", [])
    old = condition(crd, new["type"])
    entry = {"type": new["type"], "status": new["status"],
             "lastTransitionTime": now if old is None or old["status"] != new["status"]
             else old.get("lastTransitionTime"),
             "reason": new["reason"], "message": new["message"]}
    if old is None:
        conditions.append(entry)
    else:
        conditions[conditions.index(old)] = entry


class NamingConditionController(Controller):
    name = "crd-autoregister-naming"

    def __init__(self, sim, client, crds: Informer) -> None:
        super().__init__(sim, client)
        self.crds = crds
        self.enqueue_changes_of(crds)
        # A deleted CRD frees its names: the others of its group may now be accepted.
        crds.add_handler(lambda t, crd, old: t == "DELETED" and self._requeue_group(crd))

    def _requeue_group(self, deleted: dict) -> None:
        for crd in self.crds.list():
            if crd["spec"]["group"] == deleted["spec"]["group"]:
                self.enqueue(crd["metadata"]["name"])

    def _names_in_use(self, crd: dict) -> tuple[set[str], set[str]]:
        """Resource names (plural, singular, short names) and kind names (kind,
        listKind) other CRDs of the group were granted (getAcceptedNamesForGroup)."""
        resources, kinds = set(), set()
        for other in self.crds.list():
            if other["metadata"]["name"] == crd["metadata"]["name"] or \
                    other["spec"]["group"] != crd["spec"]["group"]:
                continue
            accepted = (other.get("status") or {}).get("acceptedNames") or {}
            resources.update(n for n in (accepted.get("plural"), accepted.get("singular"),
                                         *(accepted.get("shortNames") or ())) if n)
            kinds.update(n for n in (accepted.get("kind"), accepted.get("listKind")) if n)
        return resources, kinds

    def _names_condition(self, crd: dict) -> tuple[dict, dict]:
        """calculateNamesAndConditions: the names to accept and the NamesAccepted condition."""
        requested = crd["spec"]["names"]
        resources, kinds = self._names_in_use(crd)
        clashes = [("PluralConflict", requested.get("plural"), resources),
                   ("SingularConflict", requested.get("singular"), resources),
                   *(("ShortNamesConflict", s, resources)
                     for s in requested.get("shortNames") or ()),
                   ("KindConflict", requested.get("kind"), kinds),
                   ("ListKindConflict", requested.get("listKind"), kinds)]
        for reason, name, in_use in clashes:
            if name in in_use:
                accepted = (crd.get("status") or {}).get("acceptedNames") or \
                    {"kind": "", "plural": ""}
                return accepted, {"type": NAMES_ACCEPTED, "status": "False", "reason": reason,
                                  "message": f'"{name}" is already in use'}
        return dict(requested), {"type": NAMES_ACCEPTED, "status": "True",
                                 "reason": "NoConflicts", "message": "no conflicts found"}

    def reconcile(self, key: str) -> None:
        crd = self.crds.get(key)
        if crd is None or crd["metadata"].get("deletionTimestamp"):
            return
        accepted, names_condition = self._names_condition(crd)
        status = crd.get("status") or {}
        updated = {**crd, "status": {**status, "acceptedNames": accepted,
                                     "conditions": list(status.get("conditions") or [])}}
        now = self.sim.timestamp()
        set_condition(updated, names_condition, now)
        established = condition(crd, ESTABLISHED)
        if established is None and names_condition["status"] != "True":
            set_condition(updated, {"type": ESTABLISHED, "status": "False",
                                    "reason": "NotAccepted",
                                    "message": "not all names are accepted"}, now)
        elif (established is None or established["status"] != "True") and \
                names_condition["status"] == "True":
            set_condition(updated, {"type": ESTABLISHED, "status": "False",
                                    "reason": "Installing",
                                    "message": "the initial names have been accepted"}, now)
        if updated["status"] != crd.get("status"):
            self.client.update_status("customresourcedefinitions", updated)


class EstablishingController(Controller):
    name = "crd-autoregister-establishing"

    def __init__(self, sim, client, crds: Informer) -> None:
        super().__init__(sim, client)
        self.crds = crds
        crds.add_handler(lambda t, crd, old: t != "DELETED" and is_true(crd, NAMES_ACCEPTED)
                         and not is_true(crd, ESTABLISHED)
                         and self.enqueue(crd["metadata"]["name"]))

    def reconcile(self, key: str) -> None:
        crd = self.crds.get(key)
        if crd is None or not is_true(crd, NAMES_ACCEPTED) or is_true(crd, ESTABLISHED):
            return
        updated = {**crd, "status": {**crd["status"],
                                     "conditions": list(crd["status"]["conditions"])}}
        set_condition(updated, {"type": ESTABLISHED, "status": "True",
                                "reason": "InitialNamesAccepted",
                                "message": "the initial names have been accepted"},
                      self.sim.timestamp())
        self.client.update_status("customresourcedefinitions", updated)
