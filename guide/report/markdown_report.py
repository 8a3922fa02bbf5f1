"""The report as Markdown, to paste into an e-mail or a case-management note."""

from __future__ import annotations

import re

from guide import __version__
from guide.report.model import ContactLine, Report
from guide.report.result_view import Words, contact_parts, labelled, term_mark
from guide.report.texts import (
    EVENT_KINDS,
    STRENGTHS,
    UNKNOWN_STATUSES,
    URGENCIES,
    Gettext,
    answer_words,
    content_text,
    distinct_change_sets,
    format_date,
    format_time,
    interface_language,
    language_name,
    report_words,
    report_words_in,
    what_if_summary,
)

SHOWN_CHANGE_SETS = 10

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


# Line breaks and breakable spaces; no-break spaces (French "\u202f;", "\u00a0:") are kept.
_BREAKABLE_RUN = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")


def _m(text: object) -> str:
    """Escape Markdown syntax and keep everything on one line."""
    flat = _BREAKABLE_RUN.sub(" ", str(text)).strip(" ")
    return _SPECIAL.sub(r"\\\1", flat)


def _contact(contact: ContactLine, words: Words) -> str:
    """The contact's parts (guide.report.result_view.contact_parts) with Markdown marks."""
    marks = {"name": "**{}**", "to_verify": "**{}**"}
    line = ""
    for kind, text in contact_parts(contact, words):
        part = f"`{text}`" if kind == "phone" else marks.get(kind, "{}").format(_m(text))
        if not line:
            line = part
        elif kind == "verified":
            line += f" ({part})"
        else:
            line += f" — {part}"
    return line


def render_markdown(report: Report, lang: str) -> str:
    with interface_language(lang) as _:
        return _render(report, lang, _)


