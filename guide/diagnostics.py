"""Diagnostics: every problem in a guide, with its place, a stable code and a hint."""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int  # 1-based; 0 when the problem has no place in a file
    col: int  # 1-based
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        """`file:line:col: error CODE: message`, then the hint; the words in the language of
        the command line (the code and the place stay as they are, for tools and searches)."""
        from guide.i18n import pgettext

        place = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        if self.severity is Severity.ERROR:
            severity = pgettext("diagnostic", "error")
        else:
            severity = pgettext("diagnostic", "warning")
        text = f"{place}: {severity} {self.code}: {self.message}"
        if self.hint:
            text += "\n    " + pgettext("diagnostic", "hint: {hint}").format(hint=self.hint)
        return text

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.col, d.code)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def to_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2)


# The stable codes. docs/diagnostics.md explains each with an example; tests/broken has a
# file for each.
CODES: dict[str, str] = {
    "Y001": "YAML syntax error",
    "Y002": "tab used for indentation",
    "Y003": "file is not valid UTF-8",
    "Y004": "file too large",
    "Y005": "nesting too deep",
    "Y006": "anchor or alias used",
    "Y007": "explicit tag used",
    "Y008": "duplicate key in a mapping",
    "Y009": "more than one YAML document in a file",
    "Y010": "a key that is not plain text",
    "Y011": "file has too many values",
    "Y012": "empty file",
    "Y013": "file cannot be read",
    "Y014": "hidden direction-control character",
    "S001": "unknown key",
    "S002": "missing key",
    "S003": "wrong type",
    "S004": "value not allowed",
    "G001": "duplicate id",
    "G002": "reference to something that does not exist",
    "G003": "condition syntax error",
    "G004": "unknown name in a condition",
    "G005": "condition depends on something not yet known",
    "G006": "cycle between derived names",
    "G007": "question can never be asked",
    "G008": "verdict can never be reached",
    "G009": "indicator that no answer raises",
    "G010": "comparison with an answer the question does not have",
    "G011": "guide metadata missing or repeated",
    "G012": "module order does not match the modules",
    "G013": "the last verdict must always hold",
    "G014": "element with no indicators",
    "G015": "scenario answer that does not fit the question",
    "G016": "scenario expectation names something unknown",
    "G017": "referral step defined twice differently",
    "G018": "number range is empty",
    "G019": "no guide files found",
    "G020": "contact never used",
    "G021": "invariant that is neither a requirement nor a monotone property",
    "G022": "sexual-exploitation grade that is never used",
}
