"""Container probes (pkg/kubelet/prober): the manager, its workers, the probe handlers
and the results caches the kubelet acts on."""

from .prober_manager import ProberManager

__all__ = ["ProberManager"]
