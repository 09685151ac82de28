#!/usr/bin/python3
"""Validates a JSON document against a JSON Schema (Draft 2020-12) with the `jsonschema`
package (Debian: python3-jsonschema). Exit 0 when valid, 1 with the errors when not."""
import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: validate_json_schema.py SCHEMA DOCUMENT", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        document = json.load(f)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for error in errors:
        where = "/".join(str(p) for p in error.path) or "(root)"
        print(f"{sys.argv[2]}: {where}: {error.message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
