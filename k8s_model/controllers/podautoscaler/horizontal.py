"""The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go).

Every sync period (15 s, --horizontal-pod-autoscaler-sync-period) each HPA is
reconciled: read the target's `/scale` (desired replicas and the Pod selector), ask
the replica calculator what every metric wants, take the largest, let stabilization
and the scaling policies decide how far to move now, write `/scale` if that differs,
and record status — current/desired replicas, each metric's current value, and three
conditions a reader can check with `kubectl describe hpa`:

    AbleToScale     can it read and write the target's scale (and is it waiting)?
    ScalingActive   could it compute a replica count from the metrics?
    ScalingLimited  did minReplicas, maxReplicas or a rate limit clamp the result?

The queue is rate-limited by the sync period itself: an HPA is processed 15 s after it
appears and every 15 s after that, however often it changes.
"""

from __future__ import annotations

import copy

from ...api import errors, resources
from ...api.selectors import parse as parse_selector
from ...record import EventRecorder
from ..base import Controller, Informer, key_of
from .conditions import set_condition
from .metric_specs import FailedMetric, compute_replicas_for_metric
from .metrics_client import RESTMetricsClient
from .replica_calculator import (CPU_INITIALIZATION_PERIOD, INITIAL_READINESS_DELAY, TOLERANCE,
                                 ReplicaCalculator, Tolerances)
from .stabilization import (DOWNSCALE_STABILISATION_WINDOW, NormalizationArg, ScaleHistory,
                            convert_desired_replicas_with_rules)

SYNC_PERIOD = 15.0           # --horizontal-pod-autoscaler-sync-period


