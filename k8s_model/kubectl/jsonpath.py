"""kubectl's JSONPath templates: a port of k8s.io/client-go/util/jsonpath (jsonpath.go).

`jsonpath_parser` turns the template into nodes; this module walks them over the
decoded JSON with Go's semantics, then prints what each action found, values
joined by one space, maps and lists as JSON, the rest with fmt.Sprint:

    {.spec.containers[*].name}           -> web sidecar
    {.metadata.labels}                   -> {"app":"web"}
    {range .items[*]}{.metadata.name}{"\\n"}{end}
    {.items[?(@.status.phase=="Running")].metadata.name}

A missing key yields nothing when missing keys are allowed (kubectl's default,
--allow-missing-template-keys=true), else `<key> is not found`. Go iterates maps
in random order for `*` and `..`; this port iterates keys sorted, one of the orders
real kubectl may print.
"""

from __future__ import annotations

from typing import Any

from k8s_model.kubectl import gofmt
from k8s_model.kubectl.jsonpath_parser import (
    ArrayNode, BoolNode, FieldNode, FilterNode, FloatNode, IdentifierNode, IntNode,
    JSONPathError, ListNode, RecursiveNode, TextNode, UnionNode, WildcardNode, parse)

__all__ = ["JSONPath", "JSONPathError", "GoByte", "execute", "evaluate"]


class GoByte(int):
    """A byte of a Go string: what `*` and `..` yield when they iterate a string."""


class _Err(Exception):
    """An evaluation error and the values Go returns beside it (used by `exists`)."""

    def __init__(self, message: str, partial: list) -> None:
        super().__init__(message)
        self.partial = partial


def _children(value: Any) -> list:
    """What reflection iterates: map values (keys sorted), list items, string bytes."""
    if isinstance(value, dict):
        return [value[k] for k in sorted(value)]
    if isinstance(value, list):
        return list(value)
    if isinstance(value, str):
        return [GoByte(b) for b in value.encode()]
    return []


# -- text/template's comparison functions (third_party/forked/golang/template) ---------
_BAD_TYPE, _BAD_CMP = "invalid type for comparison", "incompatible types for comparison"


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, GoByte):
        return "uint"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    raise _Err(_BAD_TYPE, [])


def _equal(a: Any, b: Any) -> bool:
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        if {ka, kb} == {"int", "uint"}:
            return int(a) == int(b)
        raise _Err(_BAD_CMP, [])
    return a == b


def _less(a: Any, b: Any) -> bool:
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        if {ka, kb} == {"int", "uint"}:
            return int(a) < int(b)
        raise _Err(_BAD_CMP, [])
    if ka == "bool":
        raise _Err(_BAD_TYPE, [])
    return a < b


_OPERATORS = {
    "==": _equal,
    "!=": lambda a, b: not _equal(a, b),
    "<": _less,
    "<=": lambda a, b: _less(a, b) or _equal(a, b),
    ">": lambda a, b: not (_less(a, b) or _equal(a, b)),
    ">=": lambda a, b: not _less(a, b),
}


