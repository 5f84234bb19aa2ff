"""What every `kubectl create <kind>` shares (pkg/cmd/create/create.go, pkg/cmd/util).

NameFromCommandArgs wants exactly one word before `--` (`create deployment web --
sleep 1` is fine; the rest is the command). The namespace is written into the object
only when `-n` was given (the kubeconfig's default is left for the server to fill).
`--save-config` stores the object itself, as compact JSON, in the
`kubectl.kubernetes.io/last-applied-configuration` annotation, which is what a later
`kubectl apply` diffs against. The validators here are apimachinery's, with its words.
"""

from __future__ import annotations

import base64
import random
import re

from ...api.serialization import to_json
from .errors import GeneratorError
from .pflag import Parsed

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def usage_error(command: str, message: str) -> GeneratorError:
    """cmdutil.UsageErrorf: the message plus a pointer to the command's help."""
    return GeneratorError(f"error: {message}\nSee 'kubectl {command} -h' for help and examples")


def error(message: str) -> GeneratorError:
    return GeneratorError(f"error: {message}")


def name_from_args(parsed: Parsed, command: str) -> str:
    count = len(parsed.args) if parsed.args_len_at_dash == -1 else parsed.args_len_at_dash
    if count != 1:
        raise usage_error(command, f"exactly one NAME is required, got {count}")
    return parsed.args[0]


def namespace(parsed: Parsed) -> str | None:
    """The namespace to write into the object: only an explicit, non-empty `-n`."""
    value = parsed["namespace"]
    return value if "namespace" in parsed.changed and value else None


def metadata(name: str, namespace: str | None = None, labels: dict | None = None,
             annotations: dict | None = None) -> dict:
    meta = {"name": name}
    if namespace:
        meta["namespace"] = namespace
    if labels:
        meta["labels"] = dict(labels)
    if annotations:
        meta["annotations"] = dict(annotations)
    return meta


def save_config(obj: dict, parsed: Parsed) -> dict:
    """util.CreateOrUpdateAnnotation: the annotation holds the object without itself."""
    if parsed["save-config"]:
        text = to_json(obj, typed=True, compact=True)
        obj["metadata"].setdefault("annotations", {})[LAST_APPLIED] = text
    return obj


def b64(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return base64.b64encode(data).decode()


def random_suffix(seed: str, length: int = 5) -> str:
    """utilrand.String(5)'s alphabet, but seeded by `seed` so the model stays
    deterministic (real kubectl draws a fresh one each time)."""
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length))


# --- k8s.io/apimachinery/pkg/util/validation ---------------------------------------

_DNS1123_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_CONFIG_KEY = re.compile(r"[-._a-zA-Z0-9]+\Z")
_ENV_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*\Z")


def is_dns1123_subdomain(value: str) -> bool:
    return len(value) <= 253 and bool(
        re.fullmatch(rf"{_DNS1123_LABEL}(\.{_DNS1123_LABEL})*", value))


def _chdir_prefix(value: str) -> list[str]:
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    return ["must not start with '..'"] if value.startswith("..") else []


def config_map_key_errors(value: str) -> list[str]:
    errs = ["must be no more than 253 characters"] if len(value) > 253 else []
    if not _CONFIG_KEY.match(value):
        errs.append("a valid config key must consist of alphanumeric characters, '-', '_' "
                    "or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used "
                    "for validation is '[-._a-zA-Z0-9]+')")
    return errs + _chdir_prefix(value)


def is_env_var_name(value: str) -> bool:
    return bool(_ENV_NAME.match(value)) and not _chdir_prefix(value)


def port_name_errors(port: str) -> list[str]:
    errs = ["must be no more than 15 characters"] if len(port) > 15 else []
    if not re.fullmatch(r"[-a-z0-9]+", port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search(r"[a-z]", port):
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def parse_literal_source(source: str) -> tuple[str, str]:
    """util.ParseLiteralSource: `key=value`, split at the first `=`."""
    key, sep, value = source.partition("=")
    if not sep or not key:
        raise error(f"invalid literal source {source}, expected key=value")
    return key, value


def int_or_string(text: str) -> int | str:
    """intstr.Parse: a number if strconv.Atoi takes it, else the string."""
    return int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else text


# --- github.com/distribution/reference: what `kubectl run --image` accepts -----------

_ALNUM = r"[a-z0-9]+"
_COMPONENT = rf"{_ALNUM}(?:(?:[._]|__|[-]+){_ALNUM})*"
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[(?:[a-fA-F0-9:]+)\])"
_REFERENCE = re.compile(
    rf"(?:{_HOST}(?::[0-9]+)?/)?{_COMPONENT}(?:/{_COMPONENT})*"
    r"(?::[\w][\w.-]{0,127})?"
    r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?\Z", re.ASCII)


def is_image_reference(image: str) -> bool:
    return bool(_REFERENCE.match(image))
