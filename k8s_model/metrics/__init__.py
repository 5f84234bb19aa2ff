"""Resource metrics: what containers cost (usage), metrics-server (server) and a load
generator that makes them cost something (load)."""

from .load import LoadGenerator
from .server import MetricsServer

__all__ = ["LoadGenerator", "MetricsServer"]
