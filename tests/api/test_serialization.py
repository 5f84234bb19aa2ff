"""kubectl's `-o yaml`, `-o json` and `-o name` printers, byte for byte (api/serialization).

Every expected text below was printed by kubectl v1.35.2: `kubectl label --local -f
doc.json k=v --overwrite -o yaml|json` prints any object as it is (an unstructured
map: YAML and JSON keys sorted), `kubectl set image --local … -o json` prints a typed
Deployment (Go struct order), and the Lists are `kubectl get pods -o yaml|json` against
a stub API server. The test_live_* tests compare with the binary again when it is on
PATH, including random documents and maximal objects of every workload kind.
"""

import json
import random
import shutil
import subprocess

import pytest

from k8s_model.api.fieldorder import STRUCTS, reorder
from k8s_model.api.serialization import as_list, to_json, to_name, to_yaml

HAVE_KUBECTL = shutil.which("kubectl") is not None
live = pytest.mark.skipif(not HAVE_KUBECTL, reason="kubectl binary not installed")

HEAD = "apiVersion: x.io/v1\ndata:\n"
TAIL = "kind: Foo\nmetadata:\n  labels:\n    k: v\n  name: demo\n"


def doc(data) -> dict:
    """The object fed to `kubectl label --local`; only `data` varies."""
    return {"apiVersion": "x.io/v1", "kind": "Foo",
            "metadata": {"name": "demo", "labels": {"k": "v"}}, "data": data}


