"""Validates flow files against the JSON Schema, as an editor would.

Usage: python3 tests/schema_check.py SCHEMA FILE...
Prints one line per file that does not satisfy the schema and exits 1 if
any does. Run by tests/schema.rs (python3-jsonschema, python3-yaml).
"""
import json
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1, where yes/no/on/off are booleans; actwiz (and
    the YAML language server) read YAML 1.2, where only true/false are."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        data = yaml.load(open(path, encoding="utf-8"), Loader=Yaml12Loader)
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        for error in errors:
            where = "/".join(str(p) for p in error.path)
            print(f"{path}: {where}: {error.message}")
            bad += 1
    sys.exit(1 if bad else 0)


main()
