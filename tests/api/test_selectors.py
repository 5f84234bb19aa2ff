"""Label selectors: the string grammar, matching, LabelSelectorAsSelector and
ValidateLabelSelector. Every parse error below is what kubectl v1.35 prints for
`kubectl set selector --local -f svc.yaml '<selector>'` after `couldn't parse the
selector string "<selector>": ` (the same labels.Parse the API server runs for `-l`)."""

import pytest
from hypothesis import given, strategies as st

from k8s_model.api.selectors import (Requirement, Selector, SelectorError, from_label_selector,
                                     from_set, new_requirement, parse, validate_label_selector)

KEY_REGEX = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
             "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
             "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
VALUE_REGEX = ("a valid label must be an empty string or consist of alphanumeric characters, "
               "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
               "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
               "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")

CANONICAL = [
    ("", ""),
    ("app=web", "app=web"),
    ("  app =  web ", "app=web"),
    ("tier in (db,cache), app = web", "app=web,tier in (cache,db)"),
    ("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
    ("a in (b,,)", "a in (,b)"),
    ("a in (,)", "a in ()"),
    ("a==b,c!=d", "a==b,c!=d"),
    ("a=", "a="),
    ("!canary,app", "app,!canary"),
    ("a\tin\t(b)", "a in (b)"),
    ("a in (in,notin)", "a in (in,notin)"),
    ("in in (a)", "in in (a)"),
    ("n>3,m<5", "m<5,n>3"),
    ("b=1,a=2,b=0", "a=2,b=1,b=0"),   # sorted by key, stable within a key
    ("app.kubernetes.io/name=web", "app.kubernetes.io/name=web"),
]


@pytest.mark.parametrize("text,want", CANONICAL)
def test_canonical_string(text, want):
    """str(parse(s)) is labels.Selector.String(): sorted by key, values sorted."""
    assert str(parse(text)) == want


PARSE_ERRORS = [
    ("a in b", "unable to parse requirement: found 'b' expected: '('"),
    ("a in", "unable to parse requirement: found '' expected: '('"),
    ("a in (", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
    ("a in (b", "unable to parse requirement: found '', expected: ',' or ')'"),
    ("a in (b c)", "unable to parse requirement: found 'c', expected: ',' or ')'"),
    ("a in (b,", "unable to parse requirement: found '', expected: ',', or identifier"),
    ("a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
    ("a in ((", "unable to parse requirement: found '(', expected: ',', ')' or identifier"),
    ("a notin (b)c", "found 'c', expected: ',' or 'end of string'"),
    ("a=b c", "found 'c', expected: ',' or 'end of string'"),
    ("a=b=c", "found '=', expected: ',' or 'end of string'"),
    ("!a=b", "found '=', expected: ',' or 'end of string'"),
    ("a=b)", "found ')', expected: ',' or 'end of string'"),
    ("a,", "found '', expected: identifier after ','"),
    ("a,,b", "found ',', expected: identifier after ','"),
    (",a", "found ',', expected: !, identifier, or 'end of string'"),
    ("=a", "found '=', expected: !, identifier, or 'end of string'"),
    ("!", "unable to parse requirement: found '', expected: identifier"),
    ("!!a", "unable to parse requirement: found '!', expected: identifier"),
    ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ("a!", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"),
    ("a=(b", "unable to parse requirement: found '(', expected: identifier"),
    ("a!==b", "unable to parse requirement: found '=', expected: identifier"),
    ("a=>b", "unable to parse requirement: found '>', expected: identifier"),
    ("a<b", 'unable to parse requirement: values[0]: Invalid value: "b": for \'Gt\', \'Lt\' '
            "operators, the value must be an integer"),
    (" -bad", 'unable to parse requirement: <nil>: Invalid value: "-bad": name part ' + KEY_REGEX),
    ("a/b/c", 'unable to parse requirement: <nil>: Invalid value: "a/b/c": a valid label key '
              + KEY_REGEX + " with an optional DNS subdomain prefix and '/' "
              "(e.g. 'example.com/MyName')"),
    ("/a", 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be '
           "non-empty"),
    ("k" * 64, 'unable to parse requirement: <nil>: Invalid value: "' + "k" * 64
               + '": name part must be no more than 63 bytes'),
    ("a=-x", 'unable to parse requirement: values[0][a]: Invalid value: "-x": ' + VALUE_REGEX),
    ("a in (x,-y)", 'unable to parse requirement: values[0][a]: Invalid value: "-y": '
                    + VALUE_REGEX),
    ("a=" + "v" * 64, 'unable to parse requirement: values[0][a]: Invalid value: "' + "v" * 64
                      + '": must be no more than 63 bytes'),
]


@pytest.mark.parametrize("text,want", PARSE_ERRORS)
def test_parse_errors(text, want):
    """Bad selectors raise SelectorError with labels.Parse's exact message."""
    with pytest.raises(SelectorError) as err:
        parse(text)
    assert str(err.value) == want


MATCHES = [
    ("app=web", {"app": "web"}, True),
    ("app=web", {"app": "db"}, False),
    ("app=web", {}, False),
    ("app!=web", {}, True),                      # a missing key is "not equal"
    ("app!=web", {"app": "web"}, False),
    ("tier notin (db)", {}, True),
    ("tier notin (db)", {"tier": "db"}, False),
    ("tier in (db,cache)", {"tier": "cache"}, True),
    ("tier in (db,cache)", {}, False),
    ("a in ()", {"a": ""}, True),                # () is the empty value
    ("a=", {}, False),
    ("canary", {"canary": ""}, True),
    ("!canary", {"canary": ""}, False),
    ("!canary", {"app": "x"}, True),
    ("n>3", {"n": "4"}, True),
    ("n>3", {"n": "3"}, False),
    ("n>3", {"n": "x"}, False),
    ("n<3", {"n": "-1"}, True),
    ("n<3", {}, False),
    ("app=web,!canary", {"app": "web", "canary": "1"}, False),
    ("", {"anything": "at all"}, True),
]


@pytest.mark.parametrize("text,labels,want", MATCHES)
def test_matches(text, labels, want):
    """Requirement.Matches semantics for every operator."""
    assert parse(text).matches(labels) is want


FROM_LABEL_SELECTOR = [
    ({"matchLabels": {"app": "web"}}, "app=web"),
    ({"matchLabels": {"tier": "db", "app": "web"},
      "matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod", "dev"]},
                           {"key": "canary", "operator": "DoesNotExist"},
                           {"key": "app", "operator": "Exists"}]},
     "app=web,app,!canary,env notin (dev,prod),tier=db"),
    ({"matchExpressions": [{"key": "a", "operator": "In", "values": ["b", "a", "b"]}]},
     "a in (a,b,b)"),                            # values kept as written, sorted on print
]


@pytest.mark.parametrize("selector,want", FROM_LABEL_SELECTOR)
def test_from_label_selector(selector, want):
    """LabelSelectorAsSelector: matchLabels become `=`, expressions their operators."""
    assert str(from_label_selector(selector)) == want


def test_nil_selects_nothing_and_empty_selects_everything():
    """A nil LabelSelector matches nothing; `{}` matches everything (and is empty)."""
    nothing, everything = from_label_selector(None), from_label_selector({})
    assert not nothing.matches({}) and not nothing.empty and str(nothing) == ""
    assert everything.matches({"a": "b"}) and everything.empty and str(everything) == ""
    assert from_label_selector({"matchLabels": {}, "matchExpressions": []}).empty


FROM_LABEL_SELECTOR_ERRORS = [
    ({"matchExpressions": [{"key": "a", "operator": "Equals", "values": ["b"]}]},
     '"Equals" is not a valid label selector operator'),
    ({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]},
     "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty"),
    ({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]},
     'values: Invalid value: ["x"]: values set must be empty for exists and does not exist'),
    ({"matchLabels": {"-a": "b"}}, 'key: Invalid value: "-a": name part ' + KEY_REGEX),
    ({"matchLabels": {"a": "-b"}}, 'values[0][a]: Invalid value: "-b": ' + VALUE_REGEX),
]


