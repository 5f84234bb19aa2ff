"""kubectl for the model: text in, kubectl's exact text out.

`Kubectl(cluster).run("get pods -o wide")` parses the command line as kubectl does,
sends the same API requests real kubectl sends (as the `kubernetes-admin` user of
kubeadm's admin.conf, or whoever `--as` names), and formats what comes back exactly
as kubectl v1.35 prints it. Failures raise `KubectlError` whose str() is kubectl's
message; `.output` holds what was printed before the failure.
"""

from __future__ import annotations

import dataclasses

from .commands import (api_resources, apply, auth, cordon, create, delete, describe, drain,
                       explain, get, metadata, replace, rollout, scale, set_image, taint,
                       top)
from .commands.exec import run as run_exec
from .commands.logs import run as run_logs
from .commands.patch import run as run_patch
from .commands.diff import run as run_diff
from . import record
from .commands.context import FIELD_MANAGERS, Context
from .errors import KubectlError
from .flags import split

COMMANDS = {
    "get": get.run,
    "describe": describe.run,
    "apply": apply.run,
    "create": create.run,
    "run": lambda ctx, argv, stdin: create.run(ctx, argv, stdin, verb="run"),
    "expose": lambda ctx, argv, stdin: create.run(ctx, argv, stdin, verb="expose"),
    "autoscale": lambda ctx, argv, stdin: create.run(ctx, argv, stdin, verb="autoscale"),
    "replace": replace.run,
    "delete": delete.run,
    "label": metadata.run,
    "annotate": lambda ctx, argv, stdin: metadata.run(ctx, argv, stdin, field="annotations"),
    "scale": scale.run,
    "patch": run_patch,
    "cordon": cordon.run,
    "uncordon": lambda ctx, argv, stdin: cordon.run(ctx, argv, stdin, desired=False),
    "drain": drain.run,
    "taint": taint.run,
    "rollout": rollout.run,
    "set": set_image.run_set,
    "api-resources": api_resources.run,
    "api-versions": api_resources.run_versions,
    "auth": auth.run,
    "explain": explain.run,
    "exec": run_exec,
    "logs": run_logs,
    "diff": run_diff,
    "top": top.run,
}


class Kubectl:
    def __init__(self, cluster) -> None:
        self.context = Context(cluster)

    def run(self, command: str, stdin: str | None = None) -> str:
        argv = split(command)
        if argv and argv[0] == "kubectl":
            argv = argv[1:]
        if not argv:
            raise KubectlError("error: no command given; try `kubectl get pods`")
        verb, rest = argv[0], argv[1:]
        handler = COMMANDS.get(verb)
        if handler is None:
            raise KubectlError(f'error: unknown command "{verb}" for "kubectl"')
        command = verb   # the command path pflag's errors name: `auth can-i`, `create role`
        if verb in ("auth", "create", "rollout", "set") and rest and not rest[0].startswith("-"):
            command = f"{verb} {rest[0]}"
        context, rest = self.context.impersonating(rest, command)   # --as, for every command
        context = dataclasses.replace(context, field_manager=FIELD_MANAGERS.get(verb))
        if not record.warns(verb, rest):
            return handler(context, rest, stdin)
        try:   # pflag's deprecation notice comes first (stderr, as a terminal shows it)
            output = handler(context, rest, stdin)
        except KubectlError as failure:
            failure.output = "\n".join(filter(None, (record.DEPRECATION, failure.output)))
            raise
        return "\n".join(filter(None, (record.DEPRECATION, output)))


__all__ = ["Kubectl", "KubectlError"]
