"""The network a request crosses: HTTP exchanges (http.py) and `Cluster.request`
(request.py), which ties DNS, kube-proxy, the pod network and the containers together."""

from .http import Hop, Request, Response, parse_url
from .request import request

__all__ = ["Hop", "Request", "Response", "parse_url", "request"]