YAML_SCALARS = [
    ('plain string', 'web',
     '  v: web\n'),
    ('number-like string is double-quoted', '80',
     '  v: "80"\n'),
    ('bool-like string is double-quoted', 'true',
     '  v: "true"\n'),
    ('YAML 1.1 bool words are quoted', 'yes',
     '  v: "yes"\n'),
    ('null-like string', 'null',
     '  v: "null"\n'),
    ('tilde', '~',
     '  v: "~"\n'),
    ('empty string', '',
     '  v: ""\n'),
    ('float-like string', '1.5',
     '  v: "1.5"\n'),
    ('exponent string', '1e3',
     '  v: "1e3"\n'),
    ('hex string', '0x1F',
     '  v: "0x1F"\n'),
    ('underscored number string', '1_000',
     '  v: "1_000"\n'),
    ('octal-looking string', '0777',
     '  v: "0777"\n'),
    ('timestamp string', '2024-01-01T00:00:00Z',
     '  v: "2024-01-01T00:00:00Z"\n'),
    ('date string', '2024-01-01',
     '  v: "2024-01-01"\n'),
    ('base-60 number string', '1:20',
     '  v: "1:20"\n'),
    ('port mapping is plain', '80:8080',
     '  v: 80:8080\n'),
    ('alias indicator is single-quoted', '*',
     "  v: '*'\n"),
    ('anchor indicator', '&x',
     "  v: '&x'\n"),
    ('leading dash and space', '- a',
     "  v: '- a'\n"),
    ('leading dash alone is fine', '-a',
     '  v: -a\n'),
    ('colon-space is single-quoted', 'a: b',
     "  v: 'a: b'\n"),
    ('trailing colon', 'a:',
     "  v: 'a:'\n"),
    ('comment marker after space', 'a #b',
     "  v: 'a #b'\n"),
    ('hash inside word is plain', 'a#b',
     '  v: a#b\n'),
    ('leading hash', '#a',
     "  v: '#a'\n"),
    ('leading space', '  lead',
     "  v: '  lead'\n"),
    ('trailing space', 'trail ',
     "  v: 'trail '\n"),
    ('single quote inside', "it's",
     "  v: it's\n"),
    ('leading single quote', "'x",
     "  v: '''x'\n"),
    ('leading double quote', '"x',
     '  v: \'"x\'\n'),
    ('flow indicators inside are plain', 'x[y]{z},w',
     '  v: x[y]{z},w\n'),
    ('leading bracket', '[x',
     "  v: '[x'\n"),
    ('document marker', '---',
     "  v: '---'\n"),
    ('tab is double-quoted', 'a\tb',
     '  v: "a\\tb"\n'),
    ('control char', '\x1b[0m',
     '  v: "\\e[0m"\n'),
    ('non-ASCII is plain', 'é',
     '  v: é\n'),
    ('emoji is escaped', '😀',
     '  v: "\\U0001F600"\n'),
    ('multi-line with final newline', 'line1\nline2\n',
     '  v: |\n    line1\n    line2\n'),
    ('multi-line without final newline', 'no nl\nend',
     '  v: |-\n    no nl\n    end\n'),
    ('multi-line keeping blank lines', 'a\n\n',
     '  v: |+\n    a\n\n'),
    ('multi-line starting with space', ' a\nb',
     '  v: |2-\n     a\n    b\n'),
    ('multi-line starting with newline', '\na',
     '  v: |2-\n\n    a\n'),
    ('multi-line with trailing space', 'a \nb',
     '  v: "a \\nb"\n'),
    ('long text folds at 80 columns', " ".join(["lorem", "ipsum", "dolor", "sit", "amet"] * 8),
     ('  v: lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum'
      ' dolor sit amet\n'
      '    lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum '
      'dolor sit amet\n'
      '    lorem ipsum dolor sit amet lorem ipsum dolor sit amet\n')),
    ('long single-quoted text folds', "a: " + " ".join(["word"] * 30),
     ("  v: 'a: word word word word word word word word word word word word w"
      'ord word word\n'
      '    word word word word word word word word word word word word word w'
      "ord word'\n")),
    ('long double-quoted text folds', "\t" + " ".join(["word"] * 30),
     ('  v: "\\tword word word word word word word word word word word word wo'
      'rd word word\n'
      '    word word word word word word word word word word word word word w'
      'ord word"\n')),
    ('long word does not fold', "x" * 120,
     ('  v: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n')),
    ('last-applied JSON annotation', '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}\n',
     '  v: |\n    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}\n'),
]
YAML_STRUCTURES = [
    ('list under a key is not indented',
     {'containers': [{'name': 'a', 'image': 'nginx'}, {'name': 'b'}]},
     '  containers:\n  - image: nginx\n    name: a\n  - name: b\n'),
    ('list of lists',
     {'l': [[1, 2], [], ['x']]},
     '  l:\n  - - 1\n    - 2\n  - []\n  - - x\n'),
    ('list of scalars',
     {'args': ['sleep', '3600']},
     '  args:\n  - sleep\n  - "3600"\n'),
    ('empty map and empty list',
     {'m': {}, 'l': [], 'n': None},
     '  l: []\n  m: {}\n  "n": null\n'),
    ('booleans and numbers',
     {'t': True,
      'f': False,
      'i': 42,
      'neg': -7,
      'big': 1099511627776,
      'f1': 2.5,
      'f2': 0.001,
      'f3': 1e-07,
      'f4': 1234567.5,
      'f5': 3.0},
     ('  big: 1099511627776\n'
      '  f: false\n'
      '  f1: 2.5\n'
      '  f2: 0.001\n'
      '  f3: 1e-07\n'
      '  f4: 1.2345675e+06\n'
      '  f5: 3\n'
      '  i: 42\n'
      '  neg: -7\n'
      '  t: true\n')),
    ('keys in natural order',
     {'a10': 1, 'a2': 2, 'a_b': 3, 'aB': 4, 'A': 5, '1': 6, '10': 7, '9': 8, '': 9},
     '  "": 9\n  "1": 6\n  "9": 8\n  "10": 7\n  A: 5\n  a_b: 3\n  a2: 2\n  a10: 1\n  aB: 4\n'),
    ('nested maps',
     {'spec': {'template': {'metadata': {'labels': {'app': 'web'}}}}},
     '  spec:\n    template:\n      metadata:\n        labels:\n          app: web\n'),
    ('literal block inside a list',
     {'cmds': ['echo a\necho b\n', 'x']},
     '  cmds:\n  - |\n    echo a\n    echo b\n  - x\n'),
    ('map inside list inside map',
     {'rules': [{'apiGroups': [''], 'resources': ['pods'], 'verbs': ['get', 'list']}]},
     ('  rules:\n'
      '  - apiGroups:\n'
      '    - ""\n'
      '    resources:\n'
      '    - pods\n'
      '    verbs:\n'
      '    - get\n'
      '    - list\n')),
    ('key longer than 128 bytes',
     {"k" * 130: "v", "short": "s"},
     ('  ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk'
      'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n'
      '  : v\n'
      '  short: s\n')),
    ('multi-line key',
     {'a\nb': 1},
     '  ? |-\n    a\n    b\n  : 1\n'),
    ('key needing quotes',
     {'80': 'x', 'true': 'y', 'a: b': 'z', '*': 'w'},
     '  \'*\': w\n  "80": x\n  \'a: b\': z\n  "true": "y"\n'),
]
JSON_UNSTRUCTURED = [
    ('keys sorted, 4-space indent',
     {'b': 1, 'a': {'z': [1, {'y': None}], 'c': {}}, 'e': []},
     ('{\n'
      '    "apiVersion": "x.io/v1",\n'
      '    "data": {\n'
      '        "a": {\n'
      '            "c": {},\n'
      '            "z": [\n'
      '                1,\n'
      '                {\n'
      '                    "y": null\n'
      '                }\n'
      '            ]\n'
      '        },\n'
      '        "b": 1,\n'
      '        "e": []\n'
      '    },\n'
      '    "kind": "Foo",\n'
      '    "metadata": {\n'
      '        "labels": {\n'
      '            "k": "v"\n'
      '        },\n'
      '        "name": "demo"\n'
      '    }\n'
      '}\n')),
    ('HTML-safe escaping',
     {'s': "<a href='x'>&amp;</a>", 'u': '\u2028é😀', 'c': '\x01\t\n"\\'},
     ('{\n'
      '    "apiVersion": "x.io/v1",\n'
      '    "data": {\n'
      '        "c": "\\u0001\\t\\n\\"\\\\",\n'
      '        "s": "\\u003ca href=\'x\'\\u003e\\u0026amp;\\u003c/a\\u003e",\n'
      '        "u": "\\u2028é😀"\n'
      '    },\n'
      '    "kind": "Foo",\n'
      '    "metadata": {\n'
      '        "labels": {\n'
      '            "k": "v"\n'
      '        },\n'
      '        "name": "demo"\n'
      '    }\n'
      '}\n')),
    ('Go number formats',
     {'n': [1e-07,
            1e+21,
            1e+20,
            0.1,
            100.0,
            -0.0,
            9223372036854775807,
            18446744073709551615,
            1234567.5]},
     ('{\n'
      '    "apiVersion": "x.io/v1",\n'
      '    "data": {\n'
      '        "n": [\n'
      '            1e-7,\n'
      '            1e+21,\n'
      '            100000000000000000000,\n'
      '            0.1,\n'
      '            100,\n'
      '            -0,\n'
      '            9223372036854775807,\n'
      '            18446744073709552000,\n'
      '            1234567.5\n'
      '        ]\n'
      '    },\n'
      '    "kind": "Foo",\n'
      '    "metadata": {\n'
      '        "labels": {\n'
      '            "k": "v"\n'
      '        },\n'
      '        "name": "demo"\n'
      '    }\n'
      '}\n')),
]

