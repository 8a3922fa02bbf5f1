"""The result of a screening as one view model, and the words every front end uses for it.

`build_result_view(guide, assessment)` turns an assessment into lines that hold guide texts
as `Text(context, source)` (translated where they are shown) and values as they are: the
verdict and why, the elements and the answers that raised their indicators, the named terms,
the referral steps with their contacts, the unknowns that matter and what could change the
result. The wizard's result screen and its export, `dalil simulate`, `dalil explain` and the
three report formats all render this one model, with one vocabulary (`URGENCIES`,
`STATUSES`, `BUILT_IN_ANSWERS`...) and one function for a contact's parts
(`contact_parts`): a renderer only adds markup.

Pure: no UI, no I/O, no clock. The words are marked with `N_` and translated by the caller's
gettext, so the same model reads in any language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guide.core.text_context import context

if TYPE_CHECKING:
    from guide.core.assessment import Assessment
    from guide.core.model import Contact, Guide, Verdict

Value = str | int | float | bool | None
Gettext = Callable[[str], str]
# A guide-text lookup: (context id, source text, language) -> the text to show.
ContentLookup = Callable[[str, str, str], str]


def N_(message: str) -> str:
    """Mark a word for extraction; it is translated where it is shown."""
    return message


# -- the vocabulary: one word for each value, in every front end
URGENCIES = {
    "immediate": N_("Immediate"),
    "urgent": N_("Urgent"),
    "soon": N_("Soon"),
    "routine": N_("Routine"),
}
STRENGTHS = {"strong": N_("strong"), "medium": N_("medium"), "weak": N_("weak")}
UNKNOWN_REASONS = {
    "dont_know": N_("Don't know"),
    "declined": N_("Declined to answer"),
    "skipped": N_("Skipped"),
}
STATUSES = {**UNKNOWN_REASONS, "not_asked": N_("Not asked yet")}
BUILT_IN_ANSWERS = {"yes": N_("Yes"), "no": N_("No"), **UNKNOWN_REASONS}
# "Don't know" on the officer's own observation (kind: observe) reads as the wizard offers
# it: the officer was not sure of what they saw.
NOT_SURE = N_("Not sure")
ELEMENT_STATES = {True: N_("present"), False: N_("not present")}
TERM_STATES = {True: N_("holds"), False: N_("not shown by the answers"), None: N_("not known")}
# TRANSLATORS: a label and its value, as in "act: holds". Use your language's punctuation:
# French puts a no-break space before the colon ("{label} : {value}").
LABELLED = N_("{label}: {value}")
TERM_MARKS = {True: "✔", False: "–", None: "?"}
# TRANSLATORS: the mark before a term of the definition not known yet (a question mark);
# Arabic writes «؟», which faces the right way in a right-to-left line.
UNKNOWN_MARK = N_("?")


def term_mark(holds: bool | None, _: Callable[[str], str]) -> str:
    """The mark before a term: ✔ holds, – does not, a question mark in the reader's script
    when it is not known."""
    return _(UNKNOWN_MARK) if holds is None else TERM_MARKS[holds]


# TRANSLATORS: where a contact serves: "national" is the whole country, "local" a town or a
# province. Any other region is shown as the guide writes it.
REGIONS = {"national": N_("national"), "local": N_("local")}
NO_PHONE = N_("no number on file")
VERIFIED_ON = N_("verified on")
TO_VERIFY = N_("to verify before use")


def word(table: dict[Any, str], value: Any, _: Gettext) -> str:
    """The word for `value` in the reader's language; an unknown value as it is."""
    return _(table[value]) if value in table else str(value)


# -- the model
@dataclass(frozen=True)
class Text:
    """A guide text: its translation context id and its source-language text."""

    context: str
    source: str


@dataclass(frozen=True)
class AnswerRef:
    """One answer as the person gave it: the question, the raw value and its text."""

    question_id: str
    question: Text
    value: Value
    # The answer's own text for choice questions; None for yes/no, numbers and unknowns,
    # whose words come from the interface catalog.
    answer: Text | None = None
    unit: Text | None = None
    observe: bool = False  # the officer's own observation, not the person's answer


@dataclass(frozen=True)
class IndicatorLine:
    id: str
    label: Text
    strength: str  # strong | medium | weak, as counted for this person (adult or child)
    raised_by: tuple[AnswerRef, ...] = ()


