"""Which Ingresses this controller serves (internal/ingress/controller/store/store.go
GetIngressClass; internal/ingress/controller/ingressclass).

ingress-nginx runs with `--controller-class=k8s.io/ingress-nginx` and
`--ingress-class=nginx`; its IngressClass informer keeps only the classes whose
`spec.controller` is its own. An Ingress is served when

1. its `spec.ingressClassName` names one of those IngressClasses — a name without such
   a class (a typo, another controller's class) is ignored;
2. else its deprecated `kubernetes.io/ingress.class` annotation equals `nginx`;
3. else, having no class at all, when the controller runs with
   `--watch-ingress-without-class=true`, as minikube's add-on does.

Most Ingresses reach case 1 without naming a class: the API server's DefaultIngressClass
admission plugin writes the default IngressClass (annotated
`ingressclass.kubernetes.io/is-default-class: "true"`) into new Ingresses.
"""

from __future__ import annotations

CONTROLLER_CLASS = "k8s.io/ingress-nginx"
ANNOTATION_CLASS = "nginx"
INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"


def our_classes(ingress_classes: list[dict], controller: str = CONTROLLER_CLASS) -> set[str]:
    """The IngressClass informer's filter: classes whose controller is ours."""
    return {ic["metadata"]["name"] for ic in ingress_classes
            if (ic.get("spec") or {}).get("controller") == controller}


def serves(ingress: dict, classes: set[str], watch_without_class: bool = True,
           annotation_value: str = ANNOTATION_CLASS) -> bool:
    """GetIngressClass: the class field first, then the annotation, then class-less."""
    name = (ingress.get("spec") or {}).get("ingressClassName")
    if name is not None:
        return name in classes
    annotations = ingress["metadata"].get("annotations") or {}
    if INGRESS_CLASS_ANNOTATION in annotations:
        return annotations[INGRESS_CLASS_ANNOTATION] == annotation_value
    return watch_without_class
