"""kube-controller-manager and its controllers, one module per upstream controller."""
