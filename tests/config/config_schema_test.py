#!/usr/bin/python3
"""The configuration's JSON Schema (docs/schema/config.v1.schema.json) against real files, with
the `jsonschema` package (Debian: python3-jsonschema): the starter `medic init --config` writes,
every YAML document of the README's configuration section, and the sample services' own
.github/medic.yml are valid; files with a wrong word, an unknown key, a duration without its
unit or a share over 1 are not. Usage: config_schema_test.py MEDIC SOURCE_ROOT"""
import json
import pathlib
import re
import subprocess
import sys

import jsonschema
import yaml


def validator(root: pathlib.Path):
    schema = json.loads((root / "docs/schema/config.v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def readme_documents(root: pathlib.Path):
    readme = (root / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Configuration")
    section = readme[start:readme.index("\n## ", start + 1)]
    for block in re.findall(r"```yaml\n(.*?)```", section, re.S):
        yield from (doc for doc in yaml.safe_load_all(block) if doc is not None)


def main() -> int:
    medic, root = sys.argv[1], pathlib.Path(sys.argv[2])
    check = validator(root)
    starter = subprocess.run([medic, "init", "--config", "--dry-run"], check=True,
                             capture_output=True, text=True).stdout
    valid = {"the starter file": yaml.safe_load(starter)}
    for index, document in enumerate(readme_documents(root)):
        # The README shows sections one at a time; each is a whole file once it has a version.
        valid[f"README document {index + 1}"] = {"version": 1, **document}
    for service in ("shop", "ledger", "depot"):
        path = root / "fixtures/services" / service / ".github/medic.yml"
        valid[str(path.relative_to(root))] = yaml.safe_load(path.read_text(encoding="utf-8"))
    invalid = {
        "a publish mode that is no word of it": {"version": 1, "publish": {"mode": "sideways"}},
        "a misspelt section": {"version": 1, "telemtry": {"window": "10m"}},
        "a duration without its unit": {"version": 1, "telemetry": {"window": "10"}},
        "an error budget over 1": {"version": 1, "handlers": {"h": {"error_rate_budget": 2}}},
        "no version": {"telemetry": {"window": "10m"}},
    }
    failures = []
    for name, document in valid.items():
        errors = [e.message for e in check.iter_errors(document)]
        if errors:
            failures.append(f"{name} should be valid: {errors[:3]}")
    for name, document in invalid.items():
        if check.is_valid(document):
            failures.append(f"{name} should be invalid")
    for failure in failures:
        print(f"config_schema_test: {failure}", file=sys.stderr)
    print(f"config_schema_test: {len(valid)} valid and {len(invalid)} invalid files judged")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
