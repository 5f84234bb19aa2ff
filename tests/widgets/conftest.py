"""Fixtures for the widget tests: a small cluster (from tests/conftest.py) and manifests."""

import matplotlib
import pytest

matplotlib.use("Agg")  # no display in tests; views never use pyplot anyway

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
"""


@pytest.fixture
def deployment_yaml():
    """A valid two-replica nginx Deployment named web."""
    return DEPLOYMENT


@pytest.fixture
def mismatched_yaml():
    """The same Deployment whose selector (app=web) does not match its Pods (app=other)."""
    return DEPLOYMENT.replace("        app: web\n    spec:", "        app: other\n    spec:")
