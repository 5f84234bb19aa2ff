"""kube-scheduler: queue, framework, plugins, and the loop that binds pods to nodes."""

from .scheduler import Scheduler  # noqa: F401