PODS = [{'kind': 'Pod',
  'apiVersion': 'v1',
  'metadata': {'name': 'a',
               'namespace': 'default',
               'uid': 'u1',
               'resourceVersion': '5',
               'creationTimestamp': '2024-01-01T00:00:00Z',
               'labels': {'run': 'a'}},
  'spec': {'containers': [{'name': 'a',
                           'image': 'nginx',
                           'ports': [{'containerPort': 80, 'protocol': 'TCP'}],
                           'resources': {}}],
           'restartPolicy': 'Always'},
  'status': {'phase': 'Running', 'podIP': '10.244.1.5'}},
 {'kind': 'Pod',
  'apiVersion': 'v1',
  'metadata': {'name': 'b',
               'namespace': 'default',
               'uid': 'u2',
               'resourceVersion': '5',
               'creationTimestamp': '2024-01-01T00:00:00Z',
               'labels': {'run': 'b'}},
  'spec': {'containers': [{'name': 'b',
                           'image': 'nginx',
                           'ports': [{'containerPort': 80, 'protocol': 'TCP'}],
                           'resources': {}}],
           'restartPolicy': 'Always'},
  'status': {'phase': 'Running', 'podIP': '10.244.2.7'}}]

GET_PODS_YAML = (
    'apiVersion: v1\n'
    'items:\n'
    '- apiVersion: v1\n'
    '  kind: Pod\n'
    '  metadata:\n'
    '    creationTimestamp: "2024-01-01T00:00:00Z"\n'
    '    labels:\n'
    '      run: a\n'
    '    name: a\n'
    '    namespace: default\n'
    '    resourceVersion: "5"\n'
    '    uid: u1\n'
    '  spec:\n'
    '    containers:\n'
    '    - image: nginx\n'
    '      name: a\n'
    '      ports:\n'
    '      - containerPort: 80\n'
    '        protocol: TCP\n'
    '      resources: {}\n'
    '    restartPolicy: Always\n'
    '  status:\n'
    '    phase: Running\n'
    '    podIP: 10.244.1.5\n'
    '- apiVersion: v1\n'
    '  kind: Pod\n'
    '  metadata:\n'
    '    creationTimestamp: "2024-01-01T00:00:00Z"\n'
    '    labels:\n'
    '      run: b\n'
    '    name: b\n'
    '    namespace: default\n'
    '    resourceVersion: "5"\n'
    '    uid: u2\n'
    '  spec:\n'
    '    containers:\n'
    '    - image: nginx\n'
    '      name: b\n'
    '      ports:\n'
    '      - containerPort: 80\n'
    '        protocol: TCP\n'
    '      resources: {}\n'
    '    restartPolicy: Always\n'
    '  status:\n'
    '    phase: Running\n'
    '    podIP: 10.244.2.7\n'
    'kind: List\n'
    'metadata:\n'
    '  resourceVersion: ""\n'
)

