"""KubeSchedulerConfiguration parsing, defaulting and multiPoint expansion."""

import pytest

from k8s_model.scheduler.config import parse_config
from k8s_model.scheduler.framework import Framework
from k8s_model.scheduler.plugins import REGISTRY


def framework(text=None):
    return Framework(parse_config(text).profiles[0], REGISTRY, None)


def names(fwk, point):
    return [p.name for p in fwk.points[point]]


def test_default_profile():
    """v1.35 defaults: filter order and score weights from default_plugins.go."""
    fwk = framework()
    assert names(fwk, "filter") == ["NodeUnschedulable", "NodeName", "TaintToleration",
                                    "NodeAffinity", "NodePorts", "NodeResourcesFit",
                                    "PodTopologySpread", "InterPodAffinity"]
    assert fwk.score_weights == {"TaintToleration": 3, "NodeAffinity": 2, "NodeResourcesFit": 1,
                                 "PodTopologySpread": 2, "InterPodAffinity": 2,
                                 "NodeResourcesBalancedAllocation": 1, "ImageLocality": 1}
    assert names(fwk, "postFilter") == ["DefaultPreemption"]
    assert names(fwk, "bind") == ["DefaultBinder"]


def test_disable_all_filters_keeps_named_ones():
    """`disabled: [{name: "*"}]` on an extension point leaves only what is enabled there."""
    fwk = framework("""
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- plugins:
    filter:
      disabled: [{name: "*"}]
      enabled: [{name: NodeResourcesFit}]
""")
    assert names(fwk, "filter") == ["NodeResourcesFit"]
    assert "NodeResourcesFit" in names(fwk, "score")


def test_percentage_and_profiles():
    """percentageOfNodesToScore globally and per profile; several profiles by name."""
    config = parse_config("""
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 30
profiles:
- schedulerName: default-scheduler
- schedulerName: no-scoring
  percentageOfNodesToScore: 70
  plugins:
    multiPoint: {disabled: [{name: "*"}], enabled: [{name: DefaultBinder}, {name: NodeResourcesFit}]}
""")
    assert config.percentage_of_nodes_to_score == 30
    assert [p.scheduler_name for p in config.profiles] == ["default-scheduler", "no-scoring"]
    fwk = Framework(config.profiles[1], REGISTRY, None)
    assert names(fwk, "filter") == ["NodeResourcesFit"]
    assert fwk.percentage_of_nodes_to_score == 70


@pytest.mark.parametrize("text,message", [
    ("apiVersion: v1\nkind: Pod", 'no kind "Pod" is registered for version "v1"'),
    ("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
     "percentageOfNodesToScore: 120",
     "percentageOfNodesToScore: Invalid value: 120: not in valid range [0-100]"),
    ("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
     "profiles: [{plugins: {score: {enabled: [{name: Nope}]}}}]", 'ScorePlugin "Nope" does not exist'),
])
def test_invalid_configs(text, message):
    """Bad configurations are refused with a message naming the problem."""
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        framework(text) if "Nope" in text else parse_config(text)