@pytest.mark.parametrize("selector,want", FROM_LABEL_SELECTOR_ERRORS)
def test_from_label_selector_errors(selector, want):
    """LabelSelectorAsSelector's errors come from NewRequirement (path `key`, `values`)."""
    with pytest.raises(SelectorError) as err:
        from_label_selector(selector)
    assert str(err.value) == want


def test_new_requirement_aggregates_errors():
    """Several NewRequirement errors print as one aggregate `[a, b]`."""
    with pytest.raises(SelectorError) as err:
        new_requirement("-k", "in", [])
    assert str(err.value) == ('[key: Invalid value: "-k": name part ' + KEY_REGEX + ", values: "
                              "Invalid value: []: for 'in', 'notin' operators, values set "
                              "can't be empty]")


VALIDATE = [
    ({"matchLabels": {"app": "web"}}, []),
    ({"matchExpressions": [{"key": "tier", "operator": "In"}]},
     ["spec.selector.matchExpressions[0].values: Required value: must be specified when "
      "`operator` is 'In' or 'NotIn'"]),
    ({"matchExpressions": [{"key": "tier", "operator": "Exists", "values": ["x"]}]},
     ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when "
      "`operator` is 'Exists' or 'DoesNotExist'"]),
    ({"matchExpressions": [{"key": "tier", "operator": "Equals", "values": ["x"]}]},
     ['spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid '
      "selector operator"]),
    ({"matchExpressions": [{"key": "", "operator": "Exists"}]},
     ['spec.selector.matchExpressions[0].key: Invalid value: "": name part must be non-empty',
      'spec.selector.matchExpressions[0].key: Invalid value: "": name part ' + KEY_REGEX]),
    ({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["ok", "-no"]}]},
     ['spec.selector.matchExpressions[0].values[1]: Invalid value: "-no": ' + VALUE_REGEX]),
    ({"matchLabels": {"-bad": "x_"}},
     ['spec.selector.matchLabels: Invalid value: "-bad": name part ' + KEY_REGEX,
      'spec.selector.matchLabels: Invalid value: "x_": ' + VALUE_REGEX]),
]


