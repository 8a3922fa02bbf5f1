"""Diagnostics: every problem in a guide, with its place, a stable code and a hint."""

from __future__ import annotations

import enum

from guide.core.record import Record, _set
from guide.i18n.lazy import N_, lazy, translated


def did_you_mean(name: str) -> str:
    """The hint for a misspelt name: "Did you mean 'x'?", in the reader's language."""
    return lazy(N_("Did you mean '{name}'?"), name=name)


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Diagnostic(Record):
    """One problem at its place (a frozen record: guide/core/record.py)."""

    __slots__ = ("code", "col", "file", "hint", "line", "message", "severity")

    file: str
    line: int  # 1-based; 0 when the problem has no place in a file
    col: int  # 1-based
    severity: Severity
    code: str
    message: str
    hint: str

    def __init__(
        self,
        file: str,
        line: int,
        col: int,
        severity: Severity,
        code: str,
        message: str,
        hint: str = "",
    ) -> None:
        _set(self, "file", file)
        _set(self, "line", line)
        _set(self, "col", col)
        _set(self, "severity", severity)
        _set(self, "code", code)
        _set(self, "message", message)
        _set(self, "hint", hint)

    def format(self) -> str:
        """`file:line:col: error CODE: message`, then the hint; the words in the language of
        the command line (the code and the place stay as they are, for tools and searches)."""
        from guide.i18n import pgettext

        place = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        if self.severity is Severity.ERROR:
            severity = pgettext("diagnostic", "error")
        else:
            severity = pgettext("diagnostic", "warning")
        text = f"{place}: {severity} {self.code}: {translated(self.message)}"
        if self.hint:
            hint = translated(self.hint)
            text += "\n    " + pgettext("diagnostic", "hint: {hint}").format(hint=hint)
        return text

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = self.as_dict()
        data["severity"] = self.severity.value
        return data


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.col, d.code)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def to_json(diagnostics: list[Diagnostic]) -> str:
    import json  # only for --format json: 1 ms of every command otherwise

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
    "G024": "a question's `replaces` that cannot be read",
}


class Detail(Record):
    """One message of a code, as templates (`str.format` fields): the message, and the hint
    given unless a better one is known at the place (a "Did you mean ..." for a misspelling).

    Modelled on pyxform's `ErrorCode`/`Detail`: the text of a diagnostic lives here, the check
    only fills in the names. `tests/loader/test_diagnostic_messages.py` keeps the table and
    `CODES` in step."""

    __slots__ = ("code", "hint", "message", "severity")

    code: str
    message: str
    hint: str
    severity: Severity

    def __init__(
        self, code: str, message: str, hint: str = "", severity: Severity = Severity.ERROR
    ) -> None:
        _set(self, "code", code)
        _set(self, "message", message)
        _set(self, "hint", hint)
        _set(self, "severity", severity)

    def texts(self, hint: str | None = None, **fields: object) -> tuple[str, str]:
        """The message and the hint, filled in; `hint` replaces the template's hint. Both
        are English strings that remember their template (`LazyText`): `Diagnostic.format`
        shows them in the command line's language."""
        if hint is None:
            hint = lazy(self.hint, **fields) if self.hint else ""
        return lazy(self.message, **fields), hint

    def at(
        self, file: str, line: int, col: int, hint: str | None = None, **fields: object
    ) -> Diagnostic:
        """The diagnostic of this message at a place."""
        message, hint_text = self.texts(hint, **fields)
        return Diagnostic(file, line, col, self.severity, self.code, message, hint_text)


_IDS = N_("Ids are lower_snake_case: a-z, 0-9 and _, starting with a letter.")
_ONE_FILE = N_("Keep it in one file only.")
_SPELLING = N_("Check the spelling against the ids the guide defines.")
_FOLDER = N_("Give the folder that holds the guide's YAML files.")
_EARLIER = N_("Base the condition on earlier answers.")


