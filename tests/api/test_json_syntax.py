"""Go's encoding/json syntax errors for bodies the server cannot read
(k8s_model/api/json_syntax.py); the texts are encoding/json/scanner.go's."""

import pytest

from k8s_model.api.json_syntax import syntax_error

CASES = [
    ("{x", "invalid character 'x' looking for beginning of object key string"),
    ('{"a" 1}', "invalid character '1' after object key"),
    ('{"a":1 "b":2}', "invalid character '\"' after object key:value pair"),
    ("[1 2]", "invalid character '2' after array element"),
    ("{}}", "invalid character '}' after top-level value"),
    ("nope", "invalid character 'o' in literal null (expecting 'u')"),
    ("@", "invalid character '@' looking for beginning of value"),
    ('{"a":-x}', "invalid character 'x' in numeric literal"),
    ('"\\q"', "invalid character 'q' in string escape code"),
    ('{"a":', "unexpected end of JSON input"),
    ("", "unexpected end of JSON input"),
    ('{"a":[1,2.5e3,true,null],"b":{"c":"\\u00e9"}}', None),
]


@pytest.mark.parametrize("text,message", CASES)
def test_go_syntax_errors(text, message):
    assert syntax_error(text) == message
