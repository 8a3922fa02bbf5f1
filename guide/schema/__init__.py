"""The JSON Schema of the guide files, and the two validators built from it once.

`jsonschema` (the reference implementation, Draft 2020-12) explains problems with exact paths;
`fastjsonschema` compiles the same schema to Python code and only answers "valid or not",
about fifteen times faster. Files are checked with the fast one first and explained by the
reference one only when they fail. The schema uses no keyword whose meaning differs between
Draft 7 (fastjsonschema's newest) and 2020-12; tests/core/test_schema.py checks that both
validators agree on every file of the shipped guide and of the broken corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("dalil-guide.schema.json")


@cache
def guide_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def guide_validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = guide_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def fast_is_valid() -> Callable[[Any], bool]:
    import fastjsonschema

    schema = dict(guide_schema())
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    check = fastjsonschema.compile(schema, use_formats=False)

    def is_valid(data: Any) -> bool:
        try:
            check(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid
