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
from pathlib import Path
from typing import Any

from guide.core.model import UNKNOWN_VALUES, AnswerOption, Question, SourceRef
from guide.loader.diagnostics import Detail, Diagnostic, Msg
from guide.loader.yamlio import MAX_BYTES, ParsedFile, Position, parse_yaml
from guide.loader.yamlio import Path as YamlPath
from guide.safe_files import read_bounded


class _Absent:
    """A key that is not written (a `when:` may be written with no value)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()

# Files read again for the places of diagnostics, kept for the next diagnostics: they come
# phase by phase, and a broken file usually has several.
_REPARSED_KEPT = 4


class Reparsed:
    """The files of one load read and parsed again for diagnostics' places, the last few
    kept (None: the file is no longer as it was read)."""

    __slots__ = ("files",)

    def __init__(self) -> None:
        self.files: dict[str, ParsedFile | None] = {}

    def get(self, file: str, source: tuple[Path, int, int]) -> ParsedFile | None:
        if file in self.files:
            pf = self.files.pop(file)
        else:
            pf = _read_again(file, *source)
            if len(self.files) >= _REPARSED_KEPT:
                del self.files[next(iter(self.files))]
        self.files[file] = pf  # the most recent last
        return pf


def _read_again(file: str, path: Path, size: int, crc: int) -> ParsedFile | None:
    """The file parsed again, if its bytes are still those read (size and CRC-32): the same
    bytes through the same parser give the same data and places as the first reading,
    which found no problem in it (so no limit of the first reading binds)."""
    try:
        raw = read_bounded(path, MAX_BYTES)
    except OSError:  # UnreadableFile too
        return None
    if len(raw) != size or zlib.crc32(raw) != crc:
        return None
    return parse_yaml(raw, file)


class GuideFile:
    """One file of the guide for the build: its sections (`data`, with its modules as
    `ModuleEntry`s) and where each value was written (`where`)."""

    __slots__ = ("_pf", "_reparsed", "_source", "data", "file")

    def __init__(
        self,
        file: str,
        data: dict[str, Any],
        pf: ParsedFile | None,
        source: tuple[Path, int, int] | None = None,
        reparsed: Reparsed | None = None,
    ) -> None:
        self.file = file
        self.data = data
        self._pf = pf  # None: its parsed data is not kept (read again for a place)
        self._source = source  # then where it is, its size and CRC-32
        self._reparsed = reparsed

    def __repr__(self) -> str:
        return f"GuideFile({self.file!r})"

    def where(self, path: YamlPath, *, key: bool = False) -> Position:
        """The closest known position of `path` (or of its key), as `ParsedFile.where`."""
        pf = self._pf
        if pf is None:
            assert self._reparsed is not None and self._source is not None
            pf = self._reparsed.get(self.file, self._source)
            if pf is None:
                return self._closest_made(path)
        return pf.where(path, key=key)

    def child_positions(self, path: YamlPath) -> list[Position]:
        """`where((*path, i))` for every child of the list at `path`, found at once; empty
        for a file whose parsed data is not kept (its entries know their places)."""
        return self._pf.child_positions(path) if self._pf is not None else []

    def _closest_made(self, path: YamlPath) -> Position:
        """For a file changed (or gone) since it was read: the place of the question or
        module the path is in, as first read (the diagnostic stays in its question)."""
        ref = None
        modules = self.data.get("modules", [])
        mi = path[1] if len(path) >= 2 and path[0] == "modules" else None
        if isinstance(mi, int) and 0 <= mi < len(modules):
            module = modules[mi]
            ref = module.ref
            qi = path[3] if len(path) >= 4 and path[2] == "questions" else None
            if isinstance(qi, int) and 0 <= qi < len(module.questions):
                ref = module.questions[qi].question.ref
        return Position(ref.line, ref.col) if ref is not None else Position(1, 1)


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
    and question numbers) and what only some questions have (`QuestionExtra`, or None).

    Once the build names it, the entry is also what its name stands for in conditions
    (the build's `NameInfo` of a question: its `index`, depending on itself alone), so a
    big guide has no second object per question."""

    __slots__ = ("extra", "file", "index", "module", "number", "question", "when")

    # What a question's name stands for (as `guide.loader.context.NameInfo`)
    kind = "question"
    uses_results = False
    questions = None  # the questions it depends on: itself

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
        self.index = -1  # its place in the interview, once the build knows it

    @property
    def max_question(self) -> int:
        """The latest question it depends on: itself."""
        return self.index

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
    path: YamlPath,
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
    """Equal immutable values made once per load: answer options, lists of raised
    indicators, questions' tuples of options, and line numbers (each found by a key of
    plain values, hashed without calling Python code)."""

    __slots__ = ("lines", "option_sets", "options", "tuples")

    def __init__(self) -> None:
        self.options: dict[tuple[Any, ...], AnswerOption] = {}
        self.option_sets: dict[tuple[int, ...], tuple[AnswerOption, ...]] = {}
        self.tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.lines: dict[int, int] = {}

    def option(
        self, aid: str, text: str | None, raises: Any, urgent: bool, note: str | None
    ) -> AnswerOption:
        key = (aid, text, self.ids(raises), urgent, note)
        found = self.options.get(key)
        if found is None:
            found = self.options[key] = AnswerOption(*key)
        return found

    def ids(self, ids: Any) -> tuple[str, ...]:
        t = tuple(ids)
        return self.tuples.setdefault(t, t)

    def option_set(self, options: list[AnswerOption]) -> tuple[AnswerOption, ...]:
        # the options are this table's own objects: their ids name them while it lives
        key = tuple(map(id, options))
        found = self.option_sets.get(key)
        if found is None:
            found = self.option_sets[key] = tuple(options)
        return found

    def ref(self, pf: ParsedFile, path: YamlPath) -> SourceRef:
        return self.ref_at(pf.file, pf.where(path))

    def ref_at(self, file: str, pos: Position) -> SourceRef:
        return SourceRef(file, self.lines.setdefault(pos.line, pos.line), pos.col)


