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
        place = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        text = f"{place}: {self.severity.value} {self.code}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
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
    "Y015": "control character in a text",
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
    "G023": "derived names nested too deeply",
}


@dataclass(frozen=True, slots=True)
class Detail:
    """One message of a code, as templates (`str.format` fields): the message, and the hint
    given unless a better one is known at the place (a "Did you mean ..." for a misspelling).

    Modelled on pyxform's `ErrorCode`/`Detail`: the text of a diagnostic lives here, the check
    only fills in the names. `tests/core/test_diagnostic_messages.py` keeps the table and
    `CODES` in step."""

    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def texts(self, hint: str | None = None, **fields: object) -> tuple[str, str]:
        """The message and the hint, filled in; `hint` replaces the template's hint."""
        return (
            self.message.format(**fields),
            hint if hint is not None else self.hint.format(**fields),
        )

    def at(
        self, file: str, line: int, col: int, hint: str | None = None, **fields: object
    ) -> Diagnostic:
        """The diagnostic of this message at a place."""
        message, hint_text = self.texts(hint, **fields)
        return Diagnostic(file, line, col, self.severity, self.code, message, hint_text)


_IDS = "Ids are lower_snake_case: a-z, 0-9 and _, starting with a letter."
_ONE_FILE = "Keep it in one file only."
_SPELLING = "Check the spelling against the ids the guide defines."
_FOLDER = "Give the folder that holds the guide's YAML files."
_EARLIER = "Base the condition on earlier answers."


