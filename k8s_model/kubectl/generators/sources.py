"""Where a ConfigMap's or Secret's data comes from: `--from-file`, `--from-literal`,
`--from-env-file` (pkg/cmd/create/create_configmap.go, create_secret.go,
pkg/util.ParseFileSource, pkg/cmd/util.AddFromEnvFile).

Files are read first, then literals, then env files, and a key may appear only once.
`--from-file=nginx.conf` keys the file by its base name, `--from-file=conf=nginx.conf`
by `conf`, and a directory contributes each regular file in it. A ConfigMap keeps text
in `data` and non-UTF-8 files in `binaryData`; a Secret keeps bytes. An env file holds
`KEY=value` lines; `#` comments and blank lines are skipped. (A bare `KEY` line takes
the value of $KEY in kubectl's environment; the model, having none, uses "".)
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from .common import config_map_key_errors, error, is_env_var_name, parse_literal_source

ENV_NAME_RULE = ("a valid environment variable name must consist of alphabetic characters, "
                 "digits, '_', '-', or '.', and must not start with a digit (e.g. "
                 "'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for "
                 "validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")


class Sources:
    """Collects keys for one object; `kind` is "ConfigMap" or "Secret" (their messages
    differ). `data` holds str for text, bytes for binary content."""

    def __init__(self, kind: str, name: str):
        self.kind, self.name = kind, name
        self.data: dict[str, str | bytes] = {}

    def add(self, key: str, value: str | bytes) -> None:
        errs = config_map_key_errors(key)
        if self.kind == "ConfigMap":
            if errs:
                raise error(f'"{key}" is not a valid key name for a ConfigMap: ' + ",".join(errs))
            if key in self.data:
                where = "BinaryData" if isinstance(self.data[key], bytes) else "Data"
                raise error(f'cannot add key "{key}", another key by that name already exists '
                            f'in {where} for ConfigMap "{self.name}"')
        else:
            if errs:
                raise error(f'"{key}" is not valid key name for a Secret ' + ";".join(errs))
            if key in self.data:
                raise error(f"cannot add key {key}, another key by that name already exists")
        self.data[key] = value

    def add_all(self, parsed) -> "Sources":
        files, literals, env_files = (parsed["from-file"], parsed["from-literal"],
                                      parsed["from-env-file"])
        if env_files and (files or literals):
            raise error("from-env-file cannot be combined with from-file or from-literal")
        for source in files:
            self.add_file_source(source)
        for source in literals:
            self.add(*parse_literal_source(source))
        for path in env_files:
            self.add_env_file(path)
        return self

    def add_file_source(self, source: str) -> None:
        key, path = parse_file_source(source)
        target = Path(path)
        if not target.exists():
            raise error(f"error reading {path}: no such file or directory")
        if target.is_dir():
            if "=" in source:
                raise error("cannot give a key name for a directory path")
            for item in sorted(target.iterdir(), key=lambda p: p.name):
                if item.is_file() and not item.is_symlink():
                    self.add_file(item.name, item)
        else:
            self.add_file(key, target)

    def add_file(self, key: str, path: Path) -> None:
        content = path.read_bytes()
        if self.kind == "Secret":
            self.add(key, content)
            return
        try:
            self.add(key, content.decode("utf-8"))
        except UnicodeDecodeError:
            self.add(key, content)

    def add_env_file(self, path: str) -> None:
        target = Path(path)
        if not target.exists():
            raise error(f"error reading {path}: no such file or directory")
        if target.is_dir():
            raise error("env config file cannot be a directory")
        for number, raw in enumerate(target.read_bytes().splitlines()):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise error(f"env file {path} contains invalid utf8 bytes at line "
                            f"{number + 1}: [{' '.join(map(str, raw))}]") from None
            if number == 0:
                line = line.removeprefix("\ufeff")
            line = line.lstrip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not is_env_var_name(key):
                raise error(f'"{key}" is not a valid key name: {ENV_NAME_RULE}')
            self.add(key, value if sep else "")


def parse_file_source(source: str) -> tuple[str, str]:
    """util.ParseFileSource: `path` (keyed by its base name) or `key=path`."""
    separators = source.count("=")
    if separators == 0:
        return posixpath.basename(source.rstrip("/")) or "/", source  # Go's path.Base
    if separators == 1 and source.startswith("="):
        raise error(f"key name for file path {source[1:]} missing")
    if separators == 1 and source.endswith("="):
        raise error(f"file path for key name {source[:-1]} missing")
    if separators > 1:
        raise error("key names or file paths cannot contain '='")
    key, path = source.split("=")
    return key, path