def compact_file(
    pf: ParsedFile, raw: bytes, path: Path, number: int, shared: Shared, reparsed: Reparsed
) -> GuideFile:
    """The file `pf` (read from `raw` at `path`, its schema checked) for the build;
    `number` is its place among the files the build reads. Its modules become entries; a
    file of modules alone keeps none of its parsed data (nor its bytes: it is read again
    for a diagnostic's place)."""
    data = pf.data
    modules = data.get("modules")
    if not isinstance(modules, list):
        return GuideFile(pf.file, data, pf)
    entries = [_module(pf, mi, module, number, shared) for mi, module in enumerate(modules)]
    if len(data) == 1:
        source = (path, len(raw), zlib.crc32(raw))
        return GuideFile(pf.file, {"modules": entries}, None, source, reparsed)
    return GuideFile(pf.file, {**data, "modules": entries}, pf)


def _module(
    pf: ParsedFile, mi: int, data: dict[str, Any], number: int, shared: Shared
) -> ModuleEntry:
    path = ("modules", mi)
    places = pf.child_positions((*path, "questions"))  # one walk for all its questions
    questions = [
        _question(pf, (*path, "questions", qi), q, data["id"], number, mi, qi, shared, at)
        for (qi, q), at in zip(enumerate(data["questions"]), places, strict=True)
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
    at: Position,
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
                shared.option(
                    aid, None, s.get("raises", ()), bool(s.get("urgent", False)), s.get("note")
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
                shared.option(
                    a["id"],
                    a["text"],
                    a.get("raises", ()),
                    bool(a.get("urgent", False)),
                    a.get("note"),
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
            (rule["when"], shared.ids(rule["raises"]), bool(rule.get("urgent", False)))
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
        options=shared.option_set(options),
        min=data.get("min"),
        max=data.get("max"),
        unit=data.get("unit"),
        number_rules=(),
        ref=shared.ref_at(pf.file, at),
    )
    return QuestionEntry(question, data.get("when", ABSENT), number, mi, qi, extra)
