"""ManifestEditor: write YAML, press Apply, read the API server's answer.

The same request `kubectl apply -f -` sends (staging/src/k8s.io/kubectl/pkg/cmd/apply),
through `cluster.kubectl`: the API server defaults, validates and stores, or refuses
with its own message (`The Deployment "web" is invalid: …`) and changes nothing. The
Dry run toggle sends `--dry-run=server`: the whole pipeline runs, admission and
validation included, but nothing is persisted (`deployment.apps/web created (server
dry run)`). Diff sends `kubectl diff -f -` (pkg/cmd/diff): the live objects against
what Apply would make of them, as a unified diff, with nothing changed; kubectl's exit
status (0 no differences, 1 differences) is shown under it, as a shell would tell you.

Whatever happens is shown inside the widget as a terminal would show it, errors in
red: kubectl's errors exactly as kubectl prints them, and even an unexpected failure
of the model as one line, never a traceback.
"""

from __future__ import annotations

import ipywidgets as w

from k8s_model.api.errors import ApiError
from k8s_model.kubectl.commands.diff import DiffFound
from k8s_model.kubectl.errors import KubectlError

from .terminal import terminal_html

# Manifests are code: a monospace textarea (ipywidgets has no font trait for it).
EDITOR_CSS = ("<style>.k8s-editor-text textarea {font-family: 'DejaVu Sans Mono', Menlo, "
              "Consolas, monospace; font-size: 12px;}</style>")
APPLY = "apply -f -"
DRY_RUN = "apply --dry-run=server -f -"
DIFF = "diff -f -"
EXIT_STATUS = {0: "(exit status 0: no differences)", 1: "(exit status 1: differences found)"}


class ManifestEditor(w.VBox):
    def __init__(self, cluster, initial_yaml: str = "", observer=None, rows: int = 14) -> None:
        self.cluster, self.observer = cluster, observer
        self.text = w.Textarea(value=initial_yaml, rows=rows,
                               placeholder="apiVersion: apps/v1\nkind: Deployment\n…",
                               layout=w.Layout(width="100%"))
        self.apply_button = w.Button(description="Apply", icon="check", button_style="primary",
                                     tooltip="kubectl apply -f -")
        self.diff_button = w.Button(description="Diff", icon="columns",
                                    tooltip="kubectl diff -f - (what Apply would change)")
        self.dry_run = w.ToggleButton(value=False, description="Dry run",
                                      tooltip="kubectl apply --dry-run=server -f -")
        self.output = w.HTML(value=terminal_html("kubectl " + APPLY,
                                                 hint="(press Apply to send the manifest)"))
        self.last_output = ""  # what kubectl printed to stdout
        self.last_error: str | None = None  # what it printed as its error, if it failed
        for widget, name in ((self.text, "text"), (self.apply_button, "apply"),
                             (self.diff_button, "diff"), (self.dry_run, "dry-run"),
                             (self.output, "output")):
            widget.add_class(f"k8s-editor-{name}")
        self.apply_button.on_click(lambda _button: self.apply())
        self.diff_button.on_click(lambda _button: self.diff())
        super().__init__([w.HTML(EDITOR_CSS), self.text,
                          w.HBox([self.apply_button, self.diff_button, self.dry_run]),
                          self.output])
        self.add_class("k8s-editor")

    def command(self) -> str:
        return DRY_RUN if self.dry_run.value else APPLY

    def apply(self) -> str:
        """Send the text; show and return what kubectl would print (stdout, then error)."""
        return self._run(self.command())

    def diff(self) -> str:
        """`kubectl diff -f -`: show and return the diff (empty when nothing would change)."""
        return self._run(DIFF)

    def _run(self, command: str) -> str:
        stdout, error, hint = "", None, ""
        try:
            stdout = self.cluster.kubectl(command, stdin=self.text.value)
            hint = EXIT_STATUS[0] if command == DIFF else ""
        except DiffFound as found:   # exit status 1 is no error: kubectl prints only the diff
            stdout, hint = found.output, EXIT_STATUS[1]
        except KubectlError as failure:
            stdout, error = failure.output, str(failure)
        except ApiError as failure:
            error = str(failure)
        except Exception as failure:  # a bug in the model: still no traceback for the reader
            error = f"error: the simulated cluster failed: {type(failure).__name__}: {failure}"
        self.last_output, self.last_error = stdout, error
        self.output.value = terminal_html("kubectl " + command, stdout, error or "", hint)
        if self.observer is not None:
            self.observer.notify()
        return stdout if error is None else "\n".join(p for p in (stdout.rstrip("\n"), error) if p)

    def __repr__(self) -> str:
        return f"ManifestEditor({self.command()!r})"