class HorizontalController(Controller):
    name = "horizontal-pod-autoscaler"

    def __init__(self, sim, client, hpas: Informer, pods: Informer, metrics_client=None,
                 sync_period: float = SYNC_PERIOD,
                 downscale_stabilisation_window: float = DOWNSCALE_STABILISATION_WINDOW,
                 tolerance: float = TOLERANCE,
                 cpu_initialization_period: float = CPU_INITIALIZATION_PERIOD,
                 delay_of_initial_readiness_status: float = INITIAL_READINESS_DELAY) -> None:
        super().__init__(sim, client)
        self.hpas, self.pods = hpas, pods
        self.metrics_client = metrics_client or RESTMetricsClient()
        self.sync_period = sync_period
        self.downscale_stabilisation_window = downscale_stabilisation_window
        self.tolerances = Tolerances(tolerance, tolerance)
        self.replica_calc = ReplicaCalculator(
            self, self._list_pods, lambda: self.sim.now, cpu_initialization_period,
            delay_of_initial_readiness_status)
        self.recorder = EventRecorder(sim, client, component=self.name)
        self.history = ScaleHistory()
        self.selectors: dict[str, object] = {}   # HPA key -> its target's Pod selector
        hpas.add_handler(self._on_hpa)

    # The replica calculator asks its metrics client through us, so a Cluster can plug
    # metrics-server in after the controller manager starts.
    def get_resource_metric(self, *args):
        return self.metrics_client.get_resource_metric(*args)

    def _list_pods(self, namespace: str, selector) -> list[dict]:
        return [p for p in self.pods.list(namespace)
                if selector.matches(p["metadata"].get("labels") or {})]

    def _on_hpa(self, type_: str, obj: dict, old: dict | None) -> None:
        key = key_of(obj)
        if type_ == "DELETED":
            self.selectors.pop(key, None)
            return
        self.enqueue(key, after=self.sync_period)     # AddRateLimited

    def reconcile(self, key: str) -> None:
        """reconcileKey, then processNextWorkItem's AddRateLimited: again in 15 s."""
        hpa = self.hpas.get(key)
        if hpa is None:
            self.history.forget(key)
            self.selectors.pop(key, None)
            return
        try:
            self.reconcile_autoscaler(copy.deepcopy(hpa), key)
        except errors.ApiError:
            pass            # utilruntime.HandleError: logged; the next sync tries again
        self.enqueue(key, after=self.sync_period)

    # -- one sync ---------------------------------------------------------------------------
    def reconcile_autoscaler(self, hpa: dict, key: str) -> None:
        now = self.sim.timestamp()
        original = copy.deepcopy(hpa.get("status") or {})
        spec, namespace = hpa["spec"], hpa["metadata"]["namespace"]
        ref = spec["scaleTargetRef"]
        target = self._scale_target(ref)
        try:
            if target is None:
                group = ref.get("apiVersion", "").rpartition("/")[0]
                raise errors.ApiError({"message": f'no matches for kind "{ref.get("kind")}" '
                                                  f'in group "{group}"', "code": 404})
            scale = self.client._send("get", target, namespace, ref["name"], subresource="scale")
        except errors.ApiError as error:
            self.recorder.eventf(hpa, "Warning", "FailedGetScale", error.message)
            set_condition(hpa, "AbleToScale", "False", "FailedGetScale",
                          f"the HPA controller was unable to get the target's current scale: "
                          f"{error.message}", now)
            self._update_status_if_needed(original, hpa)
            return
        set_condition(hpa, "AbleToScale", "True", "SucceededGetScale",
                      "the HPA controller was able to get the target's current scale", now)
        current = scale["spec"]["replicas"]
        self.history.record_initial_recommendation(key, current, self.sim.now)
        min_replicas = spec.get("minReplicas", 1)
        statuses: list[dict] = []
        desired, reason, rescale = 0, "", True
        if current == 0 and min_replicas != 0:
            rescale = False
            set_condition(hpa, "ScalingActive", "False", "ScalingDisabled",
                          "scaling is disabled since the replica count of the target is zero",
                          now)
        elif current > spec["maxReplicas"]:
            reason, desired = "Current number of replicas above Spec.MaxReplicas", \
                spec["maxReplicas"]
        elif current < min_replicas:
            reason, desired = "Current number of replicas below Spec.MinReplicas", min_replicas
        else:
            proposal, metric, statuses, error = self.compute_replicas_for_metrics(
                hpa, scale, spec.get("metrics") or [], now)
            if proposal == -1:
                self._set_status(hpa, current, (hpa.get("status") or {}).get(
                    "desiredReplicas", 0), statuses, False)
                self._update_status_if_needed(original, hpa)
                self.recorder.eventf(hpa, "Warning", "FailedComputeMetricsReplicas", error)
                return
            if proposal > desired:
                desired = proposal
            if desired > current:
                reason = f"{metric} above target"
            if desired < current:
                reason = "All metrics below target"
            if spec.get("behavior") is None:
                desired = self.normalize_desired_replicas(hpa, key, current, desired,
                                                          min_replicas, now)
            else:
                desired = self.normalize_desired_replicas_with_behaviors(
                    hpa, key, current, desired, min_replicas, now)
            rescale = desired != current
        if rescale:
            scale["spec"]["replicas"] = desired
            try:
                self.client._send("update", target, namespace, ref["name"], body=scale,
                                  subresource="scale")
            except errors.ApiError as error:
                self.recorder.eventf(hpa, "Warning", "FailedRescale",
                                     f"New size: {desired}; reason: {reason}; error: "
                                     f"{error.message}")
                set_condition(hpa, "AbleToScale", "False", "FailedUpdateScale",
                              f"the HPA controller was unable to update the target scale: "
                              f"{error.message}", now)
                self._set_status(hpa, current, (hpa.get("status") or {}).get(
                    "desiredReplicas", 0), statuses, False)
                self._update_status_if_needed(original, hpa)
                return
            set_condition(hpa, "AbleToScale", "True", "SucceededRescale",
                          f"the HPA controller was able to update the target scale to {desired}",
                          now)
            self.recorder.eventf(hpa, "Normal", "SuccessfulRescale",
                                 f"New size: {desired}; reason: {reason}")
            self.history.store_scale_event(spec.get("behavior"), key, current, desired,
                                           self.sim.now)
        else:
            desired = current
        self._set_status(hpa, current, desired, statuses, rescale)
        self._update_status_if_needed(original, hpa)

    def _scale_target(self, ref: dict):
        """The RESTMapper's answer for scaleTargetRef's group and kind."""
        group = ref.get("apiVersion", "").rpartition("/")[0]
        return next((r for r in resources.RESOURCES
                     if r.group == group and r.kind == ref.get("kind")), None)

    # -- metrics ------------------------------------------------------------------------------
    def compute_replicas_for_metrics(self, hpa: dict, scale: dict, specs: list[dict],
                                     now: str) -> tuple[int, str, list[dict], str]:
        """computeReplicasForMetrics: the largest proposal of the metrics that worked;
        -1 if all failed, or some failed and the rest would scale down."""
        selector, error = self.validate_and_parse_selector(
            hpa, scale["status"].get("selector", ""), now)
        if selector is None:
            return -1, "", [], error
        spec_replicas = scale["spec"]["replicas"]
        statuses = [{"type": ""} for _ in specs]
        replicas, metric, invalid, first_error, first = 0, "", 0, "", None
        for i, metric_spec in enumerate(specs):
            try:
                proposal, name, statuses[i] = compute_replicas_for_metric(
                    self.replica_calc, self.recorder, hpa, metric_spec, spec_replicas, selector,
                    self.tolerances)
            except FailedMetric as error:
                if invalid == 0:
                    first_error, first = str(error), error
                invalid += 1
                continue
            if replicas == 0 or proposal > replicas:
                replicas, metric = proposal, name
        if invalid:
            first_error = (f"invalid metrics ({invalid} invalid out of {len(specs)}), first "
                           f"error is: {first_error}")
        if invalid >= len(specs) or (invalid > 0 and replicas < spec_replicas):
            set_condition(hpa, "ScalingActive", "False", first.reason,
                          f"the HPA was unable to compute the replica count: {first.cause}", now)
            return -1, "", statuses, first_error
        set_condition(hpa, "ScalingActive", "True", "ValidMetricFound",
                      f"the HPA was able to successfully calculate a replica count from {metric}",
                      now)
        return replicas, metric, statuses, first_error

    def validate_and_parse_selector(self, hpa: dict, text: str, now: str):
        """The target's selector, or (None, why): missing, or shared with another HPA."""
        key = key_of(hpa)
        if not text:
            self.recorder.eventf(hpa, "Warning", "SelectorRequired", "selector is required")
            set_condition(hpa, "ScalingActive", "False", "InvalidSelector",
                          "the HPA target's scale is missing a selector", now)
            return None, "selector is required"
        selector = parse_selector(text)
        self.selectors[key] = selector
        pods = self._list_pods(hpa["metadata"]["namespace"], selector)
        others = sorted(k for k, s in self.selectors.items() if k != key and
                        k.split("/")[0] == hpa["metadata"]["namespace"] and
                        any(s.matches(p["metadata"].get("labels") or {}) for p in pods))
        if others:
            names = " ".join(sorted([key] + others))
            message = f"pods by selector {text} are controlled by multiple HPAs: [{names}]"
            self.recorder.eventf(hpa, "Warning", "AmbiguousSelector", message)
            set_condition(hpa, "ScalingActive", "False", "AmbiguousSelector", message, now)
            return None, message
        return selector, ""

    # -- normalization ------------------------------------------------------------------------
    def normalize_desired_replicas(self, hpa: dict, key: str, current: int, desired: int,
                                   min_replicas: int, now: str) -> int:
        stabilized = self.history.stabilize_recommendation(
            key, desired, self.downscale_stabilisation_window, self.sim.now)
        if stabilized != desired:
            set_condition(hpa, "AbleToScale", "True", "ScaleDownStabilized",
                          "recent recommendations were higher than current one, applying the "
                          "highest recent recommendation", now)
        else:
            set_condition(hpa, "AbleToScale", "True", "ReadyForNewScale",
                          "recommended size matches current size", now)
        result, reason, message = convert_desired_replicas_with_rules(
            current, stabilized, min_replicas, hpa["spec"]["maxReplicas"])
        set_condition(hpa, "ScalingLimited", "False" if result == stabilized else "True",
                      reason, message, now)
        return result

    def normalize_desired_replicas_with_behaviors(self, hpa: dict, key: str, current: int,
                                                  desired: int, min_replicas: int,
                                                  now: str) -> int:
        behavior = hpa["spec"]["behavior"]
        down = behavior["scaleDown"]
        if down.get("stabilizationWindowSeconds") is None:   # maybeInitScaleDown…Window
            down["stabilizationWindowSeconds"] = int(self.downscale_stabilisation_window)
        arg = NormalizationArg(key, behavior["scaleUp"], down, min_replicas,
                               hpa["spec"]["maxReplicas"], current, desired)
        stabilized, reason, message = self.history.stabilize_recommendation_with_behaviors(
            arg, self.sim.now)
        arg.desired_replicas = stabilized
        if stabilized != desired:
            set_condition(hpa, "AbleToScale", "True", reason, message, now)
        else:
            set_condition(hpa, "AbleToScale", "True", "ReadyForNewScale",
                          "recommended size matches current size", now)
        result, reason, message = self.history.convert_desired_replicas_with_behavior_rate(
            arg, self.sim.now)
        set_condition(hpa, "ScalingLimited", "False" if result == stabilized else "True",
                      reason, message, now)
        return result

    # -- status -------------------------------------------------------------------------------
    def _set_status(self, hpa: dict, current: int, desired: int, metrics: list[dict],
                    rescale: bool) -> None:
        old = hpa.get("status") or {}
        status = {"currentReplicas": current, "desiredReplicas": desired}
        last = self.sim.timestamp() if rescale else old.get("lastScaleTime")
        if last:
            status["lastScaleTime"] = last
        status["currentMetrics"] = metrics or None     # no omitempty: `null`
        if old.get("conditions"):
            status["conditions"] = old["conditions"]
        hpa["status"] = status

    def _update_status_if_needed(self, original: dict, hpa: dict) -> None:
        if original == hpa.get("status"):
            return
        try:
            self.client.update_status("horizontalpodautoscalers", hpa)
        except errors.ApiError as error:
            self.recorder.eventf(hpa, "Warning", "FailedUpdateStatus", error.message)
