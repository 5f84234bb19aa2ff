"""Reading manifests as kubectl does (cli-runtime's resource builder + sigs.k8s.io/yaml).

A file or stdin may hold several YAML documents separated by `---`; empty documents are
skipped, a `kind: List` is unpacked into its items. YAML is loaded safely and syntax
errors are reported the way kubectl (via go-yaml) words them, with the same line:
`error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context`.
"""

from __future__ import annotations

import json

import yaml

# PyYAML's wording → go-yaml's, for the mistakes learners make.
_GO_YAML_WORDING = (
    ("mapping values are not allowed here", "mapping values are not allowed in this context"),
    ("expected <block end>, but found '-'", "did not find expected key"),
    ("expected <block end>, but found", "did not find expected key"),
    ("found character '\\t' that cannot start any token", "found character that cannot start any token"),
    ("expected the node content", "did not find expected node content"),
    ("expected ',' or '}'", "did not find expected ',' or '}'"),
    ("expected ',' or ']'", "did not find expected ',' or ']'"),
    ("could not find expected ':'", "could not find expected ':'"),
    ("found unexpected end of stream", "found unexpected end of stream"),
)


class KubeYAMLLoader(yaml.SafeLoader):
    """SafeLoader without timestamps: like go-yaml decoding into JSON, `2026-01-01`
    stays a string."""


KubeYAMLLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str):
    """One YAML document as go-yaml → JSON would read it (yaml.YAMLError if it is not)."""
    return yaml.load(text, Loader=KubeYAMLLoader)  # safe: a SafeLoader


class ManifestError(Exception):
    """A manifest kubectl cannot even parse; str() is the line after `error: `."""


def _go_yaml_message(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error)
    text = problem
    for python_words, go_words in _GO_YAML_WORDING:
        if problem.startswith(python_words):
            text = go_words
            break
    if getattr(error, "context", None) == "while parsing a block collection" \
            and problem.startswith("expected <block end>"):
        text = "did not find expected '-' indicator"   # yaml_parser_parse_block_sequence_entry
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return f"yaml: {text}"
    # go-yaml (parser.fail) prints the 0-based line of the problem, plus one for scanner
    # errors, which do not advance the line first; a problem on line 0 falls back to the
    # context's line, and 0 means no line at all. At the end of a text without a final
    # newline go-yaml's stream end sits on the next line: its scanner forces one.
    line = mark.line
    if line and isinstance(error, yaml.scanner.ScannerError):
        line += 1
    if "'<stream end>'" in problem and mark.column:
        line += 1
    if line == 0:
        context = getattr(error, "context_mark", None)
        line = context.line if context is not None else 0
    return f"yaml: line {line}: {text}" if line else f"yaml: {text}"


def load_manifests(text: str, source: str = "STDIN") -> list[dict]:
    """Every object in `text`, in order. Raises ManifestError with kubectl's message."""
    try:
        documents = list(yaml.load_all(text, Loader=KubeYAMLLoader))  # safe: a SafeLoader
    except yaml.YAMLError as error:
        raise ManifestError(f"error parsing {source}: error converting YAML to JSON: "
                            f"{_go_yaml_message(error)}") from None
    objects: list[dict] = []
    for document in documents:
        if document is None:
            continue
        if not isinstance(document, dict):
            raise ManifestError(f'unable to decode "{source}": json: cannot unmarshal '
                                f'{_json_type(document)} into Go value of type '
                                f'map[string]interface {{}}')
        if "kind" not in document or not document.get("kind"):
            raise ManifestError(f"unable to decode \"{source}\": Object 'Kind' is missing in "
                                f"'{json.dumps(document, sort_keys=True, separators=(',', ':'))}'")
        if document["kind"].endswith("List") and isinstance(document.get("items"), list):
            objects.extend(item for item in document["items"] if item)
        else:
            objects.append(document)
    return objects


def _json_type(value) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    return "number"