GET_NO_PODS_JSON = (
    '{\n'
    '    "apiVersion": "v1",\n'
    '    "items": [],\n'
    '    "kind": "List",\n'
    '    "metadata": {\n'
    '        "resourceVersion": ""\n'
    '    }\n'
    '}\n'
)

SCRAMBLED_DEPLOYMENT = {'status': {'replicas': 2,
            'availableReplicas': 2,
            'conditions': [{'type': 'Available',
                            'status': 'True',
                            'reason': 'MinimumReplicasAvailable',
                            'message': 'ok',
                            'lastUpdateTime': '2024-01-01T00:00:00Z',
                            'lastTransitionTime': '2024-01-01T00:00:00Z'}],
            'observedGeneration': 1},
 'spec': {'template': {'spec': {'containers': [{'resources': {'requests': {'memory': '64Mi',
                                                                           'cpu': '100m'},
                                                              'limits': {'cpu': '500m'}},
                                                'readinessProbe': {'periodSeconds': 5,
                                                                   'httpGet': {'port': 80,
                                                                               'path': '/'}},
                                                'ports': [{'protocol': 'TCP',
                                                           'containerPort': 80,
                                                           'name': 'http'}],
                                                'name': 'web',
                                                'image': 'nginx:1.27',
                                                'env': [{'value': '1', 'name': 'A'}]}],
                                'nodeSelector': {'zone': 'a', 'disk': 'ssd'},
                                'tolerations': [{'effect': 'NoSchedule',
                                                 'operator': 'Exists',
                                                 'key': 'k'}]},
                       'metadata': {'labels': {'app': 'web'}}},
          'strategy': {'rollingUpdate': {'maxSurge': '25%', 'maxUnavailable': 1},
                       'type': 'RollingUpdate'},
          'selector': {'matchLabels': {'app': 'web'}},
          'replicas': 2},
 'metadata': {'uid': 'abc',
              'resourceVersion': '7',
              'namespace': 'default',
              'name': 'web',
              'labels': {'tier': 'fe', 'app': 'web'},
              'annotations': {'z': '1', 'a': '2'},
              'generation': 1},
 'kind': 'Deployment',
 'apiVersion': 'apps/v1'}

