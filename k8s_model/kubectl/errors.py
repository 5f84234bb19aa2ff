"""How kubectl reports a failure (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go).

kubectl's CheckErr turns an error into the text a learner sees: an API error becomes
`Error from server (Reason): message`; an Invalid error is rewritten from its causes as
`The Deployment "web" is invalid: spec.replicas: …` (one cause) or a `*` list (several);
a client-side problem becomes `error: …`. Commands that act on files first add their
source, `error when creating "STDIN": …` (AddSourceToErr).
"""

from __future__ import annotations

from ..api.errors import ApiError


class KubectlError(Exception):
    """kubectl failed; `str()` is exactly what it prints, `output` what it printed
    to stdout before failing."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.output = output

    def __str__(self) -> str:
        return self.message


def with_source(error: ApiError, verb: str, source: str) -> ApiError:
    """AddSourceToErr: `error when creating "STDIN": <message>`."""
    status = dict(error.status)
    status["message"] = f'error when {verb} "{source}": {error.message}'
    return ApiError(status)


def standard_message(error: ApiError) -> str:
    """StandardErrorMessage: what one API error prints as."""
    if error.reason == "Unauthorized":
        return f"error: You must be logged in to the server ({error.message})"
    if error.reason:
        return f"Error from server ({error.reason}): {error.message}"
    return f"Error from server: {error.message}"


def check_err_message(error: ApiError) -> str:
    """CheckErr for a single API error: Invalid errors are rewritten from their causes."""
    if error.reason == "Invalid":
        details = error.status.get("details") or {}
        if not details:
            return "The request is invalid"
        text = "The request is invalid"
        if details.get("kind") or details.get("name"):
            text = f'The {details.get("kind", "")} "{details.get("name", "")}" is invalid'
        causes = details.get("causes") or []
        if not causes:
            return text
        # statusCausesToAggrError: "%s: %s" of field and message, even when the field is
        # empty (a JSON patch that does not apply: `The request is invalid: : …`)
        lines = [f'{c.get("field", "")}: {c.get("message", "")}' for c in causes]
        if len(lines) == 1:
            return f"{text}: {lines[0]}"
        return f"{text}: \n" + "\n".join(f"* {line}" for line in lines)
    return standard_message(error)


def message_for(error: Exception) -> str:
    """One error of several (MultipleErrors): API errors in their standard form."""
    if isinstance(error, ApiError):
        return standard_message(error)
    return str(error)


def aggregate_message(errors: list[Exception]) -> str:
    """CheckErr on an aggregate: one error is printed as itself, several one per line."""
    if len(errors) == 1:
        only = errors[0]
        if isinstance(only, ApiError):
            return check_err_message(only)
        text = str(only)
        return text if text.startswith("error: ") else f"error: {text}"
    return "\n".join(message_for(e) for e in errors)


def lines_or_errors(lines: list[str], failures: list[Exception]) -> str:
    """What a command acting on several objects prints: a line per object done; if any
    failed, those lines first (as `output`) and then the aggregated errors."""
    text = "\n".join(lines)
    if failures:
        raise KubectlError(aggregate_message(failures), output=text)
    return text
