"""KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1), as
pkg/scheduler/apis/config/v1 (default_plugins.go, defaults.go) defaults and merges it.

The default profile enables every in-tree plugin through `multiPoint`, with score
weights TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, InterPodAffinity 2,
NodeResourcesFit 1, NodeResourcesBalancedAllocation 1, ImageLocality 1. A user's
profile is merged into those defaults: `disabled` removes (`*` removes all), `enabled`
re-configures a default in place or appends. For example

    profiles:
    - schedulerName: default-scheduler
      plugins:
        score:
          disabled: [{name: NodeResourcesBalancedAllocation}]
      pluginConfig:
      - name: NodeResourcesFit
        args: {scoringStrategy: {type: MostAllocated}}

keeps every filter, drops one score plugin and packs pods tightly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .framework import POINTS, TYPE_NAMES

API_VERSION = "kubescheduler.config.k8s.io/v1"
DEFAULT_SCHEDULER_NAME = "default-scheduler"

# getDefaultPlugins(): multiPoint, in order. Plugins for volumes and DRA are accepted in
# a configuration but not modelled (the model has no volumes to bind).
DEFAULT_MULTI_POINT = [
    ("SchedulingGates", 0), ("PrioritySort", 0), ("NodeUnschedulable", 0), ("NodeName", 0),
    ("TaintToleration", 3), ("NodeAffinity", 2), ("NodePorts", 0), ("NodeResourcesFit", 1),
    ("VolumeRestrictions", 0), ("NodeVolumeLimits", 0), ("VolumeBinding", 0),
    ("VolumeZone", 0), ("PodTopologySpread", 2), ("InterPodAffinity", 2),
    ("DefaultPreemption", 0), ("NodeResourcesBalancedAllocation", 1), ("ImageLocality", 1),
    ("DefaultBinder", 0),
]
NOT_MODELLED = {"SchedulingGates", "PrioritySort", "VolumeRestrictions", "NodeVolumeLimits",
                "VolumeBinding", "VolumeZone", "EBSLimits", "GCEPDLimits", "AzureDiskLimits",
                "DynamicResources"}
_ALL_POINTS = ("multiPoint", "preEnqueue", "queueSort") + POINTS + ("postBind",)


@dataclass
class PluginSet:
    enabled: list[tuple[str, int]] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)


def merge_plugin_set(default: PluginSet, custom: PluginSet) -> PluginSet:
    """mergePluginSet: drop disabled defaults, re-configure re-enabled ones in place,
    append the rest."""
    disabled = set(custom.disabled) | set(default.disabled)
    custom_index = {name: i for i, (name, _) in enumerate(custom.enabled)}
    replaced, enabled = set(), []
    if "*" not in disabled:
        for name, weight in default.enabled:
            if name in disabled:
                continue
            if name in custom_index:
                replaced.add(custom_index[name])
                name, weight = custom.enabled[custom_index[name]]
            enabled.append((name, weight))
    enabled += [p for i, p in enumerate(custom.enabled) if i not in replaced]
    return PluginSet(enabled, custom.disabled + default.disabled)


@dataclass
class Profile:
    scheduler_name: str = DEFAULT_SCHEDULER_NAME
    percentage_of_nodes_to_score: int | None = None
    plugins: dict[str, PluginSet] = field(default_factory=dict)
    plugin_args: dict[str, dict] = field(default_factory=dict)

    def plugins_needed(self) -> list[str]:
        names: list[str] = []
        for plugin_set in self.plugins.values():
            names += [n for n, _ in plugin_set.enabled if n not in names]
        return names

    def expand(self, point: str, implements) -> list[str]:
        """The plugins of one extension point after multiPoint expansion
        (frameworkImpl.expandMultiPointPlugins): plugins named for this point that
        override a multiPoint one first, then the multiPoint ones, then the rest."""
        specific = self.plugins.get(point, PluginSet())
        enabled = [n for n, _ in specific.enabled]
        for name in enabled:
            if not implements(name) and name not in NOT_MODELLED:
                raise ValueError(f'{TYPE_NAMES[point]} "{name}" does not exist')
        if "*" in specific.disabled:
            return enabled
        overrides, multi = [], []
        for name, _ in self.plugins.get("multiPoint", PluginSet()).enabled:
            if not implements(name) or name in specific.disabled:
                continue
            if name in enabled:
                overrides.append(name)
            elif name in multi:
                raise ValueError(f'plugin "{name}" already registered as "{TYPE_NAMES[point]}"')
            else:
                multi.append(name)
        return ([n for n in enabled if n in overrides] + multi
                + [n for n in enabled if n not in overrides])

    def score_weights(self, implements) -> dict[str, int]:
        """getScoreWeights: a Score-specific weight wins over multiPoint's; 0 means 1."""
        weights: dict[str, int] = {}
        for name, weight in (self.plugins.get("score", PluginSet()).enabled
                             + self.plugins.get("multiPoint", PluginSet()).enabled):
            if implements(name) and name not in weights:
                weights[name] = weight or 1
        return weights


@dataclass
class KubeSchedulerConfiguration:
    percentage_of_nodes_to_score: int = 0
    profiles: list[Profile] = field(default_factory=list)


def _plugin_set(raw: dict | None) -> PluginSet:
    raw = raw or {}
    return PluginSet([(p["name"], int(p.get("weight") or 0)) for p in raw.get("enabled") or []],
                     [p["name"] for p in raw.get("disabled") or []])


def _check_percentage(value, path: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError(f"{path}: Invalid value: {value}: not in valid range [0-100]")
    return value


def default_profile(name: str = DEFAULT_SCHEDULER_NAME) -> Profile:
    return Profile(name, None, {"multiPoint": PluginSet(list(DEFAULT_MULTI_POINT))}, {})


def parse_config(text: str | None) -> KubeSchedulerConfiguration:
    """Parse (yaml.safe_load) and default a configuration; None gives upstream's defaults."""
    if not text:
        return KubeSchedulerConfiguration(0, [default_profile()])
    raw = yaml.safe_load(text) or {}
    if raw.get("apiVersion") != API_VERSION or raw.get("kind") != "KubeSchedulerConfiguration":
        raise ValueError(f'no kind "{raw.get("kind")}" is registered for version '
                         f'"{raw.get("apiVersion")}"')
    config = KubeSchedulerConfiguration(
        _check_percentage(raw.get("percentageOfNodesToScore"), "percentageOfNodesToScore") or 0)
    for i, p in enumerate(raw.get("profiles") or [{}]):
        profile = default_profile(p.get("schedulerName") or DEFAULT_SCHEDULER_NAME)
        profile.percentage_of_nodes_to_score = _check_percentage(
            p.get("percentageOfNodesToScore"), f"profiles[{i}].percentageOfNodesToScore")
        custom = p.get("plugins") or {}
        for point in _ALL_POINTS:
            default = profile.plugins.get(point, PluginSet())
            profile.plugins[point] = merge_plugin_set(default, _plugin_set(custom.get(point)))
        for arg in p.get("pluginConfig") or []:
            profile.plugin_args[arg["name"]] = arg.get("args") or {}
        config.profiles.append(profile)
    names = [p.scheduler_name for p in config.profiles]
    if len(set(names)) != len(names):
        raise ValueError("profiles: Duplicate value: schedulerName must be unique")
    return config
