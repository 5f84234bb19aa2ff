"""What the kubelet's Events say. They are recorded through k8s_model/record.py (client-go's
tools/record); their reasons and message formats are upstream's (pkg/kubelet/events,
images/image_manager.go, kuberuntime/kuberuntime_container.go), e.g. `Successfully pulled
image "nginx" in 1.393s (1.393s including waiting). Image size: 72223946 bytes.`
"""

from __future__ import annotations


def go_duration(seconds: float) -> str:
    """time.Duration.String() for the durations the model produces: 1.393s, 500ms, 1m2.5s."""
    ns = round(seconds * 1e9)
    if ns < 1_000_000_000:
        ms = ns / 1e6
        return f"{ms:.6f}".rstrip("0").rstrip(".") + "ms" if ns else "0s"
    minutes, rest = divmod(ns, 60_000_000_000)
    secs = f"{rest / 1e9:.9f}".rstrip("0").rstrip(".") + "s"
    return f"{minutes}m{secs}" if minutes else secs
