"""ipywidgets controls bound to a Cluster: they act only through its public contract."""

from .clock import ClockControls
from .manifest_editor import ManifestEditor
from .pod_form import PodForm

__all__ = ["ClockControls", "ManifestEditor", "PodForm"]
