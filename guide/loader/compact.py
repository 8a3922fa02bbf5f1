"""The guide's files as the build reads them, with the questions made as each file is read.

A big guide is mostly its modules: 20,000 questions are 97% of the YAML, and their parsed
data (a dictionary per question, per answer, per list of raised indicators, and the
positions of every value) took four times the memory of the built questions. So, as each
file is read and its schema checked, its modules become `ModuleEntry`s holding what the
build needs, with each question already made (`QuestionEntry`): its model `Question` (index
and condition still to come), the text of its `when` and of its number rules, the few things
only a broken guide has (an answer given twice, `replaces`), and where it was written. A file
that holds only modules then keeps nothing of its parsed data: the place of a diagnostic
found later in it is read again from its bytes (kept compressed), which gives exactly the
places the first reading gave. Equal answer options, lists of raised indicators and line
numbers are shared between the questions (they are immutable values).

Everything the build decides across files (module order, names, conditions, references)
still happens in the build, in the same order, so every diagnostic is the same; only what
a single question says about itself (an answer id given twice) is found here, and reported
by the build at the moment it always was.
"""

from __future__ import annotations

import zlib
from typing import Any

from guide.core.model import UNKNOWN_VALUES, AnswerOption, Question, SourceRef
from guide.loader.diagnostics import Detail, Diagnostic, Msg
from guide.loader.yamlio import ParsedFile, Path, Position, parse_yaml


class _Absent:
    """A key that is not written (a `when:` may be written with no value)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()

# Files parsed again for the places of diagnostics, kept for the next diagnostics: they
# come phase by phase, and a broken file usually has several.
_REPARSED_KEPT = 4


class Reparsed:
    """The files of one load parsed again for diagnostics' places, the last few kept."""

    __slots__ = ("files",)

    def __init__(self) -> None:
        self.files: dict[str, ParsedFile] = {}

    def get(self, file: str, raw: bytes) -> ParsedFile:
        pf = self.files.pop(file, None)
        if pf is None:
            # The same bytes through the same parser: the same data and places as the
            # first reading, which found no problem (so no limit of the first reading binds).
            pf = parse_yaml(zlib.decompress(raw), file)
            if len(self.files) >= _REPARSED_KEPT:
                del self.files[next(iter(self.files))]
        self.files[file] = pf  # the most recent last
        return pf


class GuideFile:
    """One file of the guide for the build: its sections (`data`, with its modules as
    `ModuleEntry`s) and where each value was written (`where`)."""

    __slots__ = ("_pf", "_raw", "_reparsed", "data", "file")

    def __init__(
        self,
        file: str,
        data: dict[str, Any],
        pf: ParsedFile | None,
        raw: bytes = b"",
        reparsed: Reparsed | None = None,
    ) -> None:
        self.file = file
        self.data = data
        self._pf = pf  # None: its parsed data is not kept (read again for a place)
        self._raw = raw  # then its bytes, compressed
        self._reparsed = reparsed

    def __repr__(self) -> str:
        return f"GuideFile({self.file!r})"

    def where(self, path: Path, *, key: bool = False) -> Position:
        """The closest known position of `path` (or of its key), as `ParsedFile.where`."""
        pf = self._pf
        if pf is None:
            assert self._reparsed is not None
            pf = self._reparsed.get(self.file, self._raw)
        return pf.where(path, key=key)


class ModuleEntry:
    """A module as written, with its questions made."""

    __slots__ = ("id", "intro", "intro_for", "questions", "ref", "title", "when")

    def __init__(self, data: dict[str, Any], ref: SourceRef, questions: list[QuestionEntry]):
        self.id: str = data["id"]
        self.title: str = data["title"]
        self.intro: str | None = data.get("intro")
        self.intro_for: str = data.get("intro_for", "person")
        self.when: Any = data.get("when", ABSENT)
        self.ref = ref
        self.questions = questions


class QuestionEntry:
    """A question as written: the `Question` made of it (index -1, no condition yet), the
    text of its `when` (ABSENT when none), where it is (file number in the load, module
    and question numbers) and what only some questions have (`QuestionExtra`, or None)."""

    __slots__ = ("extra", "file", "module", "number", "question", "when")

    def __init__(
        self,
        question: Question,
        when: Any,
        file: int,
        module: int,
        number: int,
        extra: QuestionExtra | None,
    ) -> None:
        self.question = question
        self.when = when
        self.file = file
        self.module = module
        self.number = number
        self.extra = extra

    @property
    def path(self) -> tuple[Any, ...]:
        return ("modules", self.module, "questions", self.number)

    def raise_places(self) -> list[tuple[tuple[Any, ...], Any]]:
        """(path, indicator ids) of every list of raised indicators written in the question,
        in the order written (what the check of unknown indicators reads)."""
        extra = self.extra
        if extra is not None and extra.raises is not None:
            return [((*self.path, *rel), ids) for rel, ids in extra.raises]
        q = self.question
        places: list[tuple[tuple[Any, ...], Any]] = []
        if q.type == "choice":  # every answer became an option, in order
            for ai, option in enumerate(q.options):
                if option.raises:
                    places.append(((*self.path, "answers", ai, "raises"), option.raises))
        elif q.type == "yes_no":
            for option in q.options:
                if option.raises:
                    places.append(((*self.path, "answers", option.id, "raises"), option.raises))
        if extra is not None:
            for ri, (_, raises, _) in enumerate(extra.rules):
                places.append(((*self.path, "raises_when", ri, "raises"), raises))
        return places