@pytest.mark.parametrize("selector,want", VALIDATE)
def test_validate_label_selector(selector, want):
    """ValidateLabelSelector's field errors, paths and texts."""
    assert [str(e) for e in validate_label_selector(selector, "spec.selector")] == want


def test_validate_label_selector_may_allow_old_invalid_values():
    """AllowInvalidLabelValueInSelector skips only the value checks."""
    sel = {"matchExpressions": [{"key": "a", "operator": "In", "values": ["-no"]}]}
    assert validate_label_selector(sel, "spec.selector", allow_invalid_label_value=True) == []
    assert validate_label_selector(None, "spec.selector") == []


def test_from_set_and_exact_match():
    """SelectorFromSet gives `=` terms; RequiresExactMatch finds the one value a key needs."""
    sel = from_set({"tier": "db", "app": "web"})
    assert str(sel) == "app=web,tier=db"
    assert from_set({}).empty and from_set(None).matches({"x": "y"})
    assert parse("a in (x),b=y,c in (1,2)").requires_exact_match("a") == "x"
    assert parse("a in (x),b=y,c in (1,2)").requires_exact_match("c") is None
    assert parse("a!=x").requires_exact_match("a") is None
    assert Selector([Requirement("a", "=", ("b",))]) == parse("a=b")


# Property: printing then parsing a selector selects exactly the same label sets.
KEYS = st.sampled_from(["app", "tier", "in", "notin", "example.com/x", "a.b_c"])
VALUES = st.sampled_from(["", "web", "db", "in", "notin", "v1.2", "0", "12", "3"])
LABELS = st.dictionaries(KEYS, VALUES, max_size=4)


@st.composite
def requirements(draw):
    key, op = draw(KEYS), draw(st.sampled_from(["in", "notin", "=", "==", "!=", "exists", "!",
                                                 "gt", "lt"]))
    if op in ("in", "notin"):
        values = draw(st.lists(VALUES, min_size=1, max_size=3, unique=True))
    elif op in ("exists", "!"):
        values = []
    elif op in ("gt", "lt"):
        values = [draw(st.sampled_from(["0", "12", "3"]))]
    else:
        values = [draw(VALUES)]
    return new_requirement(key, op, values)


@given(st.lists(requirements(), max_size=5), st.lists(LABELS, min_size=1, max_size=5))
def test_string_form_round_trips(reqs, label_sets):
    """parse(str(sel)) matches exactly the label sets `sel` matches."""
    sel = Selector(reqs)
    again = parse(str(sel))
    assert str(again) == str(sel)
    for labels in label_sets:
        assert again.matches(labels) == sel.matches(labels)
