"""ClockControls: Step and Play buttons for the cluster's virtual clock.

Nothing in the model runs by itself: time moves only when someone calls
`cluster.advance(seconds)`. A Step click advances `step_seconds`; the Play widget
(ipywidgets.Play, ticking in the browser) advances one step per tick through its
`value` observer, so there are no threads and a test drives it by setting
`play.value`. The label shows virtual time the way kubectl prints an AGE
(apimachinery's HumanDuration): 150 s is `t = 2m30s`, 600 s is `t = 10m`.

After each step the observer's `notify()` runs, so every view redraws at most once, and
then the `on_step` callbacks (for what depends on time itself, not on a change: a
timeline that must reach the present, a status line that counts seconds).
A failure inside the model is shown in the widget (never a lost traceback), and the
clock stays usable: the model pops a timer before running it.
"""

from __future__ import annotations

import html

import ipywidgets as w

from k8s_model.api.duration import human_duration


def clock_text(seconds: float) -> str:
    return f"t = {human_duration(seconds)}"


class ClockControls(w.VBox):
    def __init__(self, cluster, observer=None, step_seconds: float = 10,
                 play_interval_ms: int = 700, max_steps: int = 1000) -> None:
        self.cluster, self.observer, self.step_seconds = cluster, observer, step_seconds
        self._step_callbacks = []
        self.step_button = w.Button(description=f"Step {human_duration(step_seconds)}",
                                    icon="step-forward",
                                    tooltip=f"advance the virtual clock by {step_seconds:g} s")
        self.play = w.Play(value=0, min=0, max=max_steps, step=1, interval=play_interval_ms,
                           description="Play", show_repeat=False)
        self.time_label = w.Label(value=clock_text(cluster.now))
        self.status = w.HTML(value="")
        self.step_button.add_class("k8s-clock-step")
        self.play.add_class("k8s-clock-play")
        self.time_label.add_class("k8s-clock-time")
        self.status.add_class("k8s-clock-status")
        self.step_button.on_click(lambda _button: self.step())
        self.play.observe(self._on_play, names="value")
        super().__init__([w.HBox([self.step_button, self.play, self.time_label]), self.status])
        self.add_class("k8s-clock")

    def _on_play(self, change) -> None:
        """One step per tick; moving the slider back (or Play's reset to 0) is no step."""
        ticks = change["new"] - change["old"]
        if ticks > 0:
            self.step(ticks * self.step_seconds)

    def step(self, seconds: float | None = None) -> None:
        seconds = self.step_seconds if seconds is None else seconds
        try:
            self.cluster.advance(seconds)
            self.status.value = ""
            self.refresh()
            for callback in self._step_callbacks:
                callback()
        except Exception as error:  # show it in the widget; the clock stays usable
            self.time_label.value = clock_text(self.cluster.now)
            self._show_error(error)

    def on_step(self, callback) -> None:
        """Run `callback()` after every step of the clock (Step, Play, `step()`)."""
        self._step_callbacks.append(callback)

    def refresh(self) -> None:
        """Show the current time and let the observer's views redraw."""
        self.time_label.value = clock_text(self.cluster.now)
        if self.observer is not None:
            self.observer.notify()
            if self.observer.errors:  # a view failed on a watch event
                self._show_error(self.observer.errors[-1])
                self.observer.errors.clear()

    def _show_error(self, error: BaseException) -> None:
        self.status.value = (
            '<pre class="k8s-error" style="color:#c0392b;margin:0">'
            f"{html.escape(type(error).__name__)}: {html.escape(str(error))}</pre>")

    def __repr__(self) -> str:
        return f"ClockControls({clock_text(self.cluster.now)}, step {self.step_seconds:g}s)"
