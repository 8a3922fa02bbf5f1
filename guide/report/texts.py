"""The words of a report in the report's language (which may differ from the interview's).

Guide texts go through guide.i18n.content(); interface words through guide.i18n's
pgettext with the report's language, which leaves the application's own language alone.
The vocabulary (urgency, strength, status, built-in answers) is the one every front end
uses: guide.report.result_view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from guide.i18n import content as _content
from guide.i18n import languages
from guide.i18n import pgettext as _pgettext
from guide.i18n.formatting import local_time, parse_time
from guide.i18n.languages import babel_locale
from guide.report.model import AnswerRef, ChangeSetLine, Text, WhatIfLine
from guide.report.result_view import (
    BUILT_IN_ANSWERS,
    N_,
    STATUSES,
    STRENGTHS,
    UNKNOWN_REASONS,
    URGENCIES,
    Words,
)

# The shared vocabulary, under the names the renderers import from here.
__all__ = ["BUILT_IN_ANSWERS", "STRENGTHS", "UNKNOWN_REASONS", "UNKNOWN_STATUSES", "URGENCIES"]

Gettext = Callable[[str], str]

UNKNOWN_STATUSES = STATUSES  # the name the renderers used

EVENT_KINDS = {
    "answer": N_("Answered"),
    "change": N_("Changed the answer"),
    "skip": N_("Skipped the question"),
    "back": N_("Went back"),
    "forward": N_("Went forward"),
    "language": N_("Switched language"),
    "urgent": N_("Urgent answer flagged"),
    "result_shown": N_("Result shown"),
    "finished": N_("Interview finished"),
    "case": N_("Case details recorded"),
    "note": N_("Note written"),
    "jump": N_("Went to an earlier question (review)"),
    "result_viewed": N_("Result shown"),
    # `dalil sessions accept`: the officer accepted that saved entries were lost
    "entries_missing": N_("Saved entries found missing (accepted by the officer)"),
}


def direction(lang: str) -> str:
    """The report's writing direction, from the language registry."""
    return languages.direction(lang.split("_")[0].split("-")[0])


def content_text(text: Text | None, lang: str) -> str:
    """A guide text in `lang`."""
    if text is None:
        return ""
    return _content(text.context, text.source, lang=lang)


class _InLanguage:
    """`_(message)` in one language; `.pgettext(context, message)` for a word used in two
    senses."""

    def __init__(self, lookup: Callable[..., str], lang: str) -> None:
        self.lookup, self.lang = lookup, lang

    def __call__(self, message: str) -> str:
        return self.lookup(None, message, lang=self.lang)

    def pgettext(self, context: str, message: str) -> str:
        return self.lookup(context, message, lang=self.lang)


@contextmanager
def interface_language(lang: str) -> Iterator[Gettext]:
    """A gettext for `lang` that leaves the application's own language alone."""
    yield _InLanguage(_pgettext, lang)


def report_words_in(lang: str, _: Gettext) -> Words:
    """The shared words (guide.report.result_view) for a report in `lang`."""
    return Words(lang, lambda context, source, lang: content_text(Text(context, source), lang), _)


def answer_words(ref: AnswerRef | None, lang: str, _: Gettext) -> str:
    """How an answer reads: its choice text, Yes/No/Don't know..., or the number with unit."""
    return report_words_in(lang, _).answer(ref)


def format_number(value: int | float, lang: str) -> str:
    """A number in the report's language, with the registry's locale ("1.234,5" in
    Arabic as in Morocco)."""
    from guide.i18n.formatting import format_number as i18n_format_number

    try:
        return i18n_format_number(value, lang)
    except (ValueError, LookupError):
        return str(value)


def format_date(value: str | None, lang: str) -> str:
    """A date in the report's language, e.g. "28 novembre 2026", "28 نونبر 2026"."""
    from guide.i18n.formatting import format_date as i18n_format_date

    moment = parse_time(value)
    if moment is None:
        return value or ""
    try:
        # The document sets the direction itself: no direction marks.
        return i18n_format_date(local_time(moment).date(), lang, marks=False)
    except (ValueError, LookupError):
        return moment.date().isoformat()


def format_time(value: str | None, lang: str) -> str:
    """A moment of the audit trail in the laptop's local time zone, with its offset."""
    from guide.i18n.formatting import format_time as i18n_format_time

    moment = parse_time(value)
    if moment is None:
        return value or ""
    try:
        return i18n_format_time(moment, lang, marks=False)
    except (ValueError, LookupError):
        return moment.isoformat()