class JSONPath:
    """A parsed template; `execute(data)` returns the text kubectl prints."""

    def __init__(self, template: str, *, allow_missing_keys: bool = False) -> None:
        self.nodes = parse(template).nodes
        self.allow_missing_keys = allow_missing_keys
        self.output_json = False   # `-o jsonpath-as-json`

    # -- FindResults: top-level nodes, with {range}/{end} blocks ----------------------
    def find_results(self, data: Any) -> list[list[Any]]:
        self._begin = self._in = self._end = 0
        self._last_end = -1
        try:
            return self._find(data, 0)
        except _Err as err:
            raise JSONPathError(str(err)) from None

    def _find(self, data: Any, start: int) -> list[list[Any]]:
        cur, full, i = [data], [], start
        while i < len(self.nodes):
            results = self._walk(cur, self.nodes[i])
            if 0 < self._end <= self._in:          # an {end}: this block is done
                self._end -= 1
                self._last_end = i
                break
            if self._begin > 0:                     # a {range}: run the block per value
                self._begin -= 1
                self._in += 1
                if results:
                    for value in results:
                        full.extend(self._find(value, i + 1))
                else:   # still walk the block, to find where its {end} is
                    self._find(None, i + 1)
                self._in -= 1
                if self._last_end > i:
                    i = self._last_end
                i += 1
                continue
            full.append(results)
            i += 1
        return full

    # -- walk: one node over a list of values ------------------------------------------
    def _walk(self, values: list, node: Any) -> list:
        if isinstance(node, ListNode):
            return self._eval_list(values, node)
        if isinstance(node, TextNode):
            return [node.text]
        if isinstance(node, (IntNode, FloatNode, BoolNode)):
            return [node.value for _ in values]
        handler = {FieldNode: self._eval_field, ArrayNode: self._eval_array,
                   FilterNode: self._eval_filter, WildcardNode: self._eval_wildcard,
                   RecursiveNode: self._eval_recursive, UnionNode: self._eval_union,
                   IdentifierNode: self._eval_identifier}[type(node)]
        return handler(values, node)

    def _eval_list(self, values: list, node: ListNode) -> list:
        cur = values
        for child in node.nodes:
            cur = self._walk(cur, child)
        return cur

    def _eval_identifier(self, values: list, node: IdentifierNode) -> list:
        if node.name == "range":
            self._begin += 1
            return values
        if node.name == "end":
            if self._in > 0:
                self._end += 1
                return []
            raise _Err("not in range, nothing to end", [])
        raise _Err(f"unrecognized identifier {node.name}", values)

    def _eval_field(self, values: list, node: FieldNode) -> list:
        results = [v[node.name] for v in values if isinstance(v, dict) and node.name in v]
        if not results and values and not self.allow_missing_keys:
            raise _Err(f"{node.name} is not found", results)
        return results

    def _eval_array(self, values: list, node: ArrayNode) -> list:
        result: list = []
        for value in values:
            if value is None:
                continue
            if not isinstance(value, list):
                raise _Err(f"{gofmt.go_type(value)} is not array or slice", values)
            p0, p1, p2 = node.params
            length = len(value)
            start = p0.value if p0.known else 0
            start += length if start < 0 else 0
            stop = p1.value if p1.known else length
            if stop < 0 or (stop == 0 and p1.derived):
                stop += length
            if stop == start:   # zero elements requested: allowed, and ends the walk
                return result
            if start >= length or start < 0:
                raise _Err(f"array index out of bounds: index {start}, length {length}", values)
            if stop > length or stop < 0:
                raise _Err(f"array index out of bounds: index {stop - 1}, length {length}",
                           values)
            if start > stop:
                raise _Err(f"starting index {start} is greater than ending index {stop}", values)
            step = 1
            if p2.known:
                if p2.value <= 0:
                    raise _Err("step must be > 0", values)
                step = p2.value
            result.extend(value[start:stop:step])
        return result

    def _eval_union(self, values: list, node: UnionNode) -> list:
        result: list = []
        for branch in node.nodes:
            try:
                result.extend(self._eval_list(values, branch))
            except _Err as err:
                raise _Err(str(err), values) from None
        return result

    def _eval_wildcard(self, values: list, node: WildcardNode) -> list:
        return [child for v in values if v is not None for child in _children(v)]

    def _eval_recursive(self, values: list, node: RecursiveNode) -> list:
        result: list = []
        for value in values:
            if value is None:
                continue
            children = _children(value)
            if children:
                result.append(value)
                result.extend(self._eval_recursive(children, node))
        return result

    def _eval_filter(self, values: list, node: FilterNode) -> list:
        results: list = []
        for value in values:
            if not isinstance(value, list):
                raise _Err(f"{gofmt.sprint(value)} is not array or slice and cannot be filtered",
                           values)
            for item in value:
                try:
                    lefts = self._eval_list([item], node.left)
                except _Err as err:
                    if node.operator != "exists":
                        raise _Err(str(err), values) from None
                    lefts = err.partial
                if node.operator == "exists":
                    if lefts:
                        results.append(item)
                    continue
                if not lefts:
                    continue
                if len(lefts) > 1:
                    raise _Err("can only compare one element at a time", values)
                rights = self._eval_list([item], node.right)
                if not rights:
                    continue
                if len(rights) > 1:
                    raise _Err("can only compare one element at a time", values)
                compare = _OPERATORS.get(node.operator)
                if compare is None:
                    raise _Err(f"unrecognized filter operator {node.operator}", results)
                try:
                    passed = compare(lefts[0], rights[0])
                except _Err as err:
                    raise _Err(str(err), results) from None
                if passed:
                    results.append(item)
        return results

    # -- printing ----------------------------------------------------------------------
    def print_results(self, results: list) -> str:
        if self.output_json:
            return gofmt.json_marshal_indent(list(results)) + "\n"
        texts = []
        for value in results:
            if isinstance(value, (dict, list)):
                texts.append(gofmt.json_marshal(value))
            elif value is None:
                texts.append("null")
            else:
                texts.append(gofmt.sprint(value))
        return " ".join(texts)

    def execute(self, data: Any) -> str:
        return "".join(self.print_results(r) for r in self.find_results(data))


def execute(template: str, data: Any, *, allow_missing_keys: bool = True) -> str:
    """Parse and run a template, as `kubectl ... -o jsonpath=TEMPLATE` does."""
    return JSONPath(template, allow_missing_keys=allow_missing_keys).execute(data)


evaluate = execute   # the name k8s_model.kubectl.commands.output uses
