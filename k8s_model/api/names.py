"""Name and label syntax, as k8s.io/apimachinery/pkg/util/validation (validation.go and
its successor api/validate/content: kube.go, dns.go, errors.go) checks it.

Every check returns a list of messages, empty when the value is fine; callers wrap them
into field errors. The messages are upstream's exact text, built the same way: a regex
failure says what is allowed, gives examples and the regex itself, e.g.

    is_dns1123_label("Web") == ["a lowercase RFC 1123 label must consist of lower case
      alphanumeric characters or '-', and must start and end with an alphanumeric character
      (e.g. 'my-name',  or '123-abc', regex used for validation is
      '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]

(the doubled space after each example's comma is upstream's). Lengths count bytes.
"""

from __future__ import annotations

import ipaddress
import re

from k8s_model.api.errors import FieldError, invalid

LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
LABEL_KEY_ERR = ("must consist of alphanumeric characters, '-', '_' or '.', "
                 "and must start and end with an alphanumeric character")
LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?"
LABEL_VALUE_ERR = ("a valid label must be an empty string or consist of alphanumeric characters, "
                   "'-', '_' or '.', and must start and end with an alphanumeric character")
DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_LABEL_ERR = ("a lowercase RFC 1123 label must consist of lower case alphanumeric "
                     "characters or '-', and must start and end with an alphanumeric character")
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1123_SUBDOMAIN_ERR = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                         "characters, '-' or '.', and must start and end with an alphanumeric "
                         "character")
DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
DNS1035_LABEL_ERR = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                     "start with an alphabetic character, and end with an alphanumeric character")

LABEL_KEY_MAX_LENGTH = 63
LABEL_VALUE_MAX_LENGTH = 63
DNS1123_LABEL_MAX_LENGTH = 63
DNS1123_SUBDOMAIN_MAX_LENGTH = 253
DNS1035_LABEL_MAX_LENGTH = 63


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """RegexError: `<msg> (e.g. 'a',  or 'b', regex used for validation is '<fmt>')`."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def max_len_error(length: int) -> str:
    return f"must be no more than {length} bytes"


def empty_error() -> str:
    return "must be non-empty"


def _matches(fmt: str, value: str) -> bool:
    # Go anchors with ^…$, which (unlike Python's $) never matches before a final newline.
    return re.fullmatch(fmt, value) is not None


def _nbytes(value: str) -> int:
    return len(value.encode("utf-8"))


def is_qualified_name(value: str) -> list[str]:
    """IsQualifiedName / IsLabelKey: an optional DNS-subdomain prefix and '/', then a name
    of at most 63 characters: `app`, `app.kubernetes.io/name`."""
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part " + empty_error())
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return ["a valid label key " + regex_error(LABEL_KEY_ERR, LABEL_KEY_FMT, "MyName",
                                                   "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    if not name:
        errs.append("name part " + empty_error())
    elif _nbytes(name) > LABEL_KEY_MAX_LENGTH:
        errs.append("name part " + max_len_error(LABEL_KEY_MAX_LENGTH))
    if not _matches(LABEL_KEY_FMT, name):
        errs.append("name part " + regex_error(LABEL_KEY_ERR, LABEL_KEY_FMT, "MyName", "my.name",
                                               "123-abc"))
    return errs


def is_valid_label_value(value: str) -> list[str]:
    """IsValidLabelValue: empty, or up to 63 alphanumerics with '-', '_', '.' inside."""
    errs = []
    if _nbytes(value) > LABEL_VALUE_MAX_LENGTH:
        errs.append(max_len_error(LABEL_VALUE_MAX_LENGTH))
    if not _matches(LABEL_VALUE_FMT, value):
        errs.append(regex_error(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def is_dns1123_label(value: str) -> list[str]:
    """IsDNS1123Label: what most object names must be (Pods, Namespaces, Services)."""
    errs = []
    if _nbytes(value) > DNS1123_LABEL_MAX_LENGTH:
        errs.append(max_len_error(DNS1123_LABEL_MAX_LENGTH))
    if not _matches(DNS1123_LABEL_FMT, value):
        if _matches(DNS1123_SUBDOMAIN_FMT, value):
            # A valid subdomain but not a valid label: the length is checked, so it's dots.
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value: str) -> list[str]:
    """IsDNS1123Subdomain: up to 253 characters of dot-separated DNS labels."""
    errs = []
    if _nbytes(value) > DNS1123_SUBDOMAIN_MAX_LENGTH:
        errs.append(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH))
    if not _matches(DNS1123_SUBDOMAIN_FMT, value):
        errs.append(regex_error(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


WILDCARD_DNS1123_SUBDOMAIN_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT
WILDCARD_DNS1123_SUBDOMAIN_ERR = (
    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, "
    "which must consist of lower case alphanumeric characters, '-' or '.' and end with an "
    "alphanumeric character")


def is_wildcard_dns1123_subdomain(value: str) -> list[str]:
    """IsWildcardDNS1123Subdomain: `*.example.com` — the `*` a whole first label (an
    Ingress host, a TLS host)."""
    errs = []
    if _nbytes(value) > DNS1123_SUBDOMAIN_MAX_LENGTH:
        errs.append(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH))
    if not _matches(WILDCARD_DNS1123_SUBDOMAIN_FMT, value):
        errs.append(regex_error(WILDCARD_DNS1123_SUBDOMAIN_ERR, WILDCARD_DNS1123_SUBDOMAIN_FMT,
                                "*.example.com"))
    return errs


def is_dns1035_label(value: str) -> list[str]:
    """IsDNS1035Label: like a DNS-1123 label but starting with a letter (Service names)."""
    errs = []
    if _nbytes(value) > DNS1035_LABEL_MAX_LENGTH:
        errs.append(max_len_error(DNS1035_LABEL_MAX_LENGTH))
    if not _matches(DNS1035_LABEL_FMT, value):
        errs.append(regex_error(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


def validate_label_name(name: str, path: str) -> list[FieldError]:
    """ValidateLabelName (apis/meta/v1/validation): one error per message."""
    return [invalid(path, name, msg) for msg in is_qualified_name(name)]


def validate_labels(labels: dict | None, path: str) -> list[FieldError]:
    """ValidateLabels: every key a qualified name, every value a label value. The errors
    carry the map's own path, e.g. `metadata.labels: Invalid value: "-bad": name part …`.
    Upstream walks a Go map (random order); we walk the keys sorted, deterministically."""
    errs: list[FieldError] = []
    for key in sorted(labels or {}):
        value = labels[key]
        errs.extend(validate_label_name(key, path))
        errs.extend(invalid(path, value, msg) for msg in is_valid_label_value(value))
    return errs


def is_ip(text: str) -> bool:
    """An IPv4 or IPv6 address (k8s.io/utils/net ParseIPSloppy succeeds)."""
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False
