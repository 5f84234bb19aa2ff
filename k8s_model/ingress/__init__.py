"""ingress-nginx, the Ingress controller `Cluster.enable_ingress()` installs
(kubernetes/ingress-nginx; addons/ingress_nginx.py creates its objects).

The API server only stores Ingresses: nothing routes a request until a controller
watches them and configures a proxy. The modules follow the controller's own split:

    classes.py   which Ingresses are ours (internal/ingress/controller/store, ingressclass)
    config.py    Ingresses + Services + EndpointSlices -> servers and locations
                 (controller.go getBackendServers, createServers, updateServerLocations)
    matching.py  which server and location take a request (nginx's server_name and
                 location rules as ingress-nginx writes them; the Ingress path types)
    pages.py     nginx's own 404 and 503 pages
    controller.py the informers, the status updater and `handle(request, forward)`
"""

from .controller import IngressController

__all__ = ["IngressController"]