SET_IMAGE_JSON = (
    '{\n'
    '    "kind": "Deployment",\n'
    '    "apiVersion": "apps/v1",\n'
    '    "metadata": {\n'
    '        "name": "web",\n'
    '        "namespace": "default",\n'
    '        "uid": "abc",\n'
    '        "resourceVersion": "7",\n'
    '        "generation": 1,\n'
    '        "labels": {\n'
    '            "app": "web",\n'
    '            "tier": "fe"\n'
    '        },\n'
    '        "annotations": {\n'
    '            "a": "2",\n'
    '            "z": "1"\n'
    '        }\n'
    '    },\n'
    '    "spec": {\n'
    '        "replicas": 2,\n'
    '        "selector": {\n'
    '            "matchLabels": {\n'
    '                "app": "web"\n'
    '            }\n'
    '        },\n'
    '        "template": {\n'
    '            "metadata": {\n'
    '                "labels": {\n'
    '                    "app": "web"\n'
    '                }\n'
    '            },\n'
    '            "spec": {\n'
    '                "containers": [\n'
    '                    {\n'
    '                        "name": "web",\n'
    '                        "image": "nginx:1.28",\n'
    '                        "ports": [\n'
    '                            {\n'
    '                                "name": "http",\n'
    '                                "containerPort": 80,\n'
    '                                "protocol": "TCP"\n'
    '                            }\n'
    '                        ],\n'
    '                        "env": [\n'
    '                            {\n'
    '                                "name": "A",\n'
    '                                "value": "1"\n'
    '                            }\n'
    '                        ],\n'
    '                        "resources": {\n'
    '                            "limits": {\n'
    '                                "cpu": "500m"\n'
    '                            },\n'
    '                            "requests": {\n'
    '                                "cpu": "100m",\n'
    '                                "memory": "64Mi"\n'
    '                            }\n'
    '                        },\n'
    '                        "readinessProbe": {\n'
    '                            "httpGet": {\n'
    '                                "path": "/",\n'
    '                                "port": 80\n'
    '                            },\n'
    '                            "periodSeconds": 5\n'
    '                        }\n'
    '                    }\n'
    '                ],\n'
    '                "nodeSelector": {\n'
    '                    "disk": "ssd",\n'
    '                    "zone": "a"\n'
    '                },\n'
    '                "tolerations": [\n'
    '                    {\n'
    '                        "key": "k",\n'
    '                        "operator": "Exists",\n'
    '                        "effect": "NoSchedule"\n'
    '                    }\n'
    '                ]\n'
    '            }\n'
    '        },\n'
    '        "strategy": {\n'
    '            "type": "RollingUpdate",\n'
    '            "rollingUpdate": {\n'
    '                "maxUnavailable": 1,\n'
    '                "maxSurge": "25%"\n'
    '            }\n'
    '        }\n'
    '    },\n'
    '    "status": {\n'
    '        "observedGeneration": 1,\n'
    '        "replicas": 2,\n'
    '        "availableReplicas": 2,\n'
    '        "conditions": [\n'
    '            {\n'
    '                "type": "Available",\n'
    '                "status": "True",\n'
    '                "lastUpdateTime": "2024-01-01T00:00:00Z",\n'
    '                "lastTransitionTime": "2024-01-01T00:00:00Z",\n'
    '                "reason": "MinimumReplicasAvailable",\n'
    '                "message": "ok"\n'
    '            }\n'
    '        ]\n'
    '    }\n'
    '}\n'
)


@pytest.mark.parametrize("name,value,block", YAML_SCALARS, ids=[c[0] for c in YAML_SCALARS])
def test_yaml_scalar_styles(name, value, block):
    """Each string gets go-yaml v2's plainest style that reads back unchanged."""
    assert to_yaml(doc({"v": value})) == HEAD + block + TAIL


@pytest.mark.parametrize("name,data,block", YAML_STRUCTURES,
                         ids=[c[0] for c in YAML_STRUCTURES])
def test_yaml_structures(name, data, block):
    """Maps, lists, empties, numbers and key order are laid out as sigs.k8s.io/yaml does."""
    assert to_yaml(doc(data)) == HEAD + block + TAIL


@pytest.mark.parametrize("name,data,text", JSON_UNSTRUCTURED,
                         ids=[c[0] for c in JSON_UNSTRUCTURED])
def test_json_of_server_objects_is_sorted(name, data, text):
    """An object read from the server prints with sorted keys, Go escapes and numbers."""
    assert to_json(doc(data)) == text


