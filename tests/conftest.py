"""Shared fixtures for the whole test suite."""

import pytest


@pytest.fixture
def cluster():
    """A kubeadm-like cluster: a tainted control-plane node and workers node-1 … node-3."""
    from k8s_model import Cluster  # imported here so a broken model fails only its users

    return Cluster(nodes=3, seed=0)