@dataclass(frozen=True)
class ElementLine:
    id: str
    label: Text
    present: bool
    indicators: tuple[IndicatorLine, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()  # (strength, raised), strong first
    rule: str = ""  # the rule's source text (for trainers)


@dataclass(frozen=True)
class VerdictLine:
    id: str
    level: str  # high | medium | low | none
    title: Text
    explanation: Text | None = None
    basis: Text | None = None  # the legal or professional ground of the verdict's rule


@dataclass(frozen=True)
class UnknownLine:
    """A question left open (not asked yet, don't know, declined, skipped)."""

    question_id: str
    question: Text
    reason: str  # not_asked | dont_know | declined | skipped
    # the size of the smallest set of answers with this question that would change the
    # result (1: alone); None: none found or not searched
    rank: int | None = None
    # answers to it alone that would give another verdict
    could_change: tuple[tuple[AnswerRef, VerdictLine], ...] = ()

    @property
    def matters(self) -> bool:
        return self.rank is not None or bool(self.could_change)


@dataclass(frozen=True)
class ContactLine:
    id: str
    name: Text
    phone: str | None = None
    region: str | None = None
    hours: Text | None = None
    note: Text | None = None
    verified: str | None = None  # ISO date it was last checked; None: "to verify before use"

    @property
    def to_verify(self) -> bool:
        return self.verified is None


@dataclass(frozen=True)
class StepLine:
    id: str
    urgency: str  # immediate | urgent | soon | routine
    text: Text
    contacts: tuple[ContactLine, ...] = ()
    basis: Text | None = None  # the legal or professional ground of the step
    rules: tuple[str, ...] = ()  # the referral rules that added it (for trainers)


@dataclass(frozen=True)
class TermLine:
    """A named term of the guide (the act, the means, the purpose...) for this person."""

    id: str
    label: Text
    holds: bool | None  # None: not known (an answer it needs is missing)
    explanation: Text | None = None
    basis: Text | None = None


@dataclass(frozen=True)
class ChangeSetLine:
    """Answers to open questions that, together, would give another result."""

    answers: tuple[AnswerRef, ...]
    verdict: VerdictLine


@dataclass(frozen=True)
class WhatIfLine:
    """What could change the result, and how far the search for it went."""

    change_sets: tuple[ChangeSetLine, ...]  # fewest answers first
    complete: bool  # every set of up to max_size answers was tried
    searched_size: int  # every set up to this size was tried
    max_size: int

    def distinct(self) -> list[ChangeSetLine]:
        """One set for the same questions giving the same result (e.g. 12, 13 or 24 hours)."""
        seen: dict[tuple[tuple[str, ...], str], ChangeSetLine] = {}
        for change in self.change_sets:
            key = (tuple(a.question_id for a in change.answers), change.verdict.id)
            seen.setdefault(key, change)
        return list(seen.values())

    def of_size(self, size: int) -> list[ChangeSetLine]:
        return [c for c in self.change_sets if len(c.answers) == size]


@dataclass(frozen=True)
class ResultView:
    """What a screening found and what to do, independent of language and format."""

    verdict: VerdictLine
    verdict_rule: str | None  # the condition that held; None: the last, unconditional one
    not_held: tuple[tuple[str, str], ...]  # (verdict id, condition) tried before, not held
    child: bool | None
    sexual_list: bool
    urgent: tuple[AnswerRef, ...]
    elements: tuple[ElementLine, ...]
    terms: tuple[TermLine, ...]
    steps: tuple[StepLine, ...]
    unknowns: tuple[UnknownLine, ...]
    what_if: WhatIfLine | None  # None: not searched

    def unknowns_that_matter_first(self) -> list[UnknownLine]:
        """The unknowns whose answer could change the result, then the answers the person
        gave as unknown, then the questions not reached yet."""
        matter = [u for u in self.unknowns if u.matters]
        rest = [u for u in self.unknowns if not u.matters]
        rest.sort(key=lambda u: u.reason == "not_asked")
        return matter + rest


# -- building it
def _text(context: str, source: str | None) -> Text | None:
    return Text(context, source) if source else None


def question_text(guide: Guide, qid: str) -> Text:
    question = guide.question_by_id.get(qid)
    return Text(context("question", qid, field="text"), question.text if question else qid)


def _plain(value: Any) -> Value:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def answer_ref(guide: Guide, qid: str, value: Any) -> AnswerRef:
    question = guide.question_by_id.get(qid)
    text = question_text(guide, qid)
    if question is None:
        return AnswerRef(qid, text, _plain(value))
    option = question.option(value) if isinstance(value, str) else None
    answer = (
        Text(context("answer", qid, option.id, field="text"), option.text)
        if option is not None and option.text
        else None
    )
    unit = (
        Text(context("question", qid, field="unit"), question.unit)
        if question.type == "number" and question.unit
        else None
    )
    return AnswerRef(qid, text, _plain(value), answer, unit, question.kind == "observe")


def contact_line(contact: Contact) -> ContactLine:
    cid = contact.id
    return ContactLine(
        id=cid,
        name=Text(context("contact", cid, field="name"), contact.name),
        phone=contact.phone,
        region=contact.region,
        hours=_text(context("contact", cid, field="hours"), contact.hours),
        note=_text(context("contact", cid, field="note"), contact.note),
        verified=contact.verified,
    )


def verdict_line(verdict: Verdict) -> VerdictLine:
    return VerdictLine(
        id=verdict.id,
        level=verdict.level,
        title=Text(context("verdict", verdict.id, field="title"), verdict.title),
        explanation=_text(context("verdict", verdict.id, field="explanation"), verdict.explanation),
        basis=_text(context("verdict", verdict.id, field="basis"), verdict.basis),
    )


def _number_or_text(value: str) -> Value:
    """`could_change` keeps number answers as text ("12"); the view keeps them as numbers."""
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def build_result_view(guide: Guide, assessment: Assessment) -> ResultView:
    """The view of `assessment` (of an interview on `guide`)."""
    from guide.core.assessment import term_results

    verdicts = {v.id: v for v in guide.verdicts}
    elements = tuple(
        ElementLine(
            id=result.element.id,
            label=Text(context("element", result.element.id, field="label"), result.element.label),
            present=result.present,
            indicators=tuple(
                IndicatorLine(
                    id=raised.indicator.id,
                    label=Text(
                        context("indicator", raised.indicator.id, field="label"),
                        raised.indicator.label,
                    ),
                    strength=raised.strength,
                    raised_by=tuple(answer_ref(guide, q, v) for q, v in raised.sources),
                )
                for raised in result.indicators
            ),
            counts=tuple((s, result.counts.get(s, 0)) for s in STRENGTHS),
            rule=result.rule,
        )
        for result in assessment.elements
    )
    search = assessment.what_if_search
    what_if = None
    if search is not None:
        what_if = WhatIfLine(
            change_sets=tuple(
                ChangeSetLine(
                    tuple(answer_ref(guide, q.id, value) for q, value in change.answers),
                    verdict_line(change.verdict),
                )
                for change in search.change_sets
            ),
            complete=search.complete,
            searched_size=search.searched_size,
            max_size=search.max_size,
        )
    return ResultView(
        verdict=verdict_line(assessment.verdict.verdict),
        verdict_rule=assessment.verdict.rule,
        not_held=tuple(
            (v.id, v.when.source if v.when else "") for v in assessment.verdict.not_held
        ),
        child=assessment.child,
        sexual_list=assessment.sexual_list,
        urgent=tuple(answer_ref(guide, q.id, v) for q, v in assessment.urgent),
        elements=elements,
        terms=tuple(
            TermLine(
                id=term.id,
                label=Text(context("term", term.id, field="label"), term.label),
                holds=held,
                explanation=_text(context("term", term.id, field="explanation"), term.explanation),
                basis=_text(context("term", term.id, field="basis"), term.basis),
            )
            for term, held in term_results(assessment)
        ),
        steps=tuple(
            StepLine(
                id=result.step.id,
                urgency=result.step.urgency,
                text=Text(context("step", result.step.id, field="text"), result.step.text),
                contacts=tuple(contact_line(c) for c in result.contacts),
                basis=_text(context("step", result.step.id, field="basis"), result.step.basis),
                rules=tuple(r.id for r in result.rules),
            )
            for result in assessment.steps
        ),
        unknowns=tuple(
            UnknownLine(
                u.question.id,
                question_text(guide, u.question.id),
                u.status,
                u.rank,
                tuple(
                    (
                        answer_ref(guide, u.question.id, _number_or_text(value)),
                        verdict_line(verdicts[vid]),
                    )
                    for value, vid in u.could_change
                    if vid in verdicts
                ),
            )
            for u in assessment.unknowns
        ),
        what_if=what_if,
    )


# -- words every renderer shares
class Words:
    """Guide texts and interface words in one language: `content` looks up guide texts,
    `_` is the interface gettext of that language."""

    def __init__(self, lang: str, content: ContentLookup, gettext: Gettext) -> None:
        self.lang = lang
        self.content = content
        self._ = gettext

    def text(self, text: Text | None) -> str:
        return self.content(text.context, text.source, self.lang) if text else ""

    def answer(self, ref: AnswerRef | None) -> str:
        """How an answer reads: its choice text, Yes/No/Don't know..., or the number with
        its unit, in the reader's number format."""
        if ref is None:
            return ""
        if ref.answer is not None:
            return self.text(ref.answer)
        if ref.observe and ref.value == "dont_know":
            return self._(NOT_SURE)
        if isinstance(ref.value, str) and ref.value in BUILT_IN_ANSWERS:
            return self._(BUILT_IN_ANSWERS[ref.value])
        if ref.value is None:
            return ""
        if isinstance(ref.value, int | float) and not isinstance(ref.value, bool):
            # "14 ساعة", "7,5 heures": the unit's plural form and the number's locale
            from guide.i18n.quantities import quantity

            unit = self.text(ref.unit)
            return quantity(ref.value, ref.unit.source if ref.unit else None, unit, self.lang)
        words = str(ref.value)
        unit = self.text(ref.unit)
        return f"{words} {unit}" if unit else words

    def date(self, iso: str) -> str:
        """An ISO date ("2026-11-28") in the reader's words ("28 نونبر 2026"), no marks."""
        import datetime as dt

        from guide.i18n.formatting import format_date

        try:
            return format_date(dt.date.fromisoformat(iso), self.lang, marks=False)
        except (ValueError, LookupError):
            return iso

    def urgency(self, step: StepLine) -> str:
        return word(URGENCIES, step.urgency, self._)

    def counts(self, element: ElementLine) -> str:
        """ "1 strong, 0 medium, 0 weak" with each language's plural forms and list pattern."""
        from guide.i18n.quantities import strength_counts

        return strength_counts(dict(element.counts), self.lang)

    def region(self, region: str) -> str:
        """A contact's region: the keywords in words, a region's own name as written."""
        return word(REGIONS, region, self._)

    def strength(self, strength: str) -> str:
        return word(STRENGTHS, strength, self._)

    def status(self, reason: str) -> str:
        return word(STATUSES, reason, self._)

    def element_state(self, present: bool) -> str:
        return self._(ELEMENT_STATES[present])

    def term_state(self, holds: bool | None) -> str:
        return self._(TERM_STATES[holds])

    def labelled(self, label: str, value: str) -> str:
        """'label: value' with the reader's punctuation (see `labelled`)."""
        return labelled(label, value, self._)


def labelled(label: str, value: str, gettext: Gettext) -> str:
    """'label: value' in the reader's language: the colon's spacing is the translator's
    (French "acte : établi"), never hard-coded."""
    return gettext(LABELLED).format(label=label, value=value)


def source_words() -> Words:
    """The guide's own texts and the interface words in English, untranslated: for the
    trainers' command-line tools (`dalil simulate`, `dalil explain`)."""
    return Words("en", lambda _context, source, _lang: source, str)


def contact_parts(contact: ContactLine, words: Words) -> list[tuple[str, str]]:
    """A contact as ordered (kind, text) parts, for every renderer: name, phone (or
    no_phone: never an invented number), region, hours, note, then verified (with its date)
    or to_verify. Renderers add markup; the parts and their words are the same everywhere."""
    _ = words._
    parts = [("name", words.text(contact.name))]
    if contact.phone:
        parts.append(("phone", contact.phone))
    else:
        parts.append(("no_phone", _(NO_PHONE)))
    if contact.region:
        parts.append(("region", words.region(contact.region)))
    for kind, text in (("hours", contact.hours), ("note", contact.note)):
        if text is not None:
            parts.append((kind, words.text(text)))
    if contact.verified:
        parts.append(("verified", f"{_(VERIFIED_ON)} {words.date(contact.verified)}"))
    else:
        parts.append(("to_verify", _(TO_VERIFY)))
    return parts


def join_parts(parts: Iterable[tuple[str, str]], sep: str = " — ") -> str:
    return sep.join(text for _kind, text in parts)
