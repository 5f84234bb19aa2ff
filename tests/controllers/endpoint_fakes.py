"""Fakes for driving the endpoint controllers without a cluster, as upstream's unit tests
use listers filled by hand and a fake clientset that records its actions."""

import copy
import itertools

from k8s_model.api import errors
from k8s_model.sim import Simulation


class FakeInformer:
    def __init__(self, objects=()):
        self.cache = {}
        for obj in objects:
            self.add(obj)

    def add(self, obj):
        meta = obj["metadata"]
        key = f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta["name"]
        self.cache[key] = obj

    def add_handler(self, handler):
        pass

    def get(self, key):
        return self.cache.get(key)

    def list(self, namespace=None):
        return [o for k, o in sorted(self.cache.items())
                if namespace is None or o["metadata"].get("namespace") == namespace]


class FakeClient:
    """Stores what is written and records (verb, resource) actions."""

    def __init__(self):
        self.objects, self.actions = {}, []
        self._ids = itertools.count(1)

    def create(self, resource, body, namespace=None):
        obj = copy.deepcopy(body)
        meta = obj["metadata"]
        n = next(self._ids)
        meta.setdefault("name", f"{meta.pop('generateName', '')}{n:05d}")
        meta.update(namespace=namespace or meta.get("namespace"), uid=f"uid-{n}",
                    resourceVersion=str(n), generation=1)
        self.actions.append(("create", resource))
        self.objects[(resource, meta["name"])] = obj
        return copy.deepcopy(obj)

    def update(self, resource, body):
        obj = copy.deepcopy(body)
        old = self.objects[(resource, obj["metadata"]["name"])]
        obj["metadata"]["generation"] = old["metadata"].get("generation", 0) + 1
        obj["metadata"]["resourceVersion"] = str(next(self._ids))
        self.actions.append(("update", resource))
        self.objects[(resource, obj["metadata"]["name"])] = obj
        return copy.deepcopy(obj)

    def delete(self, resource, namespace, name):
        if self.objects.pop((resource, name), None) is None:
            raise errors.not_found(resource, "", name)
        self.actions.append(("delete", resource))
        return {}

    def list(self, resource):
        return [copy.deepcopy(o) for (r, _), o in sorted(self.objects.items()) if r == resource]

    def patch(self, *args, **kwargs):   # the event recorder's repeats
        return {}


def new_sim():
    return Simulation(0)
