"""YAML syntax errors as kubectl words them (sigs.k8s.io/yaml → go-yaml v2), line numbers
included. Every expected text below was printed by the real kubectl v1.35.2:
`kubectl create --dry-run=client -f -` with the manifest on stdin; the notes' tab-indented
CronJob (chapter 10) and a truncated flow collection (chapter 13) are among them."""

import pytest

from k8s_model.kubectl.manifests import ManifestError, load_manifests

CASES = [
    ('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: y\n',
     'line 4: did not find expected key'),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n    labels: y\n',
     'line 5: mapping values are not allowed in this context'),
    ('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n   image: b\n',
     'line 5: did not find expected key'),
    ('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n  image: b\n  - name: c\n',
     'line 6: did not find expected key'),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n',
     "line 3: did not find expected ',' or '}'"),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n}\ndata: [a, b\n',
     "line 5: did not find expected ',' or ']'"),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  key: "unterminated\n',
     'line 7: found unexpected end of stream'),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n\tkey: v\n',
     'line 6: found character that cannot start any token'),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata: [\n',
     'line 3: did not find expected node content'),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app: a: b\n',
     'line 6: mapping values are not allowed in this context'),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  - a\n',
     'line 4: did not find expected key'),
    ('- a\nb: c\n',
     "line 1: did not find expected '-' indicator"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: v\n  k2: 'a\n",
     'line 8: found unexpected end of stream'),
]
CASES += [
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n",
     "line 4: found character that cannot start any token"),
    ("\tapiVersion: v1\nkind: ConfigMap\n", "found character that cannot start any token"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: [", "line 3: did not find expected node content"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {", "line 3: did not find expected node content"),
]


@pytest.mark.parametrize("text, message", CASES)
def test_yaml_errors_read_as_kubectl_prints_them(text, message):
    with pytest.raises(ManifestError) as failure:
        load_manifests(text)
    assert str(failure.value) == f"error parsing STDIN: error converting YAML to JSON: yaml: {message}"
