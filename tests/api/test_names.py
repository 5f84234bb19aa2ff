"""Label-key, label-value and DNS name checks: upstream's exact messages
(apimachinery/pkg/api/validate/content kube.go and dns.go, as linked into kubectl v1.35)."""

import pytest

from k8s_model.api.names import (is_dns1035_label, is_dns1123_label, is_dns1123_subdomain,
                                 is_qualified_name, is_valid_label_value, validate_labels)

KEY_REGEX = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
             "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
             "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
VALUE_REGEX = ("a valid label must be an empty string or consist of alphanumeric characters, "
               "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
               "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
               "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
SUBDOMAIN_REGEX = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                   "characters, '-' or '.', and must start and end with an alphanumeric "
                   "character (e.g. 'example.com', regex used for validation is "
                   "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL_REGEX = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
               "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
               "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
DNS1035_REGEX = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                 "start with an alphabetic character, and end with an alphanumeric character "
                 "(e.g. 'my-name',  or 'abc-123', regex used for validation is "
                 "'[a-z]([-a-z0-9]*[a-z0-9])?')")

QUALIFIED_NAMES = [
    ("plain", "app", []),
    ("prefixed", "app.kubernetes.io/name", []),
    ("63 chars", "k" * 63, []),
    ("leading dash", "-bad", ["name part " + KEY_REGEX]),
    ("inner tilde", "a~b", ["name part " + KEY_REGEX]),
    ("two slashes", "a/b/c", ["a valid label key " + KEY_REGEX + " with an optional DNS "
                              "subdomain prefix and '/' (e.g. 'example.com/MyName')"]),
    ("empty prefix", "/a", ["prefix part must be non-empty"]),
    ("bad prefix", "Foo_/x", ["prefix part " + SUBDOMAIN_REGEX]),
    ("long prefix", "p" * 254 + "/x", ["prefix part must be no more than 253 bytes"]),
    ("64 chars", "k" * 64, ["name part must be no more than 63 bytes"]),
    ("empty", "", ["name part must be non-empty", "name part " + KEY_REGEX]),
    ("bytes not runes", "ä" * 32, ["name part must be no more than 63 bytes",
                                   "name part " + KEY_REGEX]),
    ("trailing newline", "app\n", ["name part " + KEY_REGEX]),
]


@pytest.mark.parametrize("name,value,want", QUALIFIED_NAMES, ids=[c[0] for c in QUALIFIED_NAMES])
def test_is_qualified_name(name, value, want):
    """Label keys: optional DNS-subdomain prefix, a name of at most 63 bytes."""
    assert is_qualified_name(value) == want


LABEL_VALUES = [
    ("empty", "", []),
    ("63 chars", "v" * 63, []),
    ("dots and underscores", "my_value.v1", []),
    ("leading dash", "-x", [VALUE_REGEX]),
    ("space", "a b", [VALUE_REGEX]),
    ("64 chars", "v" * 64, ["must be no more than 63 bytes"]),
]


@pytest.mark.parametrize("name,value,want", LABEL_VALUES, ids=[c[0] for c in LABEL_VALUES])
def test_is_valid_label_value(name, value, want):
    """Label values: empty, or up to 63 alphanumerics with -_. inside."""
    assert is_valid_label_value(value) == want


DNS = [
    ("label ok", is_dns1123_label, "web-1", []),
    ("label upper", is_dns1123_label, "Web", [LABEL_REGEX]),
    ("label dots", is_dns1123_label, "a.b", ["must not contain dots"]),
    ("label long", is_dns1123_label, "a" * 64, ["must be no more than 63 bytes"]),
    ("label long and dotted", is_dns1123_label, "a." * 32,
     ["must be no more than 63 bytes", LABEL_REGEX]),
    ("subdomain ok", is_dns1123_subdomain, "web.example.com", []),
    ("subdomain underscore", is_dns1123_subdomain, "my_app", [SUBDOMAIN_REGEX]),
    ("subdomain long", is_dns1123_subdomain, "a" * 254, ["must be no more than 253 bytes"]),
    ("1035 ok", is_dns1035_label, "web", []),
    ("1035 digit first", is_dns1035_label, "1web", [DNS1035_REGEX]),
]


@pytest.mark.parametrize("name,check,value,want", DNS, ids=[c[0] for c in DNS])
def test_dns_names(name, check, value, want):
    """DNS-1123 labels/subdomains and DNS-1035 labels, with upstream's messages."""
    assert check(value) == want


def test_validate_labels_messages():
    """ValidateLabels reports the map's path, one error per message, keys sorted."""
    errs = validate_labels({"tier": "-x", "-bad": "ok", "app": "web"}, "metadata.labels")
    assert [str(e) for e in errs] == [
        'metadata.labels: Invalid value: "-bad": name part ' + KEY_REGEX,
        'metadata.labels: Invalid value: "-x": ' + VALUE_REGEX,
    ]
    assert validate_labels(None, "metadata.labels") == []