def language_name(code: str, lang: str) -> str:
    """ "arabe" for ("ar", "fr"): the interview's language named in the report's language."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(babel_locale(lang))
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return f"{name} ({code})" if name else code


@dataclass(frozen=True)
class ReportWords:
    """The interface words of a report, in one language."""

    verified_on: str
    to_verify: str
    referral_report: str
    confidential_note: str
    case: str
    case_reference: str
    date: str
    name: str
    place: str
    not_recorded: str
    officer: str
    observations: str
    notes_on_questions: str
    language_of_the_interview: str
    interview_started: str
    screening_guide: str
    result_of_the_screening: str
    not_finished: str
    not_a_decision: str
    urgent: str
    elements_and_indicators: str
    no_indicator_was_raised: str
    present: str
    not_present: str
    questions_left_open: str
    could_change: str
    not_asked_count: str
    none: str
    referral_steps: str
    audit_trail: str
    time: str
    event: str
    question: str
    answer: str
    before: str
    earlier_answers_left_out: str
    made_with_dalil: str
    confidential: str
    basis: str  # "Basis: {basis}"
    terms_behind_the_result: str
    holds: str
    does_not_hold: str
    not_known: str
    what_could_change: str
    would_give: str  # "{answers} would give: {verdict}"
    answer_pair: str  # "“{question}” → {answer}"
    more_sets: str  # "…and {count} more"
    changes_alone: str
    changes_in_a_set: str  # "{count}": the size of the set
    field: str  # "{label}:" (French "{label} :"), a label before its value


def report_words(_: Gettext) -> ReportWords:
    """Each word through `_()` here, outside f-strings, so that Babel extracts it."""

    def pgettext(context: str, message: str) -> str:
        """A word whose English has two senses ("Answer": the verb and the column)."""
        in_context = getattr(_, "pgettext", None)
        return in_context(context, message) if in_context is not None else _(message)

    return ReportWords(
        verified_on=_("verified on"),
        to_verify=_("to verify before use"),
        referral_report=_("Referral report"),
        confidential_note=_(
            "Confidential: share only with the services the person is referred to."
        ),
        case=_("Case"),
        case_reference=_("Case reference"),
        date=_("Date"),
        name=_("Name"),
        place=_("Place"),
        not_recorded=_("not recorded"),
        officer=_("Officer"),
        observations=_("Officer's observations"),
        notes_on_questions=_("Officer's notes on questions"),
        language_of_the_interview=_("Language of the interview"),
        interview_started=_("Interview started"),
        screening_guide=_("Screening guide"),
        result_of_the_screening=_("Result of the screening"),
        not_finished=_("The interview was not finished."),
        not_a_decision=_(
            "This is the result of a screening, not a decision that the person is a victim."
        ),
        urgent=_("Urgent"),
        elements_and_indicators=_("Elements and indicators"),
        no_indicator_was_raised=_("No indicator was raised."),
        present=_("present"),
        not_present=_("not present"),
        questions_left_open=_("Questions left open"),
        could_change=_("Their answers could change the result."),
        not_asked_count=_("Questions not asked (the interview stopped before them)"),
        none=_("None."),
        referral_steps=_("Referral steps"),
        audit_trail=_("Audit trail"),
        time=_("Time"),
        event=_("Event"),
        question=_("Question"),
        answer=pgettext("report column", "Answer"),
        before=_("Before"),
        earlier_answers_left_out=_(
            "An answer changed during the interview is shown with its final value only; "
            "the earlier answers stay in the encrypted record of the interview."
        ),
        made_with_dalil=_("Made with Dalil"),
        confidential=_("Confidential"),
        basis=_("Basis: {basis}"),
        terms_behind_the_result=_("The terms behind the result"),
        holds=_("holds"),
        does_not_hold=_("not shown by the answers"),
        not_known=_("not known"),
        what_could_change=_("What could change the result"),
        would_give=_("{answers} would give: {verdict}"),
        answer_pair=_("“{question}” → {answer}"),
        more_sets=_("…and {count} more"),
        changes_alone=_("could change the result alone"),
        changes_in_a_set=_("could change the result in a set of {count} answers"),
        # TRANSLATORS: a label before its value in the report ("Date: 28 November 2026");
        # French puts a no-break space before the colon.
        field=_("{label}:"),
    )


def distinct_change_sets(what_if: WhatIfLine) -> list[ChangeSetLine]:
    """One set for the same questions giving the same result (e.g. 12, 13 or 24 hours)."""
    return what_if.distinct()


def what_if_summary(what_if: WhatIfLine | Any, _: Gettext) -> str:
    """How far the search for answers that change the result went, honestly: "" when it
    found sets and tried everything. One place for these sentences: the reports, the
    wizard's result screen and `dalil simulate` (any object with change_sets, complete,
    searched_size and max_size: a WhatIfLine or a guide.core.what_if.WhatIfSearch)."""
    tried, limit = what_if.searched_size, what_if.max_size
    if what_if.change_sets:
        if what_if.complete:
            return ""
        if tried == 0:
            return _(
                "The search stopped before trying every single answer: other "
                "answers may change the result too."
            )
        if tried == 1:
            return _(
                "The search stopped before trying every pair of answers: other "
                "answers may change the result too."
            )
        if tried == 2:
            return _(
                "The search stopped before trying every set of three answers: other "
                "answers may change the result too."
            )
        return _(
            "The search stopped before trying every set of {count} answers: other "
            "answers may change the result too."
        ).format(count=tried + 1)
    if what_if.complete:
        if limit == 1:
            return _("No single answer to the unanswered questions would change the result.")
        if limit == 2:
            return _(
                "No combination of up to two of the unanswered questions would change the result."
            )
        if limit == 3:
            return _(
                "No combination of up to three of the unanswered questions would change the result."
            )
        return _(
            "No combination of up to {count} of the unanswered questions would change the result."
        ).format(count=limit)
    if tried == 0:
        return _(
            "The search stopped before trying every single answer: it is not known "
            "which answers could change the result."
        )
    if tried == 1:
        return _(
            "No single answer would change the result; the search stopped before "
            "trying every pair of answers."
        )
    if tried == 2:
        return _(
            "No one or two answers would change the result; the search stopped "
            "before trying every set of three."
        )
    return _(
        "No set of up to {count} answers would change the result; the search stopped "
        "before trying every larger set."
    ).format(count=tried)
