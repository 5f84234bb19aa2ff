"""Making sure a container's image is on the node (pkg/kubelet/images/image_manager.go).

EnsureImageExists, in upstream's order: apply the default tag (a bad reference is
`InvalidImageName`); look the image up; decide by imagePullPolicy (Always pulls every
time, IfNotPresent only when missing, Never never); refuse while the image's back-off
runs (`ImagePullBackOff`); otherwise pull. A failed pull records `Failed to pull image
"nginx:nope": rpc error: code = NotFound desc = …`, starts the back-off (10 s doubling
to 300 s, per Pod and image) and leaves the container waiting in `ErrImagePull`.
Pulls are serialized, so "including waiting" counts the queue.
"""

from __future__ import annotations

from typing import Callable

from ..runtime.images import FAILED_PULL_SECONDS, PullFailure, ReferenceError, parse_reference
from .backoff import Backoff
from .events import go_duration


class ImageError(Exception):
    """A reason the container cannot start yet: (reason, message) as the waiting state."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason, self.message = reason, message


class ImageManager:
    def __init__(self, sim, runtime, recorder) -> None:
        self.sim, self.runtime, self.recorder = sim, runtime, recorder
        self.backoff = Backoff()
        self.last_error: dict[str, str] = {}

    def ensure_image_exists(self, pod: dict, container: dict,
                            done: Callable[[str | None, ImageError | None], None]) -> None:
        """Calls `done(image_ref, None)` once the image is present, at once or after the
        pull; `done(None, error)` when the container must wait."""
        image, name = container["image"], container["name"]
        event = lambda type_, reason, msg: self.recorder.eventf(pod, type_, reason, msg, name)  # noqa: E731
        try:
            ref = str(parse_reference(image))
        except ReferenceError as error:
            msg = (f'Failed to apply default image tag "{image}": couldn\'t parse image '
                   f'reference "{image}": {error}')
            event("Warning", "InspectFailed", msg)
            return done(None, ImageError("InvalidImageName", msg))
        policy = container.get("imagePullPolicy", "IfNotPresent")
        if policy != "Always":
            present = self.runtime.image_status(image) != ""
            if present:
                event("Normal", "Pulled", f'Container image "{image}" already present on machine')
                return done(ref, None)
            if policy == "Never":
                msg = f'Container image "{image}" is not present with pull policy of Never'
                event("Warning", "ErrImageNeverPull", msg)
                return done(None, ImageError("ErrImageNeverPull", msg))
        key = f"{pod['metadata']['uid']}_{image}"
        now = self.sim.now
        if self.backoff.is_in_backoff_since_update(key, now):
            event("Normal", "BackOff", f'Back-off pulling image "{image}"')
            return done(None, ImageError(
                "ImagePullBackOff",
                f'Back-off pulling image "{image}": ErrImagePull: {self.last_error.get(key, "")}'))
        event("Normal", "Pulling", f'Pulling image "{image}"')
        namespace, pod_name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        try:
            result = self.runtime.pull_image(image, namespace, pod_name)
        except PullFailure as error:
            failure = str(error)

            def failed() -> None:
                event("Warning", "Failed", f'Failed to pull image "{image}": {failure}')
                self.backoff.next(key, self.sim.now, self.sim.now)
                self.last_error[key] = failure
                done(None, ImageError("ErrImagePull", failure))
            self.sim.call_later(FAILED_PULL_SECONDS, failed)   # the registry's round trip
            return

        def pulled() -> None:
            event("Normal", "Pulled",
                  f'Successfully pulled image "{image}" in {go_duration(result.seconds)} '
                  f'({go_duration(result.waited)} including waiting). '
                  f"Image size: {result.size} bytes.")
            done(result.image_ref, None)

        self.sim.call_later(result.waited, pulled)

    def retry_at(self, pod: dict, image: str) -> float:
        """When the image's back-off for this Pod runs out."""
        entry = self.backoff.entries.get(f"{pod['metadata']['uid']}_{image}")
        return entry[1] + entry[0] if entry else self.sim.now
