"""Stateful property test of the store and API server: random creates, updates with
stale and fresh resourceVersions, deletes and watches."""

import json

from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from k8s_model.api import errors, resources
from k8s_model.api.authz import User
from k8s_model.api.server import APIServer, Request
from k8s_model.api.store import Store
from k8s_model.sim import Simulation
from k8s_model.trace import Trace

CONFIGMAPS = resources.by_plural("configmaps")
NAMESPACES = resources.by_plural("namespaces")
NAMES = st.sampled_from(["a", "b", "c", "d"])
# A bare API server has no RBAC policy stored: ask as its privileged loopback client.
LOOPBACK = User("system:apiserver", ("system:masters",))


class ApiServerMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.sim = Simulation(0)
        self.store = Store(self.sim)
        self.api = APIServer(self.sim, self.store, Trace())
        self.api.handle(Request("create", NAMESPACES, user=LOOPBACK, body={
            "apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}))
        self.model: dict[str, dict] = {}  # name -> data we expect stored
        self.versions: dict[str, list[str]] = {}  # name -> every resourceVersion seen
        self.last_revision = self.store.revision
        self.events: list = []
        self.api.watch_prefix(CONFIGMAPS.prefix, self.events.append, start_revision=1)

    def _request(self, verb, name, body=None):
        return self.api.handle(Request(verb, CONFIGMAPS, "default", name, body=body,
                                       user=LOOPBACK))

    @rule(name=NAMES, value=st.text(max_size=5))
    def create(self, name, value):
        body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name},
                "data": {"v": value}}
        try:
            created = self._request("create", None, body)
        except errors.ApiError as error:
            assert name in self.model and error.reason == "AlreadyExists"
            return
        assert name not in self.model
        self.model[name] = {"v": value}
        self.versions[name] = [created["metadata"]["resourceVersion"]]

    @precondition(lambda self: self.model)
    @rule(data=st.data(), value=st.text(max_size=5), stale=st.booleans())
    def update(self, data, value, stale):
        name = data.draw(st.sampled_from(sorted(self.model)))
        version = self.versions[name][0] if stale else self.versions[name][-1]
        body = {"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": name, "resourceVersion": version}, "data": {"v": value}}
        try:
            updated = self._request("update", name, body)
        except errors.ApiError as error:
            assert error.reason == "Conflict"
            assert error.message == (f'Operation cannot be fulfilled on configmaps "{name}": '
                                     "the object has been modified; please apply your changes "
                                     "to the latest version and try again")
            assert version != self.versions[name][-1]
            return
        self.model[name] = {"v": value}
        self.versions[name].append(updated["metadata"]["resourceVersion"])

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def delete(self, data):
        name = data.draw(st.sampled_from(sorted(self.model)))
        self._request("delete", name)
        del self.model[name]
        del self.versions[name]

    @rule(name=NAMES)
    def delete_missing_is_not_found(self, name):
        if name in self.model:
            return
        try:
            self._request("delete", name)
            raise AssertionError("deleting a missing object must fail")
        except errors.ApiError as error:
            assert error.code == 404 and error.message == f'configmaps "{name}" not found'

    @invariant()
    def revisions_only_grow(self):
        assert self.store.revision >= self.last_revision
        self.last_revision = self.store.revision

    @invariant()
    def stored_state_is_exactly_the_model(self):
        listed = self.api.handle(Request("list", CONFIGMAPS, "default", user=LOOPBACK))["items"]
        assert {o["metadata"]["name"]: o["data"] for o in listed} == self.model

    @invariant()
    def watch_replay_rebuilds_the_state(self):
        self.sim.settle()
        rebuilt: dict[str, dict] = {}
        previous = 0
        for event in self.events:
            version = int(event.object["metadata"]["resourceVersion"])
            assert version > previous  # events arrive in revision order
            previous = version
            if event.type == "DELETED":
                rebuilt.pop(event.object["metadata"]["name"], None)
            else:
                rebuilt[event.object["metadata"]["name"]] = event.object["data"]
        assert rebuilt == self.model
        # A fresh watch from resourceVersion 0 sends the current state as ADDED events.
        fresh: list = []
        handle = self.api.watch_prefix(CONFIGMAPS.prefix, fresh.append)
        self.sim.settle()
        assert {e.object["metadata"]["name"]: e.object["data"] for e in fresh} == self.model
        assert all(e.type == "ADDED" for e in fresh)
        handle.stop()


ApiServerMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=25,
                                              deadline=None)
TestApiServer = ApiServerMachine.TestCase