class Msg:
    """Every message the loader writes, by code. A check reports `Msg.X` with its fields."""

    # -- Y: reading the file (the rest are in guide/yamlio.py)
    Y004_TOO_LARGE = Detail(
        "Y004",
        "the file is {size:,} bytes; the limit is {limit:,}",
        "Split the guide into several files, one module each.",
    )
    Y013_UNREADABLE = Detail(
        "Y013", "cannot read the file: {reason}", "Check the file's permissions."
    )
    Y013_NOT_A_FILE = Detail(
        "Y013", "cannot read the file: it {reason}", "A guide file must be a plain YAML file."
    )
    Y013_UNREADABLE_FOLDER = Detail(
        "Y013",
        "cannot read the folder: {reason}",
        "Check the folder's permissions; the guide is not complete without it.",
    )
    Y004_GUIDE_TOO_LARGE = Detail(
        "Y004",
        "the guide's files hold more than {limit:,} bytes in all",
        "A guide needs far less; check for generated or repeated content.",
    )

    # -- S: the shape of the data (JSON Schema)
    S001_UNKNOWN_KEY = Detail("S001", "unknown key '{key_name}'")
    S001_NOT_FOR_QUESTION = Detail(
        "S001",
        "'{key_name}' is not allowed in {kind} question",
        "yes/no and choice questions take answers:; number questions take "
        "min, max, unit and raises_when.",
    )
    S002_MISSING_KEY = Detail(
        "S002", "missing key '{key_name}'", "Add '{key_name}:' here; see docs/format.md."
    )
    S002_NO_SCORING = Detail(
        "S002",
        "no file has the 'scoring:' section",
        "Add scoring: with element_rule to guide.yaml.",
    )
    S002_NO_VERDICTS = Detail(
        "S002", "no file has the 'verdicts:' section", "Add the verdicts to guide.yaml."
    )
    S003_NOT_SECTIONS = Detail(
        "S003",
        "a guide file must be a mapping of sections (guide:, modules:, ...)",
        "Start the file with a section name such as 'modules:'.",
    )
    S003_WRONG_TYPE = Detail("S003", "should be {wanted}, found {found}")
    S004_NOT_ALLOWED = Detail("S004", "'{value}' is not allowed here", "Allowed: {allowed}")
    S004_BAD_ID = Detail("S004", "'{value}' is not a valid id", _IDS)
    S004_BAD_PHONE = Detail(
        "S004",
        "'{value}' is not a phone number",
        'Digits and spaces only, e.g. "0800 00 47 47". Leave phone out '
        "of a template entry rather than inventing one.",
    )
    S004_BAD_DATE = Detail(
        "S004",
        "'{value}' is not a date",
        "Write the date as YYYY-MM-DD, or false if not verified.",
    )
    S004_BAD_LANGUAGE = Detail(
        "S004",
        "'{value}' is not a language code",
        "Write a language code such as ar, fr or en (or fr_MA).",
    )
    S004_BAD_FORM = Detail("S004", "'{value}' has the wrong form", "See docs/format.md.")
    S004_BAD_NAME = Detail("S004", "a name here is not a valid id", _IDS)
    S004_EMPTY = Detail("S004", "is empty", "Give at least one value.")
    S004_TOO_LONG = Detail("S004", "is too long", "The limit is {limit}.")
    S004_REPEATED = Detail("S004", "lists the same value twice", "Remove the repeated value.")
    S004_OTHER = Detail("S004", "{problem}", "See docs/format.md.")

    # -- G: the meaning
    G001_RESERVED = Detail(
        "G001", "'{name}' is a reserved word and cannot be an id", "Choose another id."
    )
    G001_NAME_TAKEN = Detail(
        "G001",
        "the id '{name}' is already used by {other}",
        "Names used in conditions (questions, derived names, indicators, "
        "elements) must be unique across the guide.",
    )
    G001_MODULE_TWICE = Detail("G001", "module '{name}' is defined twice", "First in {first}.")
    G001_ANSWER_TWICE = Detail(
        "G001",
        "answer id '{answer}' is used twice in question '{question}'",
        "Give each answer its own id.",
    )
    G001_ANSWER_RESERVED = Detail(
        "G001",
        "answer id '{answer}' is reserved for the built-in answer in question '{question}'",
        "Give each answer its own id.",
    )
    G001_TWICE = Detail("G001", "{kind} '{name}' is defined twice", "Give each {short} its own id.")
    G002_NO_SUCH = Detail("G002", "there is no {kind} '{name}'", _SPELLING)
    G002_NO_ELEMENT = Detail("G002", "there is no element '{name}'", "Define it under elements:.")
    G002_NO_INDICATOR = Detail(
        "G002", "there is no indicator '{name}'", "Define it under indicators:."
    )
    G002_NO_CONTACT = Detail("G002", "there is no contact '{name}'", "Add it to the directory.")
    G002_NO_STEP = Detail("G002", "there is no step '{name}'", "Define the step in one rule first.")
    G003_SYNTAX = Detail("G003", "{message}")  # the hint is the condition parser's
    G004_STEP_OUTSIDE_INVARIANT = Detail(
        "G004",
        "step() can only be used in invariants",
        "Referral rules decide the steps; an invariant checks them.",
    )
    G004_NO_STEP = Detail("G004", "there is no step '{name}'", _SPELLING)
    G004_NOT_A_QUESTION = Detail(
        "G004",
        "'{name}' is not a question",
        "unanswered() counts questions that apply and have no usable answer.",
    )
    G004_NOT_AN_ELEMENT = Detail(
        "G004",
        "'{name}' is not an element",
        "raised_in() counts the raised indicators of the elements named.",
    )
    G004_RAISED_IN_HERE = Detail(
        "G004",
        "raised_in() cannot be used here",
        "Use it in verdicts, referral rules and derived names.",
    )
    G004_NOT_IN_ELEMENT_RULE = Detail(
        "G004",
        "'{name}' cannot be used here",
        "Element rules count indicators: use strong, medium and weak.",
    )
    G004_NOT_IN_NUMBER_RULE = Detail(
        "G004", "'{name}' cannot be used here", "Use `value`, the number answered."
    )
    G004_LOCAL_ELSEWHERE = Detail(
        "G004",
        "'{name}' cannot be used in this condition",
        "value is for raises_when, strong/medium/weak for element rules, "
        "verdict for referral rules.",
    )
    G004_UNKNOWN_NAME = Detail(
        "G004",
        "unknown name '{name}'",
        "Names are question ids, derived names, indicator ids and element ids.",
    )
    G005_RAISED_IN_EARLY = Detail(
        "G005", "raised_in() counts indicators, which are only known at the end", _EARLIER
    )
    G005_RESULTS_EARLY = Detail(
        "G005",
        "'{name}' depends on indicators or elements, which are only known "
        "at the end; {context} cannot wait for them",
        _EARLIER,
    )
    G005_LATER = Detail(
        "G005",
        "'{name}' is not known yet here: {later} comes later in the interview",
        "Move that question earlier, or this condition later.",
    )
    G023_TOO_DEEP = Detail(
        "G023",
        "derived name '{name}' is built on {limit} levels of other derived names; "
        "at most {limit} are allowed",
        "Define the condition from the questions directly, in fewer steps.",
    )
    G023_FAR_TOO_DEEP = Detail(
        "G023",
        "derived names are built on each other more than {limit} deep",
        "Define the condition from the questions directly, in fewer steps.",
    )
    G006_DERIVED_CYCLE = Detail(
        "G006",
        "derived names form a cycle: {cycle}",
        "A derived name cannot depend on itself, even through others.",
    )
    G006_RAISED_IN_CYCLE = Detail(
        "G006",
        "raised_in() depends on indicator strengths, which depend on {rule}: that is a cycle",
        "Base {rule} on answers only.",
    )
    G006_RESULTS_CYCLE = Detail(
        "G006",
        "'{name}' depends on indicators or elements, whose strength depends on "
        "{rule}: that is a cycle",
        "Base {rule} on answers only.",
    )
    G007_MODULE = Detail(
        "G007",
        "module '{name}' can never be asked: its condition is always false",
        "Remove the module from guide.modules instead.",
    )
    G007_QUESTION = Detail(
        "G007",
        "question '{name}' can never be asked: its condition is always false",
        "Remove the question or fix the condition.",
    )
    G008_ALWAYS_FALSE = Detail(
        "G008",
        "verdict '{name}' can never be reached: its condition is always false",
        "Fix the condition or remove the verdict.",
    )
    G008_AFTER_ALWAYS = Detail(
        "G008",
        "verdict '{name}' can never be reached: '{always}' before it always holds",
        "Move it before that verdict, or give that one a condition.",
    )
    G008_ALL_AFTER_ALWAYS = Detail(
        "G008",
        "verdicts {names} can never be reached: '{always}' before them always holds",
        "Move them before that verdict, or give that one a condition.",
    )
    G009_NEVER_RAISED = Detail(
        "G009",
        "no answer raises indicator '{name}'",
        "Add it to an answer's raises:, or remove it.",
        Severity.WARNING,
    )
    G010_YES_NO = Detail(
        "G010",
        "'{name}' is a yes/no question: it is true or false, not a text",
        "Write `{name}` or `not {name}`; for don't know use unknown({name}).",
    )
    G010_NO_ANSWER = Detail(
        "G010", "question '{name}' has no answer '{answer}'", "Answers: {answers}"
    )
    G010_UNKNOWN_ANSWER = Detail(
        "G010",
        "question '{name}' has no answer '{answer}'",
        "Unknown answers compare as none: use unknown({name}) or {answer}({name}).",
    )
    G010_NUMBER = Detail(
        "G010",
        "'{name}' is a number question, compared with a text",
        "Compare it with a number, e.g. >= 18.",
    )
    G011_NO_GUIDE = Detail(
        "G011",
        "no file has the 'guide:' section",
        "Add guide metadata (id, version, title, languages, modules) to guide.yaml.",
    )
    G011_GUIDE_REPEATED = Detail(
        "G011", "the 'guide:' section is repeated (first in {first})", _ONE_FILE
    )
    G011_SCORING_REPEATED = Detail("G011", "the 'scoring:' section is repeated", _ONE_FILE)
    G012_NO_SUCH_MODULE = Detail(
        "G012",
        "guide.modules lists '{name}', but no module has that id",
        "Add the module or remove it here.",
    )
    G012_NOT_LISTED = Detail(
        "G012",
        "module '{name}' is not listed in guide.modules",
        "Add it to guide.modules where it belongs in the interview.",
    )
    G013_LAST_CONDITIONAL = Detail(
        "G013",
        "the last verdict '{name}' has a condition; when nothing else holds "
        "there would be no result",
        "Remove `when` from the last verdict.",
    )
    G014_NO_INDICATORS = Detail(
        "G014",
        "element '{name}' has no indicators",
        "It can never be present; add indicators or remove it.",
        Severity.WARNING,
    )
    G015_NO_QUESTION = Detail("G015", "there is no question '{name}'", _SPELLING)
    G015_BOOLEAN = Detail("G015", "'{value}' is not an answer to '{question}'", "Write yes or no.")
    G015_NOT_A_NUMBER = Detail(
        "G015",
        "'{value}' is not an answer to '{question}'",
        "A number between {min} and {max}, or dont_know / declined.",
    )
    G015_NOT_AN_ANSWER = Detail(
        "G015", "'{value}' is not an answer to '{question}'", "Answers: {answers}"
    )
    G016_NO_SUCH = Detail("G016", "there is no {kind} '{name}'", _SPELLING)
    G016_STEP_BOTH = Detail(
        "G016",
        "scenario '{name}' expects step '{step}' both among the steps and not among them",
        "Keep it in steps_include or in steps_exclude.",
    )
    G017_STEP_AGAIN = Detail(
        "G017",
        "step '{name}' is defined again, differently (first at {first})",
        "Write it once; elsewhere use `- ref: {name}`.",
    )
    G018_EMPTY_RANGE = Detail("G018", "min {min} is greater than max {max}", "Swap them.")
    G019_NOT_FOUND = Detail("G019", "no such file or folder", _FOLDER)
    G019_BAD_PATH = Detail("G019", "{reason}", _FOLDER)
    G019_NO_YAML = Detail("G019", "no .yaml files found here", _FOLDER)
    G019_TOO_MANY = Detail(
        "G019", "more than {limit} YAML files in the guide", "Is this the right folder?"
    )
    G019_NO_DATA = Detail("G019", "no file holds any guide data", _FOLDER)
    G020_UNUSED_CONTACT = Detail(
        "G020",
        "contact '{name}' is not used by any referral step",
        "Add it to a step's contacts, or to guide.emergency_contacts.",
        Severity.WARNING,
    )
    G021_BOTH = Detail(
        "G021",
        "invariant '{name}' has both `require` and `monotone`",
        "Write two invariants: one with `require` (and `when`), one with `monotone`.",
    )
    G021_WHEN_WITH_MONOTONE = Detail(
        "G021",
        "invariant '{name}' has `when` with `monotone`",
        "A monotone invariant holds for every interview: remove `when`, or write "
        "a `require` invariant instead.",
    )
    G021_NOTHING = Detail(
        "G021",
        "invariant '{name}' says nothing to check",
        "Add `require: CONDITION` (with an optional `when`) or "
        "`monotone: more_signs` / `monotone: unknown_to_no`.",
    )
    G022_SEXUAL_UNUSED = Detail(
        "G022",
        "indicator '{name}' has a sexual-exploitation grade that is never used",
        "Add scoring.sexual_list_when (when the sexual lists apply), or remove strength.sexual.",
        Severity.WARNING,
    )


def messages() -> dict[str, Detail]:
    """The table, by name."""
    return {k: v for k, v in vars(Msg).items() if isinstance(v, Detail)}
