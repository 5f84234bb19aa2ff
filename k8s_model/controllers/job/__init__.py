"""The Job controller and the ttl-after-finished controller (pkg/controller/job, ttlafterfinished)."""
