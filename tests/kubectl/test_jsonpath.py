"""JSONPath templates, as k8s.io/client-go/util/jsonpath evaluates them.

Cases marked [client-go] are from staging/src/k8s.io/client-go/util/jsonpath/
jsonpath_test.go (TestJSONInput, TestKubernetes, TestNestedRanges, TestEmptyRange,
TestNegativeIndex, TestStep, TestTypesInput, TestFilterPartialMatches…). Cases
marked [kubectl] were printed by kubectl v1.35.2 itself
(`kubectl label --local -f pod.json zzz- -o jsonpath=TEMPLATE`, offline).
"""

import pytest

from k8s_model.kubectl.jsonpath import JSONPath, JSONPathError, execute

NODES = {
    "kind": "List",
    "items": [
        {"kind": "None", "metadata": {"name": "127.0.0.1",
                                      "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
         "status": {"capacity": {"cpu": "4"}, "ready": True,
                    "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]}},
        {"kind": "None", "metadata": {"name": "127.0.0.2",
                                      "labels": {"kubernetes.io/hostname": "127.0.0.2"}},
         "status": {"capacity": {"cpu": "8"}, "ready": False,
                    "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.2"},
                                  {"type": "another", "address": "127.0.0.3"}]}},
    ],
    "users": [{"name": "myself", "user": {}},
              {"name": "e2e", "user": {"username": "admin", "password": "secret"}}],
}
POINTS = [{"id": "i1", "x": 4, "y": -5}, {"id": "i2", "x": -2, "y": -5, "z": 1},
          {"id": "i3", "x": 8, "y": 3}, {"id": "i4", "x": -6, "y": -1},
          {"id": "i5", "x": 0, "y": 2, "z": 1}, {"id": "i6", "x": 1, "y": 4}]
FAKES = {"spec": {"containers": [{"name": f"fake{i}"} for i in range(6)]}}
TYPES = {"bools": [True, False, True, False], "floats": [1.0, 2.2, 3.3, 4.0],
         "interfaces": [True, "one", 1, 1.1],
         "maps": [{"name": "one", "value": 1}, {"name": "two", "value": 2.02},
                  {"name": "three", "value": 3.03}, {"name": "four", "value": 4.04}]}
NESTED = {"items": [
    {"metadata": {"name": "pod1"}, "spec": {"containers": [
        {"name": "foo", "another": [{"name": "value1"}, {"name": "value2"}]},
        {"name": "bar", "another": [{"name": "value1"}, {"name": "value2"}]}]}},
    {"metadata": {"name": "pod2"}, "spec": {"containers": [
        {"name": "baz", "another": [{"name": "value1"}, {"name": "value2"}]}]}}]}
POD = {"apiVersion": "v1", "kind": "Pod",
       "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web", "tier": "fe"},
                    "annotations": {"note": "a<b&c"}},
       "spec": {"containers": [
           {"name": "c1", "image": "nginx:1.25", "ports": [{"containerPort": 80}, {"containerPort": 443}]},
           {"name": "c2", "image": "busybox", "args": ["sleep", "3600"]}], "nodeName": "node-1"},
       "status": {"phase": "Running",
                  "conditions": [{"type": "Ready", "status": "True"},
                                 {"type": "PodScheduled", "status": "True"}],
                  "containerStatuses": [{"name": "c1", "restartCount": 3, "ready": True},
                                        {"name": "c2", "restartCount": 0, "ready": False}]}}
EXTRA = {"n": None, "f": 1.5, "big": 1000000.0, "i": 3, "s": "héllo<>", "e": [], "m": {}}

