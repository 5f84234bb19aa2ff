"""PodTopologySpread (plugins/podtopologyspread): spread matching pods evenly over zones,
nodes or any topology label."""

from .plugin import PodTopologySpread  # noqa: F401
