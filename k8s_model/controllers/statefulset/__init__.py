"""The StatefulSet controller (pkg/controller/statefulset): controller.py (the sync and
event handlers), control.py (one pass of ordered creation, scale-down and rolling
update), status.py (the status it writes), pod_control.py (Pods and their claims),
retention.py (who owns the claims), utils.py (names, identity, revisions)."""