# (name, template, data, expected output)
CASES = [
    # [client-go]
    ("plain text", "hello jsonpath", None, "hello jsonpath"),
    ("filter", "{[?(@<5)]}", [2, 6, 3, 7], "2 3"),
    ("quote", '{"{"}', None, "{"),
    ("union", "{[1,3,4]}", [0, 1, 2, 3, 4], "1 3 4"),
    ("array slice", "{[0:2]}", ["Monday", "Tudesday"], "Monday Tudesday"),
    ("recursive list", "{..}", [1, 2, 3], "[1,2,3]"),
    ("exists filter", "{[?(@.z)].id}", POINTS, "i2 i5"),
    ("bracket key", "{[0]['id']}", POINTS, "i1"),
    ("range item", "{range .items[*]}{.metadata.name}, {end}{.kind}", NODES,
     "127.0.0.1, 127.0.0.2, List"),
    ("range item with quote", '{range .items[*]}{.metadata.name}{"\\t"}{end}', NODES,
     "127.0.0.1\t127.0.0.2\t"),
    ("range addresses", "{.items[*].status.addresses[*].address}", NODES,
     "127.0.0.1 127.0.0.2 127.0.0.3"),
    ("double range", "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}", NODES,
     "127.0.0.1, 127.0.0.2, 127.0.0.3, "),
    ("union nodes capacity", "{.items[*]['metadata.name', 'status.capacity']}", NODES,
     '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'),
    ("range nodes capacity", "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", NODES,
     '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '),
    ("user password", '{.users[?(@.name=="e2e")].user.password}', NODES, "secret"),
    ("escaped dot", "{.items[0].metadata.labels.kubernetes\\.io/hostname}", NODES, "127.0.0.1"),
    ("escaped dot filter",
     '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', NODES, "None"),
    ("bool item", "{.items[?(@..ready==true)].metadata.name}", NODES, "127.0.0.1"),
    ("empty range", "{range .items[*]}{.metadata.name}{end}", {"items": []}, ""),
    ("nested ranges", "{range .items[*]}{.metadata.name}{\":\"}{range @.spec.containers[*]}"
     "{.name}{\",\"}{end}{\"+\"}{end}", NESTED, "pod1:foo,bar,+pod2:baz,+"),
    ("triple nested ranges", "{range .items[*]}{.metadata.name}{\"~\"}{range @.spec.containers[*]}"
     "{.name}{\":\"}{range @.another[*]}{.name}{\",\"}{end}{\"+\"}{end}{\"#\"}{end}", NESTED,
     "pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#"),
    ("sibling ranges", "{range .items[*]}{.metadata.name}{\"\\t\"}{range @.spec.containers[*]}"
     "{.name}{\" \"}{end}{\"\\t\"}{range @.spec.containers[*]}{.name}{\" \"}{end}{\"\\n\"}{end}",
     NESTED, "pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n"),
    ("[0:0] is empty", "{.spec.containers[0:0].name}", FAKES, ""),
    ("[0:-1]", "{.spec.containers[0:-1].name}", FAKES, "fake0 fake1 fake2 fake3 fake4"),
    ("[-1]", "{.spec.containers[-1].name}", FAKES, "fake5"),
    ("[-2:]", "{.spec.containers[-2:].name}", FAKES, "fake4 fake5"),
    ("[5:5] is empty", "{.spec.containers[5:5].name}", FAKES, ""),
    ("step 2", "{.spec.containers[0:6:2].name}", FAKES, "fake0 fake2 fake4"),
    ("step 4", "{.spec.containers[1:4:4].name}", FAKES, "fake1"),
    ("bools", "{ .bools }", TYPES, "[true,false,true,false]"),
    ("bool index", "{ .bools[-1] }", TYPES, "false"),
    ("floats as JSON", "{ .floats }", TYPES, "[1,2.2,3.3,4]"),
    ("float items", "{ .floats[0:2] }", TYPES, "1 2.2"),
    ("interfaces", "{ .interfaces }", TYPES, '[true,"one",1,1.1]'),
    ("interfaces step", "{ .interfaces[:4:2] }", TYPES, "true 1"),
    ("map items", "{ .maps[1::2] }", TYPES, '{"name":"two","value":2.02} {"name":"four","value":4.04}'),
    ("partial filter", '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}',
     {"items": [{"metadata": {"name": "pod1", "annotations": {"color": "blue"}}},
                {"metadata": {"name": "pod2"}}]}, "pod1"),
    # [kubectl]
    ("labels as JSON", "{.metadata.labels}", POD, '{"app":"web","tier":"fe"}'),
    ("names", "{.spec.containers[*].name}", POD, "c1 c2"),
    ("list of maps", "{.spec.containers[0].ports}", POD, '[{"containerPort":80},{"containerPort":443}]'),
    ("missing key", "{.metadata.creationTimestamp}", POD, ""),
    ("range table", '{range .spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}', POD,
     "c1\tnginx:1.25\nc2\tbusybox\n"),
    ("condition filter", '{.status.conditions[?(@.type=="Ready")].status}', POD, "True"),
    ("recursive names", "{..containerPort}", POD, "80 443"),
    ("HTML escaped JSON", "{.metadata.annotations}", POD, '{"note":"a\\u003cb\\u0026c"}'),
    ("stray brace", "{.metadata.name}}", POD, "web}"),
    ("range without end", "{range .spec.containers[*]}{.name}", POD, "c1c2"),
    ("int filter", "{.status.containerStatuses[?(@.restartCount>1)].name}", POD, "c1"),
    ("bool filter", "{.status.containerStatuses[?(@.ready==true)].name}", POD, "c1"),
    ("string compare", '{.status.containerStatuses[?(@.name<"c2")].name}', POD, "c1"),
    ("single-quoted", "{.spec.containers[?(@.name=='c1')].image}", POD, "nginx:1.25"),
    ("null", "{.n}", EXTRA, "null"),
    ("float", "{.big}", EXTRA, "1e+06"),
    ("float in JSON", "{.big}{' '}{$.e}{$.m}", EXTRA, "1e+06 []{}"),
    ("string bytes", "{.s.*}", {"s": "ab"}, "97 98"),
    ("two texts", "{'it''s'}", None, "s"),
    ("escapes", '{"\\x41\\u00e9"}', None, "Aé"),
]


