"""The JSON Schema of the guide files and a validator built once."""

from __future__ import annotations

import json
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
