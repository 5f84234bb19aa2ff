"""YAML mistakes in manifests, worded as go-yaml words them through kubectl.

Expected lines come from the real kubectl v1.35.2 (`kubectl apply --dry-run=client -f -`
on the same text); go-yaml's parser says "did not find expected '-' indicator" inside a
block sequence (yaml_parser_parse_block_sequence_entry) and "did not find expected key"
inside a block mapping (yaml_parser_parse_block_mapping_key).
"""

import pytest

from k8s_model import load_manifests
from k8s_model.kubectl.manifests import ManifestError

HEAD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n"
PREFIX = "error parsing STDIN: error converting YAML to JSON: yaml: "


@pytest.mark.parametrize("text,message", [
    # seed 001 §10: readinessProbe indented as an entry of the ports list
    (HEAD + "spec:\n  containers:\n    - name: kubia\n      image: luksa/kubia\n      ports:\n"
            "        - name: http\n          containerPort: 8080\n        readinessProbe:\n"
            "          exec:\n            command:\n              - ls\n",
     "line 11: did not find expected '-' indicator"),
    (HEAD + "spec:\n  containers:\n    - name: a\n      image: nginx\n   foo: bar\n",
     "line 8: did not find expected key"),
    (HEAD.replace("  name: a\n", "  name: a\n   labels: x\n") + "spec: {}\n",
     "line 5: mapping values are not allowed in this context"),
    (HEAD + "spec:\n  containers:\n  - name: a\n    image: nginx\n    args:\n    - a\n"
            "    - b\n   ports: []\n",
     "line 11: did not find expected key"),
])
def test_go_yaml_wording(text, message):
    with pytest.raises(ManifestError) as raised:
        load_manifests(text)
    assert str(raised.value) == PREFIX + message