class QuestionExtra:
    """What few questions have: number rules as written (condition text, raised ids,
    urgent), `replaces` as written, the diagnostics of its answers, and the places of
    its raised indicators when an answer was left out (otherwise read from the options)."""

    __slots__ = ("diagnostics", "raises", "replaces", "rules")

    def __init__(self) -> None:
        self.rules: tuple[tuple[Any, tuple[str, ...], bool], ...] = ()
        self.replaces: Any = None
        self.diagnostics: list[Diagnostic] = []
        self.raises: list[tuple[tuple[Any, ...], Any]] | None = None


def place(
    pf: ParsedFile | GuideFile,
    path: Path,
    detail: Detail,
    hint: str | None = None,
    *,
    key: bool = False,
    offset: int | None = None,
    **fields: object,
) -> Diagnostic:
    """The diagnostic `detail` filled with `fields`, placed at `path` of a file (at its key
    with `key=True`; `offset` characters into a condition's text)."""
    pos = pf.where(path, key=key)
    col = pos.col
    if offset is not None:
        col += offset + (1 if pos.quoted else 0)
    return detail.at(pf.file, pos.line, col, hint, **fields)


class Shared:
    """Equal immutable values made once per load: answer options, their lists of raised
    indicators, questions' tuples of options, and line numbers."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}

    def one(self, value: Any) -> Any:
        return self.values.setdefault(value, value)

    def ref(self, pf: ParsedFile, path: Path) -> SourceRef:
        pos = pf.where(path)
        return SourceRef(pf.file, self.values.setdefault(pos.line, pos.line), pos.col)


def compact_file(
    pf: ParsedFile, raw: bytes, number: int, shared: Shared, reparsed: Reparsed
) -> GuideFile:
    """The file `pf` (read from `raw`, its schema checked) for the build; `number` is its
    place among the files the build reads. Its modules become entries; a file of modules
    alone keeps none of its parsed data."""
    data = pf.data
    modules = data.get("modules")
    if not isinstance(modules, list):
        return GuideFile(pf.file, data, pf)
    entries = [_module(pf, mi, module, number, shared) for mi, module in enumerate(modules)]
    if len(data) == 1:
        return GuideFile(pf.file, {"modules": entries}, None, zlib.compress(raw, 1), reparsed)
    return GuideFile(pf.file, {**data, "modules": entries}, pf)


def _module(
    pf: ParsedFile, mi: int, data: dict[str, Any], number: int, shared: Shared
) -> ModuleEntry:
    path = ("modules", mi)
    questions = [
        _question(pf, (*path, "questions", qi), q, data["id"], number, mi, qi, shared)
        for qi, q in enumerate(data["questions"])
    ]
    return ModuleEntry(data, shared.ref(pf, path), questions)


def _question(
    pf: ParsedFile,
    path: tuple[Any, ...],
    data: dict[str, Any],
    mid: str,
    number: int,
    mi: int,
    qi: int,
    shared: Shared,
) -> QuestionEntry:
    """As the build made a question (build.build_question did): the same options, the same
    answer diagnostics; the number rules' conditions are checked by the build."""
    qtype = data.get("type", "yes_no")
    options: list[AnswerOption] = []
    extra: QuestionExtra | None = None
    if qtype == "yes_no":
        settings = data.get("answers") or {}
        for aid in ("yes", "no"):
            s = settings.get(aid) or {}
            options.append(
                shared.one(
                    AnswerOption(
                        aid,
                        None,
                        shared.one(tuple(s.get("raises", ()))),
                        bool(s.get("urgent", False)),
                        s.get("note"),
                    )
                )
            )
    elif qtype == "choice":
        seen: set[str] = set()
        for ai, a in enumerate(data["answers"]):
            if a["id"] in seen or a["id"] in UNKNOWN_VALUES:
                extra = extra or QuestionExtra()
                extra.diagnostics.append(
                    place(
                        pf,
                        (*path, "answers", ai, "id"),
                        Msg.G001_ANSWER_TWICE if a["id"] in seen else Msg.G001_ANSWER_RESERVED,
                        answer=a["id"],
                        question=data["id"],
                    )
                )
                continue
            seen.add(a["id"])
            options.append(
                shared.one(
                    AnswerOption(
                        a["id"],
                        a["text"],
                        shared.one(tuple(a.get("raises", ()))),
                        bool(a.get("urgent", False)),
                        a.get("note"),
                    )
                )
            )
        if extra is not None:  # an answer left out: the places of raises as written
            extra.raises = [
                (("answers", ai, "raises"), a["raises"])
                for ai, a in enumerate(data["answers"])
                if "raises" in a
            ]
    if qtype == "number" and data.get("raises_when"):
        extra = extra or QuestionExtra()
        extra.rules = tuple(
            (rule["when"], shared.one(tuple(rule["raises"])), bool(rule.get("urgent", False)))
            for rule in data["raises_when"]
        )
    if data.get("replaces") is not None:
        extra = extra or QuestionExtra()
        extra.replaces = data["replaces"]
    question = Question(
        id=data["id"],
        module=mid,
        index=-1,
        kind=data.get("kind", "ask"),
        type=qtype,
        text=data["text"],
        guidance=data.get("guidance"),
        when=None,
        options=shared.one(tuple(options)),
        min=data.get("min"),
        max=data.get("max"),
        unit=data.get("unit"),
        number_rules=(),
        ref=shared.ref(pf, path),
    )
    return QuestionEntry(question, data.get("when", ABSENT), number, mi, qi, extra)