def _render(report: Report, lang: str, _: Gettext) -> str:
    w = report_words(_)
    case = report.case
    lines: list[str] = []
    add = lines.append
    add(f"# {_m(w.referral_report)}")
    add("")
    add(f"*{_m(w.confidential_note)}*")
    add("")
    add(f"## {_m(w.case)}")
    add("")
    add(f"- **{_m(w.field.format(label=w.case_reference))}** {_m(case.reference)}")
    add(f"- **{_m(w.field.format(label=w.date))}** {_m(format_date(case.created, lang))}")
    if case.person_name:
        add(f"- **{_m(w.field.format(label=w.name))}** {_m(case.person_name)}")
    add(f"- **{_m(w.field.format(label=w.place))}** {_m(case.place or w.not_recorded)}")
    add(f"- **{_m(w.field.format(label=w.officer))}** {_m(case.officer or w.not_recorded)}")
    if case.observations:
        add(f"- **{_m(w.field.format(label=w.observations))}** {_m(case.observations)}")
    if case.notes:
        add(f"- **{_m(w.field.format(label=w.notes_on_questions))}**")
        for note in case.notes:
            add(f"  - “{_m(content_text(note.question, lang))}”: {_m(note.text)}")
    spoken = language_name(report.interview_language, lang)
    add(f"- **{_m(w.field.format(label=w.language_of_the_interview))}** {_m(spoken)}")
    if report.interview_started:
        started = format_time(report.interview_started, lang)
        add(f"- **{_m(w.field.format(label=w.interview_started))}** {_m(started)}")
    add(
        f"- **{_m(w.field.format(label=w.screening_guide))}** "
        f"{_m(content_text(report.guide_title, lang))} "
        f"({_m(report.guide_id)} {_m(report.guide_version)})"
    )
    add("")
    add(f"## {_m(w.result_of_the_screening)}")
    add("")
    add(f"**{_m(content_text(report.verdict.title, lang))}**")
    if report.verdict.explanation:
        add("")
        add(_m(content_text(report.verdict.explanation, lang)))
    if report.verdict.basis:
        add("")
        add(f"*{_m(w.basis.format(basis=content_text(report.verdict.basis, lang)))}*")
    if report.terms:
        add("")
        add(f"### {_m(w.terms_behind_the_result)}")
        add("")
        for term in report.terms:
            state = {True: w.holds, False: w.does_not_hold, None: w.not_known}[term.holds]
            term_line = labelled(content_text(term.label, lang), state, _)
            add(f"- {term_mark(term.holds, _)} {_m(term_line)}")
            if term.basis:
                add(f"  - *{_m(w.basis.format(basis=content_text(term.basis, lang)))}*")
    if not report.finished:
        add("")
        add(f"**{_m(w.not_finished)}**")
    add("")
    add(f"*{_m(w.not_a_decision)}*")
    if report.urgent:
        add("")
        add(f"## {_m(w.urgent)}")
        add("")
        for ref in report.urgent:
            add(f"- {_m(content_text(ref.question, lang))} — **{_m(answer_words(ref, lang, _))}**")
    add("")
    add(f"## {_m(w.elements_and_indicators)}")
    add("")
    if not any(element.indicators for element in report.elements):
        add(_m(w.no_indicator_was_raised))
        add("")
    for element in report.elements:
        if not element.indicators and not element.present:
            continue
        state = w.present if element.present else w.not_present
        add(f"### {_m(content_text(element.label, lang))} — {_m(state)}")
        add("")
        for indicator in element.indicators:
            strength = _(STRENGTHS.get(indicator.strength, indicator.strength))
            add(f"- {_m(content_text(indicator.label, lang))} ({_m(strength)})")
            for ref in indicator.raised_by:
                add(
                    f"  - {_m(content_text(ref.question, lang))} — "
                    f"**{_m(answer_words(ref, lang, _))}**"
                )
        add("")
    if report.what_if is not None and report.unknowns:
        add(f"## {_m(w.what_could_change)}")
        add("")
        shown = distinct_change_sets(report.what_if)
        for change in shown[:SHOWN_CHANGE_SETS]:
            answers = " + ".join(
                w.answer_pair.format(
                    question=content_text(ref.question, lang), answer=answer_words(ref, lang, _)
                )
                for ref in change.answers
            )
            verdict = content_text(change.verdict.title, lang)
            add("- " + _m(w.would_give.format(answers=answers, verdict=verdict)))
        if len(shown) > SHOWN_CHANGE_SETS:
            add("- " + _m(w.more_sets.format(count=len(shown) - SHOWN_CHANGE_SETS)))
        summary = what_if_summary(report.what_if, _)
        if summary:
            if shown:
                add("")
            add(_m(summary))
        add("")
    add(f"## {_m(w.questions_left_open)}")
    add("")
    # the ones that matter first (the assessment ranks them), then the other answers left
    # open; questions not reached are counted
    open_answers = [u for u in report.unknowns if u.reason != "not_asked" or u.rank]
    not_asked = len(report.unknowns) - len(open_answers)
    if open_answers or not_asked:
        add(_m(w.could_change))
        add("")
    for unknown in open_answers:
        reason = _(UNKNOWN_STATUSES.get(unknown.reason, unknown.reason))
        line = f"- {_m(content_text(unknown.question, lang))} — {_m(reason)}"
        if unknown.rank == 1:
            line += f" — **{_m(w.changes_alone)}**"
        elif unknown.rank:
            line += f" — **{_m(w.changes_in_a_set.format(count=unknown.rank))}**"
        add(line)
    if not_asked:
        if open_answers:
            add("")
        add(_m(labelled(w.not_asked_count, str(not_asked), _)))
    if not open_answers and not not_asked:
        add(_m(w.none))
    add("")
    add(f"## {_m(w.referral_steps)}")
    add("")
    if report.steps:
        for number, step in enumerate(report.steps, start=1):
            urgency = _(URGENCIES.get(step.urgency, step.urgency))
            add(f"{number}. **{_m(urgency)}** — {_m(content_text(step.text, lang))}")
            if step.basis:
                add(f"   - *{_m(w.basis.format(basis=content_text(step.basis, lang)))}*")
            for contact in step.contacts:
                add(f"   - {_contact(contact, report_words_in(lang, _))}")
    else:
        add(_m(w.none))
    add("")
    add(f"## {_m(w.audit_trail)}")
    add("")
    if not report.earlier_answers_shown:
        add(f"*{_m(w.earlier_answers_left_out)}*")
        add("")
    header = [w.time, w.event, w.question, w.answer]
    if report.earlier_answers_shown:
        header.append(w.before)
    add("| " + " | ".join(_m(h) for h in header) + " |")
    add("|" + "---|" * len(header))
    for entry in report.audit:
        kind = _(EVENT_KINDS[entry.kind]) if entry.kind in EVENT_KINDS else entry.kind
        if entry.detail:
            kind = f"{kind}: {entry.detail}"
        cells = [
            format_time(entry.time, lang),
            kind,
            content_text(entry.question, lang),
            answer_words(entry.value, lang, _),
        ]
        if report.earlier_answers_shown:
            cells.append(answer_words(entry.previous, lang, _))
        add("| " + " | ".join(_m(c) for c in cells) + " |")
    add("")
    add(f"*{_m(w.made_with_dalil)} {_m(__version__)} — {_m(w.confidential)}*")
    return "\n".join(lines) + "\n"