def test_typed_json_follows_go_struct_order():
    """A typed object prints in declaration order; its maps stay sorted."""
    deployment = json.loads(json.dumps(SCRAMBLED_DEPLOYMENT))
    deployment["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.28"
    assert to_json(deployment, typed=True) == SET_IMAGE_JSON


def test_get_prints_several_objects_as_a_list():
    """`kubectl get pods -o yaml` wraps the items in a v1 List with an empty resourceVersion."""
    assert to_yaml(as_list(PODS)) == GET_PODS_YAML
    assert to_json(as_list([])) == GET_NO_PODS_JSON


@pytest.mark.parametrize("api_version,kind,name", [
    ("v1", "Pod", "pod/x"),
    ("apps/v1", "Deployment", "deployment.apps/x"),
    ("v1", "Service", "service/x"),
    ("v1", "Namespace", "namespace/x"),
    ("batch/v1", "Job", "job.batch/x"),
    ("networking.k8s.io/v1", "Ingress", "ingress.networking.k8s.io/x"),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding",
     "clusterrolebinding.rbac.authorization.k8s.io/x"),
    ("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscaler.autoscaling/x"),
    ("discovery.k8s.io/v1", "EndpointSlice", "endpointslice.discovery.k8s.io/x"),
    ("coordination.k8s.io/v1", "Lease", "lease.coordination.k8s.io/x"),
    ("example.com/v1", "Foo", "foo.example.com/x"),
])
def test_name_output(api_version, kind, name):
    """`-o name` is the lower-case kind, its group, and the name."""
    assert to_name({"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"}}) == name


def test_reorder_keeps_unknown_fields_after_known_ones():
    """Fields the Go struct lacks come last, in their own order; maps are sorted."""
    pod = {"zeta": 1, "spec": {"nodeSelector": {"b": "1", "a": "2"}, "extra": True,
                               "containers": [{"image": "x", "name": "c"}]},
           "kind": "Pod", "apiVersion": "v1", "alpha": 2}
    out = reorder(pod)
    assert list(out) == ["kind", "apiVersion", "spec", "zeta", "alpha"]
    assert list(out["spec"]) == ["containers", "nodeSelector", "extra"]
    assert list(out["spec"]["nodeSelector"]) == ["a", "b"]
    assert list(out["spec"]["containers"][0]) == ["name", "image"]
    assert list(pod) == ["zeta", "spec", "kind", "apiVersion", "alpha"]  # input untouched


def test_field_order_table_matches_upstream_declarations():
    """A few declaration orders from k8s.io/api types.go, as the table holds them."""
    names = {t: [f for f, _ in fields] for t, fields in STRUCTS.items()}
    assert names["ObjectMeta"][:8] == ["name", "generateName", "namespace", "selfLink", "uid",
                                       "resourceVersion", "generation", "creationTimestamp"]
    assert names["Container"][:6] == ["name", "image", "command", "args", "workingDir", "ports"]
    assert names["ServicePort"] == ["name", "protocol", "appProtocol", "port", "targetPort",
                                    "nodePort"]
    assert names["Taint"] == ["key", "value", "effect", "timeAdded"]
    assert names["NodeSystemInfo"][:3] == ["machineID", "systemUUID", "bootID"]


def test_compact_json_is_json_marshal():
    """compact=True is json.Marshal's one-line form, as last-applied-configuration holds it."""
    ns = {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "x"}, "spec": {},
          "status": {}}
    assert to_json(ns, typed=True, compact=True) == (
        '{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x"},"spec":{},"status":{}}\n')


# --- live comparisons with the kubectl binary -------------------------------------

def kubectl_prints(obj: dict, fmt: str, tmp_path) -> str:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(obj))
    done = subprocess.run(["kubectl", "label", "--local", "-f", str(path), "k=v", "--overwrite",
                           "-o", fmt], capture_output=True, text=True, check=True)
    return done.stdout


