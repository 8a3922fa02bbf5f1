"""The state of one guide build, set up in one place.

The build reads the parsed files section by section; what one step learns (the names a
condition may use, the questions in interview order, the verdict and step ids...) is kept
here for the later steps and the checks. Every attribute is created in `__init__`, so no step
depends on another having run first to find an attribute at all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from guide.core.conditions import Condition
from guide.core.model import NumberRule, Question, SourceRef
from guide.loader.compact import GuideFile, QuestionEntry, place
from guide.loader.diagnostics import Detail, Diagnostic, Msg, did_you_mean
from guide.loader.yamlio import Position

# Item and NameInfo are plain classes with slots, not dataclasses: one of each per entry
# and per name of the guide (small objects), and a dataclass costs a millisecond to create
# at import, which every command pays (docs/performance.md).


class Item:
    """One entry of a section (a module, an indicator...), with where it was written."""

    __slots__ = ("at", "data", "path", "pf")

    def __init__(
        self, pf: GuideFile, path: tuple[Any, ...], data: Any, at: Position | None = None
    ) -> None:
        self.pf = pf
        self.path = path
        self.data = data
        self.at = at  # where it was written, when already known

    def __repr__(self) -> str:
        return f"Item({self.pf.file!r}, {self.path!r})"

    def ref(self) -> SourceRef:
        pos = self.at or self.pf.where(self.path)
        return SourceRef(self.pf.file, pos.line, pos.col)


_NO_QUESTIONS: Collection[str] = ()


class NameInfo:
    """What a condition name stands for, and what it depends on."""

    __slots__ = ("index", "kind", "max_question", "questions", "uses_results")

    def __init__(
        self,
        kind: str,  # question | derived | indicator | element
        index: int = -1,  # question index
        max_question: int = -1,  # latest question it depends on
        uses_results: bool = False,  # depends on indicators or elements
        # the questions it depends on; None for a question: itself (a set of one per
        # question was a fifth of a big guide's build)
        questions: Collection[str] | None = _NO_QUESTIONS,
    ) -> None:
        self.kind = kind
        self.index = index
        self.max_question = max_question
        self.uses_results = uses_results
        self.questions = questions

    def __repr__(self) -> str:
        return (
            f"NameInfo({self.kind!r}, index={self.index}, max_question={self.max_question}, "
            f"uses_results={self.uses_results}, questions={sorted(self.questions or ())})"
        )


class LoadContext:
    """Everything the build has learnt so far, and where diagnostics go."""

    def __init__(self, files: list[GuideFile], root: str) -> None:
        self.files = files
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        # Names usable in conditions: questions (their entries), derived names, indicators,
        # elements.
        self.names: dict[str, NameInfo | QuestionEntry] = {}
        # Ids that are defined but whose definition has an error already reported (an
        # indicator whose element does not exist, an element whose rule does not parse...).
        # They are known, so a reference to them is no second error.
        self.broken: dict[str, set[str]] = {}
        # Ids a "Did you mean" hint pointed to: the trainer meant to use them, so they are
        # not also reported as unused.
        self.meant: set[str] = set()
        # The file with the `guide:` section (None when it is missing).
        self.meta_pf: GuideFile | None = None
        # The questions built, by id, in interview order: each entry's `question` is the
        # latest made of it (its index and condition are set after all names are known).
        self.questions: dict[str, QuestionEntry] = {}
        self.number_rules: dict[str, tuple[NumberRule, ...]] = {}
        self.module_items: dict[str, Item] = {}
        self.verdict_ids: set[str] = {
            it.data["id"] for it in self.items("verdicts") if isinstance(it.data, dict)
        }
        self.verdict_items: dict[str, Item] = {}
        self.step_ids: set[str] = set()
        self.term_data: dict[str, tuple[Item, dict[str, Any]]] = {}
        self.contact_items: dict[str, Item] = {}
        self.has_sexual_list = False
        # Conditions by their text: a condition written in several places (`when:
        # full_interview`, `value >= 12`) is parsed once and shared (a Condition is
        # immutable; its offsets are within its own text).
        self.conditions: dict[str, Condition] = {}

    # -- reading
    def items(self, section: str, *, placed: bool = False) -> Iterator[Item]:
        """The entries of a list section, across all files; with `placed`, each knows where
        it was written (found for all the entries of a file at once, for their `ref()`)."""
        for pf in self.files:
            value = pf.data.get(section)
            if isinstance(value, list):
                at: list[Position | None] = []
                if placed:
                    at.extend(pf.child_positions((section,)))
                if len(at) != len(value):
                    at = [None] * len(value)
                for i, entry in enumerate(value):
                    yield Item(pf, (section, i), entry, at[i])

    def question(self, qid: str) -> Question | None:
        """The question built with this id, or None."""
        entry = self.questions.get(qid)
        return None if entry is None else entry.question

    def question_at(self, qid: str) -> tuple[GuideFile, tuple[Any, ...]]:
        """The file and path where the question built with this id is written."""
        entry = self.questions[qid]
        return self.files[entry.file], entry.path

    @property
    def first_file(self) -> GuideFile:
        """Where a diagnostic about a missing section is placed."""
        return self.meta_pf or self.files[0]

    # -- diagnostics
    def at(
        self,
        item_or_pf: Item | GuideFile,
        path: tuple[Any, ...],
        detail: Detail,
        *,
        hint: str | None = None,
        key: bool = False,
        offset: int | None = None,
        **fields: object,
    ) -> Diagnostic:
        """The diagnostic `detail` (from `guide.loader.diagnostics.Msg`) filled with `fields`,
        placed at `path` of a file (at its key with `key=True`; `offset` characters into a
        condition's text). `hint`, when not None, replaces the table's hint."""
        pf = item_or_pf.pf if isinstance(item_or_pf, Item) else item_or_pf
        return place(pf, path, detail, hint, key=key, offset=offset, **fields)

    def diag(
        self, item_or_pf: Item | GuideFile, path: tuple[Any, ...], detail: Detail, **options: Any
    ) -> None:
        """Report the diagnostic `at` makes of the same arguments."""
        self.diagnostics.append(self.at(item_or_pf, path, detail, **options))

    def report(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Report what a check yields."""
        self.diagnostics.extend(diagnostics)

    def suggest(self, name: str, candidates: Iterable[str]) -> str | None:
        """ "Did you mean 'x'?" for the closest candidate, or None when none is close."""
        import difflib  # only for a name that does not resolve

        close = difflib.get_close_matches(name, list(candidates), n=1)
        if not close:
            return None
        self.meant.add(close[0])
        return did_you_mean(close[0])

    # -- references and definitions
    def unresolved(
        self,
        where: Item | GuideFile,
        path: tuple[Any, ...],
        name: str,
        known: Collection[str],
        detail: Detail,
        *,
        candidates: Iterable[str] | None = None,
        key: bool = False,
        offset: int | None = None,
        **fields: object,
    ) -> Diagnostic | None:
        """None when the reference `name` (written at `path`) is one of `known`; otherwise
        the diagnostic `detail` for it, filled with `name` and `fields`, its hint "Did you
        mean" the closest of `candidates` (by default `known`) or, when none is close, the
        table's hint."""
        if name in known:
            return None
        close = self.suggest(name, known if candidates is None else candidates)
        return self.at(where, path, detail, hint=close, key=key, offset=offset, name=name, **fields)

    def resolve(self, *reference: Any, **options: Any) -> bool:
        """True when the reference resolves; otherwise False, with the diagnostic that
        `unresolved` makes of the same arguments reported."""
        found = self.unresolved(*reference, **options)
        if found is not None:
            self.diagnostics.append(found)
        return found is None

    def defined_again(self, item: Item, seen: Collection[str], kind: str, short: str) -> bool:
        """True, with G001 reported at its id, when the id of `item` (an entry of a list of
        `kind`s) is already in `seen`; the caller keeps the first definition."""
        if item.data["id"] not in seen:
            return False
        self.diag(
            item, (*item.path, "id"), Msg.G001_TWICE, kind=kind, name=item.data["id"], short=short
        )
        return True

    def unused(
        self, items: Iterable[Item], built: Collection[str], used: Collection[str], detail: Detail
    ) -> Iterator[Diagnostic]:
        """`detail` (a warning) at the id of each definition among `items` that was built but
        that nothing uses, unless a "Did you mean" hint named it (the trainer meant to)."""
        for item in items:
            name = item.data["id"]
            if name in built and name not in used and name not in self.meant:
                yield self.at(item, (*item.path, "id"), detail, name=name)

    def release(self) -> None:
        """Let go of what only the build needed, once the guide's parts are made (the names
        and the questions stay, for `take_name_kinds` and `take_questions`)."""
        self.files = []
        self.meta_pf = None
        self.number_rules = {}
        self.module_items = {}
        self.verdict_items = {}
        self.term_data = {}
        self.contact_items = {}
        self.conditions = {}

    def take_name_kinds(self) -> dict[str, str]:
        """The table of names, made into name -> kind in place (its values replaced, not a
        second table), for the guide; the build's names are gone after."""
        kinds: dict[str, Any] = self.names
        for name in kinds:
            kinds[name] = kinds[name].kind
        self.names = {}
        return kinds

    def take_questions(self) -> dict[str, Question]:
        """The table of questions built, made into id -> question in place, in interview
        order, for the guide; the build's entries are gone after."""
        built: dict[str, Any] = self.questions
        for qid in built:
            built[qid] = built[qid].question
        self.questions = {}
        return built

    def mark_broken(self, kind: str, name: str) -> None:
        self.broken.setdefault(kind, set()).add(name)

    def is_broken(self, kind: str, name: str) -> bool:
        return name in self.broken.get(kind, ())

    def known(self, kind: str, built: Iterable[str]) -> set[str]:
        """The ids of a kind a reference may name without error: those built and those
        whose definition had an error of its own."""
        return set(built) | self.broken.get(kind, set())
