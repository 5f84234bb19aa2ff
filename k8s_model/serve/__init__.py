"""The cluster's API over HTTP, for the real kubectl and the official Python client.

    server = cluster.serve()              # 127.0.0.1, a free port
    # in a terminal: export KUBECONFIG=<server.kubeconfig>; kubectl get pods
    server.stop()

kube-apiserver's HTTP layer in front of the model's `APIServer.handle`: a request is
authenticated by the kubeconfig's bearer token, its path routed to a resource as the
real server's routes are (`/api/v1/namespaces/default/pods/web`), and the answer — an
object, a list, a `Table` when kubectl asks for one, or a `Status` error — written as
JSON. Requests never move virtual time; the notebook does.
"""

from .http import APIServerHTTP, serve

__all__ = ["APIServerHTTP", "serve"]
