#!/usr/bin/python3
"""Validates a SARIF log against the SARIF 2.1.0 JSON schema with the `jsonschema` package
(Debian: python3-jsonschema). Exit 0 when valid, 1 with the errors when not, 2 on bad usage
or an unreadable/unparsable input.

    validate_sarif.py SCHEMA FILE.sarif

SCHEMA is the file printed by tests/support/install_sarif_schema.sh. The validator class is
the one the schema's "$schema" names (the file from @microsoft/sarif-multitool-linux declares
Draft 2020-12; the OASIS copy declares Draft-04; Draft-07 when none). The SARIF schema has only
internal "#/definitions/..." references; any other reference is refused, never fetched."""
import json
import sys

import jsonschema
import jsonschema.validators


def _refuse_remote(uri):
    raise RuntimeError(f"refusing to fetch remote schema reference {uri!r} (offline validation)")


def _make_validator(schema):
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    kwargs = {"format_checker": cls.FORMAT_CHECKER}
    try:  # jsonschema >= 4.18: a `referencing` registry whose retrieve hook refuses
        import referencing

        return cls(schema, registry=referencing.Registry(retrieve=_refuse_remote), **kwargs)
    except (ImportError, TypeError):  # jsonschema 4.10 (Debian 12): RefResolver, no fetching
        pass
    # id_of: a Draft-04 schema's "id" (the OASIS copy has one) is then its own base URI
    refuse = {scheme: _refuse_remote for scheme in ("http", "https", "ftp", "file")}
    resolver = jsonschema.RefResolver.from_schema(schema, id_of=cls.ID_OF, handlers=refuse)
    return cls(schema, resolver=resolver, **kwargs)


def _where(error):
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return path.lstrip(".") or "(root)"


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: validate_sarif.py SCHEMA FILE.sarif", file=sys.stderr)
        return 2
    schema_path, sarif_path = sys.argv[1], sys.argv[2]
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        with open(sarif_path, encoding="utf-8") as f:
            document = json.load(f)
    except (OSError, ValueError) as e:
        print(f"validate_sarif.py: {e}", file=sys.stderr)
        return 2
    if "SARIF" not in str(schema.get("title", "")):
        print(f"validate_sarif.py: {schema_path} is not a SARIF schema", file=sys.stderr)
        return 2
    try:
        validator = _make_validator(schema)
        errors = sorted(validator.iter_errors(document),
                        key=lambda e: list(map(str, e.absolute_path)))
    except Exception as e:  # bad schema, or a reference we refused to fetch
        cause = f" ({e.__cause__})" if e.__cause__ and str(e.__cause__) not in str(e) else ""
        print(f"validate_sarif.py: cannot validate {sarif_path}: {e}{cause}", file=sys.stderr)
        return 2
    for error in errors:
        print(f"{sarif_path}: {_where(error)}: {error.message}", file=sys.stderr)
        # oneOf/anyOf failures (e.g. message needs "text" or "id") say more in their context
        for sub in sorted(error.context or [], key=lambda e: list(map(str, e.absolute_path))):
            print(f"{sarif_path}:   {_where(sub)}: {sub.message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
