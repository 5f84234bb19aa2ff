"""A stub API server for comparing the model with the real kubectl binary.

It answers discovery for the model's resources (`/api`, `/apis`, `/api/v1`,
`/apis/<group>/<version>`) and GETs of the objects it is given, keyed by
(plural, name); anything else is a NotFound Status. Enough for commands that build
their object on the client (`create … --dry-run=client`, `expose … --dry-run=client`).

    with serving({("deployments", "web"): WEB}) as url:
        subprocess.run(["kubectl", f"--server={url}", "expose", "deployment", "web", …])
"""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from k8s_model.api.resources import RESOURCES
from k8s_model.api.scale import SCALABLE


def handler_for(objects: dict) -> type:
    class StubAPIServer(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, body: dict, code: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        @staticmethod
        def resources(group: str) -> dict:
            found = [r for r in RESOURCES if r.group == group]
            listed = [{"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced,
                       "kind": r.kind, "shortNames": list(r.short_names),
                       "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}
                      for r in found]
            # The /scale subresources, which `kubectl autoscale` looks for in discovery.
            listed += [{"name": f"{r.plural}/scale", "singularName": "", "namespaced": True,
                        "group": "autoscaling", "version": "v1", "kind": "Scale",
                        "verbs": ["get", "patch", "update"]}
                       for r in found if r.plural in SCALABLE]
            return {"kind": "APIResourceList", "groupVersion": found[0].api_version,
                    "resources": listed}

        def do_GET(self):
            path = self.path.split("?")[0].rstrip("/")
            parts = path.split("/")
            if path == "/api":
                return self.reply({"kind": "APIVersions", "versions": ["v1"]})
            if path == "/apis":
                groups = sorted({(r.group, r.version) for r in RESOURCES if r.group})
                return self.reply({"kind": "APIGroupList", "groups": [
                    {"name": g, "versions": [{"groupVersion": f"{g}/{v}", "version": v}],
                     "preferredVersion": {"groupVersion": f"{g}/{v}", "version": v}}
                    for g, v in groups]})
            if path == "/api/v1":
                return self.reply(self.resources(""))
            if len(parts) == 4 and parts[1] == "apis":
                return self.reply(self.resources(parts[2]))
            obj = objects.get(tuple(parts[-2:]))
            if obj is not None:
                return self.reply(obj)
            self.reply({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                        "reason": "NotFound", "message": "not found", "code": 404}, 404)

    return StubAPIServer


@contextlib.contextmanager
def serving(objects: dict):
    """Serve on 127.0.0.1 (a free port) for the duration; yields the server URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(objects))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
