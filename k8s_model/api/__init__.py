"""The kube-apiserver and its etcd store, as the model builds them."""
