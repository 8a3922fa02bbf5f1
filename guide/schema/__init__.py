"""The JSON Schema of the guide files, and the two validators built from it.

`fast_is_valid()` answers only "valid or not", with Python code generated ahead of time from
the schema by fastjsonschema (`_validator.py`, written by `python -m guide.schema.build_schema`):
it imports in about a millisecond and needs neither fastjsonschema nor jsonschema.
`guide_validator()` is `jsonschema`'s reference implementation (Draft 2020-12), imported only to
explain a file that fails, with exact paths. The schema uses no keyword whose meaning differs
between Draft 7 (fastjsonschema's newest) and 2020-12; tests/loader/test_schema.py checks that
both validators agree on every file of the shipped guide, of the broken corpus and on random
data, and that the generated code is not stale.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("dalil-guide.schema.json")


@cache
def guide_schema() -> dict[str, Any]:
    import json  # only to explain a failure, or when _validator.py is stale

    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def guide_validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = guide_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_digest(schema_bytes: bytes) -> str:
    import hashlib

    return hashlib.sha256(schema_bytes).hexdigest()


def schema_checksum(schema_bytes: bytes) -> int:
    import zlib  # a fraction of a millisecond to import, against hashlib's several

    return zlib.crc32(schema_bytes)


def generated_is_current() -> bool:
    """Whether _validator.py was generated from the schema file as it is now (a CRC-32 at
    run time, a guard against a forgotten regeneration; the tests compare SHA-256)."""
    from guide.schema import _validator

    return schema_checksum(SCHEMA_FILE.read_bytes()) == _validator.SCHEMA_CRC32


@cache
def fast_is_valid() -> Callable[[Any], bool]:
    if generated_is_current():
        from guide.schema._validator import JsonSchemaValueException, validate

        invalid: type[Exception] = JsonSchemaValueException
    else:  # the schema was edited without regenerating: compile it now (slower, still right)
        import fastjsonschema

        schema = dict(guide_schema())
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        validate = fastjsonschema.compile(schema, use_formats=False)
        invalid = fastjsonschema.JsonSchemaException

    def is_valid(data: Any) -> bool:
        try:
            validate(data)
        except invalid:
            return False
        return True

    return is_valid