def random_document(rng: random.Random, depth: int = 0):
    """Strings full of YAML indicators, long lines, numbers, nesting (keys without digits:
    go-yaml's digit-aware key order is not transitive, and then Go's map order decides)."""
    pieces = list("abcXYZ019 _-.:#'\"\\/?*&!|>{}[],@%`~=+\t\n") + [
        "é", "😀", "\u2028", "  ", "\n\n", "http://x", "a: b", " #", "yes", "0x1", "1e5"]

    def text():
        if rng.random() < 0.3:
            return " ".join("".join(rng.choice("abcdefghij") for _ in range(rng.randint(1, 12)))
                            for _ in range(rng.randint(1, 40)))
        return "".join(rng.choice(pieces) for _ in range(rng.choice([1, 2, 5, 20, 90])))

    def key():
        return "".join(c for c in text() if not c.isdigit()) if rng.random() < 0.3 else \
            "".join(rng.choice("abAB_-./") for _ in range(rng.randint(1, 10)))

    roll = rng.random()
    if depth > 3 or roll < 0.5:
        scalars = [0, -5, 2**40, 3.5, 1e-7, 1e21, True, None]
        return rng.choice([text(), text(), rng.choice(scalars)])
    if roll < 0.75:
        return {key(): random_document(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return [random_document(rng, depth + 1) for _ in range(rng.randint(0, 4))]


@live
def test_live_tables_match_kubectl(tmp_path):
    """Every table above, re-printed by the real kubectl."""
    for _, value, block in YAML_SCALARS:
        assert kubectl_prints(doc({"v": value}), "yaml", tmp_path) == HEAD + block + TAIL
    for _, data, block in YAML_STRUCTURES:
        assert kubectl_prints(doc(data), "yaml", tmp_path) == HEAD + block + TAIL
    for _, data, text in JSON_UNSTRUCTURED:
        assert kubectl_prints(doc(data), "json", tmp_path) == text


@live
def test_live_random_documents(tmp_path):
    """Seeded random documents print identically in YAML and JSON."""
    rng = random.Random(7)
    for _ in range(40):
        obj = doc({"k" + str(i): random_document(rng) for i in range(5)})
        assert to_yaml(obj) == kubectl_prints(obj, "yaml", tmp_path)
        assert to_json(obj) == kubectl_prints(obj, "json", tmp_path)


def maximal_object(definitions: dict, name: str, depth: int = 0):
    """An instance of an OpenAPI definition with every field set, fields in reverse order."""
    leaf = {"Time": "2024-01-01T00:00:00Z", "MicroTime": "2024-01-01T00:00:00.000000Z",
            "Quantity": "1", "IntOrString": 1, "FieldsV1": {"f:x": {}},
            "RawExtension": {"a": 1}, "Duration": "1s"}
    short = name.rsplit(".", 1)[-1]
    if short in leaf:
        return leaf[short]
    props = definitions[name].get("properties")
    if not props or depth > 14:
        return {}
    return {field: _value(definitions, props[field], depth + 1)
            for field in sorted(props, reverse=True)}


def _value(definitions: dict, schema: dict, depth: int):
    ref = schema.get("$ref") or (schema.get("allOf") or [{}])[0].get("$ref")
    if ref:
        return maximal_object(definitions, ref.split("/")[-1], depth)
    types = schema.get("type", [])
    types = types if isinstance(types, list) else [types]
    if "array" in types:
        return [_value(definitions, schema["items"], depth)]
    if "object" in types:
        inner = schema.get("additionalProperties")
        return {"k": _value(definitions, inner, depth) if inner else "v"}
    if "integer" in types:
        return 1
    if "number" in types:
        return 1.5
    if "boolean" in types:
        return True
    return "eA==" if schema.get("format") == "byte" else (schema.get("enum") or ["x"])[0]


@live
def test_live_typed_order_of_maximal_objects(tmp_path):
    """Objects with every field set print in Go order through kubectl's typed code paths."""
    schemas = pytest.importorskip("kubernetes_validate").__path__[0]
    with open(f"{schemas}/kubernetes-json-schema/v1.35.0-local/_definitions.json") as f:
        definitions = json.load(f)["$defs"]
    cases = [("core.v1.Pod", "v1", "Pod", "set env X=1"),
             ("apps.v1.Deployment", "apps/v1", "Deployment", "set env X=1"),
             ("apps.v1.StatefulSet", "apps/v1", "StatefulSet", "set env X=1"),
             ("apps.v1.DaemonSet", "apps/v1", "DaemonSet", "set env X=1"),
             ("batch.v1.CronJob", "batch/v1", "CronJob", "set env X=1"),
             ("core.v1.Service", "v1", "Service", "set selector a=b"),
             ("rbac.v1.RoleBinding", "rbac.authorization.k8s.io/v1", "RoleBinding",
              "set subject --user=u")]
    for definition, api_version, kind, command in cases:
        obj = maximal_object(definitions, f"io.k8s.api.{definition}")
        obj.update(apiVersion=api_version, kind=kind)
        obj["metadata"].update(name="x", namespace="default")
        path = tmp_path / "obj.json"
        path.write_text(json.dumps(obj))
        printed = subprocess.run(["kubectl", *command.split(), "--local", "-f", str(path),
                                  "-o", "json"], capture_output=True, text=True, check=True).stdout
        scrambled = json.loads(printed, object_pairs_hook=lambda pairs: dict(sorted(pairs)))
        assert to_json(scrambled, typed=True) == printed, kind