@pytest.mark.parametrize("name,template,data,expected", CASES, ids=[c[0] for c in CASES])
def test_jsonpath(name, template, data, expected):
    """The template prints what client-go's jsonpath prints for the same data."""
    assert execute(template, data) == expected


ERRORS = [
    # [client-go]
    ("{hello}", {}, "unrecognized identifier hello"),
    ("{.Book[?(@.Price<>10)]}", {"Book": [{"Price": 1}]}, "unrecognized filter operator <>"),
    ("{range .Labels.*}{@}{end}{end}", {"Labels": {"a": 1}}, "not in range, nothing to end"),
    ("{.spec.containers[-1:0].name}", FAKES, "starting index 5 is greater than ending index 0"),
    ("{.spec.containers[-7].name}", FAKES, "array index out of bounds: index -1, length 6"),
    ("{.spec.containers[0:6:0].name}", FAKES, "step must be > 0"),
    # [kubectl]
    ("{.spec.containers[5].name}", POD, "array index out of bounds: index 5, length 2"),
    ("{.metadata[0]}", POD, "map[string]interface {} is not array or slice"),
    ("{.metadata.labels[?(@.x)]}", POD, "map[app:web tier:fe] is not array or slice and cannot "
                                        "be filtered"),
    ("{end}", POD, "not in range, nothing to end"),
    ("{[?(@.f>1)]}", [EXTRA], "incompatible types for comparison"),
]


@pytest.mark.parametrize("template,data,message", ERRORS)
def test_execution_errors(template, data, message):
    """Execution errors carry client-go's messages."""
    with pytest.raises(JSONPathError) as err:
        execute(template, data)
    assert str(err.value) == message


PARSE_ERRORS = [
    # [kubectl] / [client-go] TestFailParse
    ("{.hello", "unclosed action"),
    ("{[1}", "unterminated array"),
    ("{[?(.price]}", "unterminated filter"),
    ("{#}", "unrecognized character in action: U+0023 '#'"),
    ("{.a[x]}", "invalid array index x"),
    ("{.a[1:2:3:4]}", "invalid array index 1:2:3:4"),
    ("{....a}", "invalid multiple recursive descent"),
    ('{"abc}', "unterminated quoted string"),
    ('{"\\q"}', 'unquote string "\\q" error invalid syntax'),
]


@pytest.mark.parametrize("template,message", PARSE_ERRORS)
def test_parse_errors(template, message):
    """Parse errors carry client-go's parser messages."""
    with pytest.raises(JSONPathError) as err:
        JSONPath(template)
    assert str(err.value) == message


def test_missing_key_is_an_error_unless_allowed():
    """Without AllowMissingKeys a missing field is `<field> is not found`."""
    with pytest.raises(JSONPathError) as err:
        JSONPath("{.hello}").execute({"a": 1})
    assert str(err.value) == "hello is not found"
    assert JSONPath("{.hello}", allow_missing_keys=True).execute({"a": 1}) == ""


def test_jsonpath_as_json():
    """-o jsonpath-as-json prints each action's results as one indented JSON array."""
    path = JSONPath("{.spec.containers[*].name}")
    path.output_json = True
    assert path.execute(POD) == '[\n    "c1",\n    "c2"\n]\n'