class Msg:
    """Every message the loader writes, by code. A check reports `Msg.X` with its fields."""

    # -- Y: reading the file (the rest are in guide/loader/yamlio.py)
    Y004_TOO_LARGE = Detail(
        "Y004",
        N_("the file is {size:,} bytes; the limit is {limit:,}"),
        N_("Split the guide into several files, one module each."),
    )
    Y013_UNREADABLE = Detail(
        "Y013", N_("cannot read the file: {reason}"), N_("Check the file's permissions.")
    )
    Y013_NOT_A_FILE = Detail(
        "Y013",
        N_("cannot read the file: {reason}"),
        N_("A guide file must be a plain YAML file."),
    )
    Y013_UNREADABLE_FOLDER = Detail(
        "Y013",
        N_("cannot read the folder: {reason}"),
        N_("Check the folder's permissions; the guide is not complete without it."),
    )
    Y004_GUIDE_TOO_LARGE = Detail(
        "Y004",
        N_("the guide's files hold more than {limit:,} bytes in all"),
        N_("A guide needs far less; check for generated or repeated content."),
    )

    # -- S: the shape of the data (JSON Schema)
    S001_UNKNOWN_KEY = Detail("S001", N_("unknown key '{key_name}'"))
    S001_NOT_FOR_QUESTION = Detail(
        "S001",
        N_("'{key_name}' is not allowed in {kind} question"),
        N_(
            "yes/no and choice questions take answers:; number questions take "
            "min, max, unit and raises_when."
        ),
    )
    S002_MISSING_KEY = Detail(
        "S002", N_("missing key '{key_name}'"), N_("Add '{key_name}:' here; see docs/format.md.")
    )
    S002_NO_SCORING = Detail(
        "S002",
        N_("no file has the 'scoring:' section"),
        N_("Add scoring: with element_rule to guide.yaml."),
    )
    S002_NO_VERDICTS = Detail(
        "S002", N_("no file has the 'verdicts:' section"), N_("Add the verdicts to guide.yaml.")
    )
    S003_NOT_SECTIONS = Detail(
        "S003",
        N_("a guide file must be a mapping of sections (guide:, modules:, ...)"),
        N_("Start the file with a section name such as 'modules:'."),
    )
    S003_WRONG_TYPE = Detail("S003", N_("should be {wanted}, found {found}"))
    S004_NOT_ALLOWED = Detail("S004", N_("'{value}' is not allowed here"), N_("Allowed: {allowed}"))
    S004_BAD_ID = Detail("S004", N_("'{value}' is not a valid id"), _IDS)
    S004_BAD_PHONE = Detail(
        "S004",
        N_("'{value}' is not a phone number"),
        N_(
            'Digits and spaces only, e.g. "0800 00 47 47". Leave phone out '
            "of a template entry rather than inventing one."
        ),
    )
    S004_BAD_DATE = Detail(
        "S004",
        N_("'{value}' is not a date"),
        N_("Write the date as YYYY-MM-DD, or false if not verified."),
    )
    S004_BAD_LANGUAGE = Detail(
        "S004",
        N_("'{value}' is not a language code"),
        N_("Write a language code such as ar, fr or en (or fr_MA)."),
    )
    S004_BAD_FORM = Detail("S004", N_("'{value}' has the wrong form"), N_("See docs/format.md."))
    S004_BAD_NAME = Detail("S004", N_("a name here is not a valid id"), _IDS)
    S004_EMPTY = Detail("S004", N_("is empty"), N_("Give at least one value."))
    S004_TOO_LONG = Detail("S004", N_("is too long"), N_("The limit is {limit}."))
    S004_REPEATED = Detail(
        "S004", N_("lists the same value twice"), N_("Remove the repeated value.")
    )
    S004_OTHER = Detail("S004", N_("{problem}"), N_("See docs/format.md."))

    # -- G: the meaning
    G001_RESERVED = Detail(
        "G001", N_("'{name}' is a reserved word and cannot be an id"), N_("Choose another id.")
    )
    G001_NAME_TAKEN = Detail(
        "G001",
        N_("the id '{name}' is already used by {other}"),
        N_(
            "Names used in conditions (questions, derived names, indicators, "
            "elements) must be unique across the guide."
        ),
    )
    G001_MODULE_TWICE = Detail(
        "G001", N_("module '{name}' is defined twice"), N_("First in {first}.")
    )
    G001_ANSWER_TWICE = Detail(
        "G001",
        N_("answer id '{answer}' is used twice in question '{question}'"),
        N_("Give each answer its own id."),
    )
    G001_ANSWER_RESERVED = Detail(
        "G001",
        N_("answer id '{answer}' is reserved for the built-in answer in question '{question}'"),
        N_("Give each answer its own id."),
    )
    G001_TWICE = Detail(
        "G001", N_("{kind} '{name}' is defined twice"), N_("Give each {short} its own id.")
    )
    G002_NO_SUCH = Detail("G002", N_("there is no {kind} '{name}'"), _SPELLING)
    G002_NO_ELEMENT = Detail(
        "G002", N_("there is no element '{name}'"), N_("Define it under elements:.")
    )
    G002_NO_INDICATOR = Detail(
        "G002", N_("there is no indicator '{name}'"), N_("Define it under indicators:.")
    )
    G002_NO_CONTACT = Detail(
        "G002", N_("there is no contact '{name}'"), N_("Add it to the directory.")
    )
    G002_NO_STEP = Detail(
        "G002", N_("there is no step '{name}'"), N_("Define the step in one rule first.")
    )
    G003_SYNTAX = Detail("G003", N_("{message}"))  # the hint is the condition parser's
    G004_STEP_OUTSIDE_INVARIANT = Detail(
        "G004",
        N_("step() can only be used in invariants"),
        N_("Referral rules decide the steps; an invariant checks them."),
    )
    G004_NO_STEP = Detail("G004", N_("there is no step '{name}'"), _SPELLING)
    G004_NOT_A_QUESTION = Detail(
        "G004",
        N_("'{name}' is not a question"),
        N_("unanswered() counts questions that apply and have no usable answer."),
    )
    G004_NOT_AN_ELEMENT = Detail(
        "G004",
        N_("'{name}' is not an element"),
        N_("raised_in() counts the raised indicators of the elements named."),
    )
    G004_RAISED_IN_HERE = Detail(
        "G004",
        N_("raised_in() cannot be used here"),
        N_("Use it in verdicts, referral rules and derived names."),
    )
    G004_NOT_IN_ELEMENT_RULE = Detail(
        "G004",
        N_("'{name}' cannot be used here"),
        N_("Element rules count indicators: use strong, medium and weak."),
    )
    G004_NOT_IN_NUMBER_RULE = Detail(
        "G004", N_("'{name}' cannot be used here"), N_("Use `value`, the number answered.")
    )
    G004_LOCAL_ELSEWHERE = Detail(
        "G004",
        N_("'{name}' cannot be used in this condition"),
        N_(
            "value is for raises_when, strong/medium/weak for element rules, "
            "verdict for referral rules."
        ),
    )
    G004_UNKNOWN_NAME = Detail(
        "G004",
        N_("unknown name '{name}'"),
        N_("Names are question ids, derived names, indicator ids and element ids."),
    )
    G005_RAISED_IN_EARLY = Detail(
        "G005", N_("raised_in() counts indicators, which are only known at the end"), _EARLIER
    )
    G005_RESULTS_EARLY = Detail(
        "G005",
        N_(
            "'{name}' depends on indicators or elements, which are only known "
            "at the end; {context} cannot wait for them"
        ),
        _EARLIER,
    )
    G005_LATER = Detail(
        "G005",
        N_("'{name}' is not known yet here: {later} comes later in the interview"),
        N_("Move that question earlier, or this condition later."),
    )
    G023_TOO_DEEP = Detail(
        "G023",
        N_(
            "derived name '{name}' is built on {limit} levels of other derived names; "
            "at most {limit} are allowed"
        ),
        N_("Define the condition from the questions directly, in fewer steps."),
    )
    G023_FAR_TOO_DEEP = Detail(
        "G023",
        N_("derived names are built on each other more than {limit} deep"),
        N_("Define the condition from the questions directly, in fewer steps."),
    )
    G006_DERIVED_CYCLE = Detail(
        "G006",
        N_("derived names form a cycle: {cycle}"),
        N_("A derived name cannot depend on itself, even through others."),
    )
    G006_RAISED_IN_CYCLE = Detail(
        "G006",
        N_("raised_in() depends on indicator strengths, which depend on {rule}: that is a cycle"),
        N_("Base {rule} on answers only."),
    )
    G006_RESULTS_CYCLE = Detail(
        "G006",
        N_(
            "'{name}' depends on indicators or elements, whose strength depends on "
            "{rule}: that is a cycle"
        ),
        N_("Base {rule} on answers only."),
    )
    G007_MODULE = Detail(
        "G007",
        N_("module '{name}' can never be asked: its condition is always false"),
        N_("Remove the module from guide.modules instead."),
    )
    G007_QUESTION = Detail(
        "G007",
        N_("question '{name}' can never be asked: its condition is always false"),
        N_("Remove the question or fix the condition."),
    )
    G008_ALWAYS_FALSE = Detail(
        "G008",
        N_("verdict '{name}' can never be reached: its condition is always false"),
        N_("Fix the condition or remove the verdict."),
    )
    G008_AFTER_ALWAYS = Detail(
        "G008",
        N_("verdict '{name}' can never be reached: '{always}' before it always holds"),
        N_("Move it before that verdict, or give that one a condition."),
    )
    G008_ALL_AFTER_ALWAYS = Detail(
        "G008",
        N_("verdicts {names} can never be reached: '{always}' before them always holds"),
        N_("Move them before that verdict, or give that one a condition."),
    )
    G009_NEVER_RAISED = Detail(
        "G009",
        N_("no answer raises indicator '{name}'"),
        N_("Add it to an answer's raises:, or remove it."),
        Severity.WARNING,
    )
    G010_YES_NO = Detail(
        "G010",
        N_("'{name}' is a yes/no question: it is true or false, not a text"),
        N_("Write `{name}` or `not {name}`; for don't know use unknown({name})."),
    )
    G010_NO_ANSWER = Detail(
        "G010", N_("question '{name}' has no answer '{answer}'"), N_("Answers: {answers}")
    )
    G010_UNKNOWN_ANSWER = Detail(
        "G010",
        N_("question '{name}' has no answer '{answer}'"),
        N_("Unknown answers compare as none: use unknown({name}) or {answer}({name})."),
    )
    G010_NUMBER = Detail(
        "G010",
        N_("'{name}' is a number question, compared with a text"),
        N_("Compare it with a number, e.g. >= 18."),
    )
    G011_NO_GUIDE = Detail(
        "G011",
        N_("no file has the 'guide:' section"),
        N_("Add guide metadata (id, version, title, languages, modules) to guide.yaml."),
    )
    G011_GUIDE_REPEATED = Detail(
        "G011", N_("the 'guide:' section is repeated (first in {first})"), _ONE_FILE
    )
    G011_SCORING_REPEATED = Detail("G011", N_("the 'scoring:' section is repeated"), _ONE_FILE)
    G012_NO_SUCH_MODULE = Detail(
        "G012",
        N_("guide.modules lists '{name}', but no module has that id"),
        N_("Add the module or remove it here."),
    )
    G012_NOT_LISTED = Detail(
        "G012",
        N_("module '{name}' is not listed in guide.modules"),
        N_("Add it to guide.modules where it belongs in the interview."),
    )
    G013_LAST_CONDITIONAL = Detail(
        "G013",
        N_(
            "the last verdict '{name}' has a condition; when nothing else holds "
            "there would be no result"
        ),
        N_("Remove `when` from the last verdict."),
    )
    G014_NO_INDICATORS = Detail(
        "G014",
        N_("element '{name}' has no indicators"),
        N_("It can never be present; add indicators or remove it."),
        Severity.WARNING,
    )
    G015_NO_QUESTION = Detail("G015", N_("there is no question '{name}'"), _SPELLING)
    G015_BOOLEAN = Detail(
        "G015", N_("'{value}' is not an answer to '{question}'"), N_("Write yes or no.")
    )
    G015_NOT_A_NUMBER = Detail(
        "G015",
        N_("'{value}' is not an answer to '{question}'"),
        N_("A number between {min} and {max}, or dont_know / declined."),
    )
    G015_NOT_AN_ANSWER = Detail(
        "G015", N_("'{value}' is not an answer to '{question}'"), N_("Answers: {answers}")
    )
    G016_NO_SUCH = Detail("G016", N_("there is no {kind} '{name}'"), _SPELLING)
    G016_STEP_BOTH = Detail(
        "G016",
        N_("scenario '{name}' expects step '{step}' both among the steps and not among them"),
        N_("Keep it in steps_include or in steps_exclude."),
    )
    G017_STEP_AGAIN = Detail(
        "G017",
        N_("step '{name}' is defined again, differently (first at {first})"),
        N_("Write it once; elsewhere use `- ref: {name}`."),
    )
    G018_EMPTY_RANGE = Detail("G018", N_("min {min} is greater than max {max}"), N_("Swap them."))
    G019_NOT_FOUND = Detail("G019", N_("no such file or folder"), _FOLDER)
    G019_BAD_PATH = Detail("G019", N_("{reason}"), _FOLDER)
    G019_NO_YAML = Detail("G019", N_("no .yaml files found here"), _FOLDER)
    G019_TOO_MANY = Detail(
        "G019", N_("more than {limit} YAML files in the guide"), N_("Is this the right folder?")
    )
    G019_NO_DATA = Detail("G019", N_("no file holds any guide data"), _FOLDER)
    G020_UNUSED_CONTACT = Detail(
        "G020",
        N_("contact '{name}' is not used by any referral step"),
        N_("Add it to a step's contacts, or to guide.emergency_contacts."),
        Severity.WARNING,
    )
    G021_BOTH = Detail(
        "G021",
        N_("invariant '{name}' has both `require` and `monotone`"),
        N_("Write two invariants: one with `require` (and `when`), one with `monotone`."),
    )
    G021_WHEN_WITH_MONOTONE = Detail(
        "G021",
        N_("invariant '{name}' has `when` with `monotone`"),
        N_(
            "A monotone invariant holds for every interview: remove `when`, or write "
            "a `require` invariant instead."
        ),
    )
    G021_NOTHING = Detail(
        "G021",
        N_("invariant '{name}' says nothing to check"),
        N_(
            "Add `require: CONDITION` (with an optional `when`) or "
            "`monotone: more_signs` / `monotone: unknown_to_no`."
        ),
    )
    G022_SEXUAL_UNUSED = Detail(
        "G022",
        N_("indicator '{name}' has a sexual-exploitation grade that is never used"),
        N_(
            "Add scoring.sexual_list_when (when the sexual lists apply), or remove strength.sexual."
        ),
        Severity.WARNING,
    )
    G024_STILL_THERE = Detail(
        "G024",
        N_("question '{name}' replaces '{old}', which is still a question of the guide"),
        N_("Remove '{old}' from replaces, or rename or remove that question."),
    )
    G024_NOT_AN_ANSWER = Detail(
        "G024",
        N_("'{answer}' is not an answer to '{name}'"),
        N_("Map each old answer to one of: {answers}."),
    )
    G024_SELF_WITHOUT_MAP = Detail(
        "G024",
        N_("question '{name}' replaces itself without an answer map"),
        N_("Give `answers: {{old answer id: new answer id}}`, or remove this entry."),
    )
    G024_SELF_CURRENT = Detail(
        "G024",
        N_("'{answer}' is still an answer to '{name}': it cannot also be an old one"),
        N_("Map only answer ids the question no longer has."),
    )
    G024_TWICE = Detail(
        "G024",
        N_("'{old}' is replaced twice by question '{name}'"),
        N_("Keep one entry for '{old}'."),
    )


def messages() -> dict[str, Detail]:
    """The table, by name."""
    return {k: v for k, v in vars(Msg).items() if isinstance(v, Detail)}
