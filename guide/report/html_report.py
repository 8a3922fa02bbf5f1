"""The report as one self-contained HTML file: opens offline anywhere and prints cleanly.

No external font, script, image or style; a Content-Security-Policy forbids loading any.
The layout uses logical CSS properties (inline-start/end), so `dir="rtl"` mirrors it for
Arabic without a second stylesheet. Everything written by a person is escaped.
"""

from __future__ import annotations

from html import escape

from guide import __version__
from guide.i18n.bidi import ltr_spans
from guide.report.model import AnswerRef, ContactLine, Report, Text
from guide.report.result_view import Words, contact_parts, labelled, term_mark
from guide.report.texts import (
    EVENT_KINDS,
    STRENGTHS,
    UNKNOWN_STATUSES,
    URGENCIES,
    Gettext,
    ReportWords,
    answer_words,
    content_text,
    direction,
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

_STYLE = """
:root { --ink: #1a1a1a; --muted: #5a5a5a; --line: #c8c8c8; --high: #a40000; --medium: #8a5a00;
  --low: #2f5d8a; --none: #3d6b3d; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", system-ui, Arial, sans-serif;
  color: var(--ink); background: #fff; font-size: 15px; line-height: 1.45; }
html:lang(ar) { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri",
  "Scheherazade New", "Geeza Pro", "Traditional Arabic", "Arabic Typesetting", "Tahoma",
  "Noto Sans", "DejaVu Sans", sans-serif; font-size: 17px; line-height: 1.7; }
body { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; text-align: start; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; padding-block-end: .2rem;
  border-block-end: 2px solid var(--line); }
h3 { font-size: 1.02rem; margin: 1rem 0 .3rem; }
p, ul, ol, dl { margin: .3rem 0 .6rem; }
ul, ol { padding-inline-start: 1.4rem; }
.confidential { color: var(--muted); font-size: .9rem; margin: 0 0 1rem; }
dl.case { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.case dt { font-weight: 600; color: var(--muted); }
dl.case dd { margin: 0; }
.verdict { border-inline-start: 6px solid var(--line); padding: .5rem .9rem; margin: .5rem 0;
  background: #f6f6f6; }
.verdict.level-high { border-color: var(--high); }
.verdict.level-medium { border-color: var(--medium); }
.verdict.level-low { border-color: var(--low); }
.verdict.level-none { border-color: var(--none); }
.verdict.level-unknown { border-color: var(--medium); border-inline-start-style: dashed; }
.verdict.level-unknown { border-color: var(--medium); border-style: dashed; }
.verdict-title { font-weight: 700; font-size: 1.1rem; margin: 0 0 .3rem; }
.caveat { color: var(--muted); font-size: .9rem; }
.urgent { border: 2px solid var(--high); padding: .1rem .8rem .4rem; margin-top: 1rem; }
.urgent h2 { margin-top: .5rem; }
.present { color: var(--high); font-weight: 600; }
.absent { color: var(--muted); }
.strength { font-size: .85rem; color: var(--muted); }
.raised-by { color: var(--muted); font-size: .92rem; }
.urgency { display: inline-block; min-width: 6.5rem; font-weight: 700; }
.urgency-immediate { color: var(--high); }
.urgency-urgent { color: var(--medium); }
.contacts { list-style: none; padding-inline-start: 1rem; margin-block-start: .2rem; }
.phone { font-weight: 700; unicode-bidi: isolate; direction: ltr; }
.to-verify, .no-phone { color: var(--high); font-weight: 600; }
.verified { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .4rem; text-align: start;
  vertical-align: top; }
th { background: #efefef; }
.basis { color: var(--muted); font-size: .9rem; margin: .2rem 0; }
.terms { list-style: none; padding-inline-start: .4rem; }
.term-holds { color: var(--high); }
.matters { font-weight: 600; }
.time { white-space: nowrap; unicode-bidi: isolate; direction: ltr; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem;
  border-block-start: 1px solid var(--line); padding-block-start: .4rem; }
@media print {
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  .verdict, th { background: none; }
  section, li, tr, dl.case { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 15mm; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _b(text: object) -> str:
    """Escaped and direction-isolated: a Latin name or an untranslated (English) text keeps
    its own order inside an Arabic line, and the reverse. Inside an Arabic text, phone
    numbers, dates and addresses are isolated left to right too: a browser would otherwise
    paint 0800 00 2511 as 2511 00 0800 (guide.i18n.bidi.ltr_spans)."""
    text = str(text)
    if not text:
        return ""
    inner = "".join(
        f'<span dir="ltr">{_e(piece)}</span>' if ltr else _e(piece)
        for piece, ltr in ltr_spans(text)
    )
    return f"<bdi>{inner}</bdi>"


def _c(text: Text | None, lang: str) -> str:
    return _b(content_text(text, lang))


def _answer(ref: AnswerRef | None, lang: str, _: Gettext) -> str:
    return _b(answer_words(ref, lang, _))


def _basis(w: ReportWords, basis: Text, lang: str) -> str:
    """“Basis: …”: the interface words escaped, the guide's basis isolated in them."""
    return _e(w.basis).format(basis=_c(basis, lang))


def _contact(contact: ContactLine, words: Words) -> str:
    """The contact's parts (guide.report.result_view.contact_parts) with HTML markup: the note on
    a line of its own, the verification after the rest."""
    main: list[str] = []
    check = note = ""
    for kind, text in contact_parts(contact, words):
        if kind == "name":
            main.append(f"<strong>{_b(text)}</strong>")
        elif kind == "phone":
            main.append(f'<span class="phone" dir="ltr">{_e(text)}</span>')
        elif kind == "no_phone":
            main.append(f'<span class="no-phone">{_e(text)}</span>')
        elif kind == "verified":
            check = f' <span class="verified">({_e(text)})</span>'
        elif kind == "to_verify":
            check = f' <span class="to-verify">{_e(text)}</span>'
        elif kind == "note":
            note = f"<br><small>{_b(text)}</small>"
        else:
            main.append(_b(text))
    return f"<li>{' — '.join(main)}{check}{note}</li>"


def render_html(report: Report, lang: str) -> str:
    """The whole report in `lang` as one HTML document."""
    with interface_language(lang) as _:
        return _render(report, lang, _)


def _render(report: Report, lang: str, _: Gettext) -> str:
    w = report_words(_)
    case = report.case
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add(f'<html lang="{_e(lang)}" dir="{direction(lang)}">')
    add("<head>")
    add('<meta charset="utf-8">')
    add(
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add('<meta name="referrer" content="no-referrer">')
    add(f"<title>{_e(w.referral_report)} {_e(case.reference)}</title>")
    add(f"<style>{_STYLE}</style>")
    add("</head>")
    add("<body>")
    add("<header>")
    add(f"<h1>{_e(w.referral_report)}</h1>")
    add(f'<p class="confidential">{_e(w.confidential_note)}</p>')
    add("</header>")

    add('<section class="case">')
    add(f"<h2>{_e(w.case)}</h2>")
    add('<dl class="case">')
    rows = [
        (w.case_reference, f'<span dir="ltr">{_e(case.reference)}</span>'),
        (w.date, _e(format_date(case.created, lang))),
    ]
    if case.person_name:
        rows.append((w.name, _b(case.person_name)))
    rows.append((w.place, _b(case.place) if case.place else _e(w.not_recorded)))
    rows.append((w.officer, _b(case.officer) if case.officer else _e(w.not_recorded)))
    if case.observations:
        rows.append((w.observations, _b(case.observations)))
    if case.notes:
        items = "".join(
            f"<li>“{_c(note.question, lang)}”: {_b(note.text)}</li>" for note in case.notes
        )
        rows.append((w.notes_on_questions, f"<ul>{items}</ul>"))
    rows.append((w.language_of_the_interview, _e(language_name(report.interview_language, lang))))
    if report.interview_started:
        started = _e(format_time(report.interview_started, lang))
        rows.append((w.interview_started, f'<span class="time" dir="ltr">{started}</span>'))
    rows.append(
        (
            w.screening_guide,
            f"{_c(report.guide_title, lang)} "
            f'(<span dir="ltr">{_e(report.guide_id)} {_e(report.guide_version)}</span>)',
        )
    )
    for label, value in rows:
        add(f"<dt>{_e(label)}</dt><dd>{value}</dd>")
    add("</dl>")
    add("</section>")

    verdict = report.verdict
    add('<section class="result">')
    add(f"<h2>{_e(w.result_of_the_screening)}</h2>")
    add(f'<div class="verdict level-{_e(verdict.level)}">')
    add(f'<p class="verdict-title">{_c(verdict.title, lang)}</p>')
    if verdict.explanation:
        add(f"<p>{_c(verdict.explanation, lang)}</p>")
    if verdict.basis:
        add(f'<p class="basis">{_basis(w, verdict.basis, lang)}</p>')
    if not report.finished:
        add(f"<p><strong>{_e(w.not_finished)}</strong></p>")
    add("</div>")
    if report.terms:
        add(f"<h3>{_e(w.terms_behind_the_result)}</h3>")
        add('<ul class="terms">')
        for term in report.terms:
            state = {True: w.holds, False: w.does_not_hold, None: w.not_known}[term.holds]
            css = "term-holds" if term.holds else "term-not"
            line = (
                f'<li class="{css}">{_e(term_mark(term.holds, _))} {_c(term.label, lang)}: '
                f"{_e(state)}"
            )
            if term.basis:
                line += f'<div class="basis">{_basis(w, term.basis, lang)}</div>'
            add(line + "</li>")
        add("</ul>")
    add(f'<p class="caveat">{_e(w.not_a_decision)}</p>')
    add("</section>")

    if report.urgent:
        add('<section class="urgent">')
        add(f"<h2>{_e(w.urgent)}</h2>")
        add("<ul>")
        for ref in report.urgent:
            add(f"<li>{_c(ref.question, lang)} — <strong>{_answer(ref, lang, _)}</strong></li>")
        add("</ul>")
        add("</section>")

    add('<section class="elements">')
    add(f"<h2>{_e(w.elements_and_indicators)}</h2>")
    if not any(element.indicators for element in report.elements):
        add(f"<p>{_e(w.no_indicator_was_raised)}</p>")
    for element in report.elements:
        if not element.indicators and not element.present:
            continue
        state = (
            f'<span class="present">{_e(w.present)}</span>'
            if element.present
            else f'<span class="absent">{_e(w.not_present)}</span>'
        )
        add(f"<h3>{_c(element.label, lang)} — {state}</h3>")
        add("<ul>")
        for indicator in element.indicators:
            strength = _(STRENGTHS.get(indicator.strength, indicator.strength))
            add(f'<li>{_c(indicator.label, lang)} <span class="strength">({_e(strength)})</span>')
            if indicator.raised_by:
                add('<ul class="raised-by">')
                for ref in indicator.raised_by:
                    add(
                        f"<li>{_c(ref.question, lang)} — "
                        f"<strong>{_answer(ref, lang, _)}</strong></li>"
                    )
                add("</ul>")
            add("</li>")
        add("</ul>")
    add("</section>")

    if report.what_if is not None and report.unknowns:
        add('<section class="what-if">')
        add(f"<h2>{_e(w.what_could_change)}</h2>")
        shown = distinct_change_sets(report.what_if)
        if shown:
            add("<ul>")
            for change in shown[:SHOWN_CHANGE_SETS]:
                answers = " + ".join(
                    _e(w.answer_pair).format(
                        question=_c(ref.question, lang),
                        answer=f"<strong>{_answer(ref, lang, _)}</strong>",
                    )
                    for ref in change.answers
                )
                gives = f"<strong>{_c(change.verdict.title, lang)}</strong>"
                add(f"<li>{_e(w.would_give).format(answers=answers, verdict=gives)}</li>")
            if len(shown) > SHOWN_CHANGE_SETS:
                add(f"<li>{_e(w.more_sets.format(count=len(shown) - SHOWN_CHANGE_SETS))}</li>")
            add("</ul>")
        summary = what_if_summary(report.what_if, _)
        if summary:
            add(f"<p>{_e(summary)}</p>")
        add("</section>")

    add('<section class="unknowns">')
    add(f"<h2>{_e(w.questions_left_open)}</h2>")
    # the ones that matter first (the assessment ranks them), then the other answers left
    # open; questions not reached are counted
    open_answers = [u for u in report.unknowns if u.reason != "not_asked" or u.rank]
    not_asked = len(report.unknowns) - len(open_answers)
    if open_answers or not_asked:
        add(f"<p>{_e(w.could_change)}</p>")
    if open_answers:
        add("<ul>")
        for unknown in open_answers:
            reason = _(UNKNOWN_STATUSES.get(unknown.reason, unknown.reason))
            matters = ""
            if unknown.rank == 1:
                matters = f' — <span class="matters">{_e(w.changes_alone)}</span>'
            elif unknown.rank:
                words = w.changes_in_a_set.format(count=unknown.rank)
                matters = f' — <span class="matters">{_e(words)}</span>'
            add(f"<li>{_c(unknown.question, lang)} — {_e(reason)}{matters}</li>")
        add("</ul>")
    if not_asked:
        # Listed one by one in the JSON; here a count keeps the report readable.
        label = w.not_asked_count
        add(f"<p>{_e(labelled(label, str(not_asked), _))}</p>")
    if not open_answers and not not_asked:
        add(f"<p>{_e(w.none)}</p>")
    add("</section>")

    add('<section class="steps">')
    add(f"<h2>{_e(w.referral_steps)}</h2>")
    if report.steps:
        add("<ol>")
        for step in report.steps:
            urgency = _(URGENCIES.get(step.urgency, step.urgency))
            add(
                f'<li><span class="urgency urgency-{_e(step.urgency)}">{_e(urgency)}</span> '
                f"{_c(step.text, lang)}"
            )
            if step.basis:
                add(f'<div class="basis">{_basis(w, step.basis, lang)}</div>')
            if step.contacts:
                add('<ul class="contacts">')
                for contact in step.contacts:
                    add(_contact(contact, report_words_in(lang, _)))
                add("</ul>")
            add("</li>")
        add("</ol>")
    else:
        add(f"<p>{_e(w.none)}</p>")
    add("</section>")

    add('<section class="audit">')
    add(f"<h2>{_e(w.audit_trail)}</h2>")
    earlier = report.earlier_answers_shown
    if not earlier:
        add(f'<p class="note">{_e(w.earlier_answers_left_out)}</p>')
    add("<table>")
    before_head = f"<th>{_e(w.before)}</th>" if earlier else ""
    add(
        f"<thead><tr><th>{_e(w.time)}</th><th>{_e(w.event)}</th>"
        f"<th>{_e(w.question)}</th><th>{_e(w.answer)}</th>"
        f"{before_head}</tr></thead>"
    )
    add("<tbody>")
    for entry in report.audit:
        kind = _(EVENT_KINDS[entry.kind]) if entry.kind in EVENT_KINDS else entry.kind
        if entry.detail:
            kind = f"{kind}: {entry.detail}"
        add(
            f'<tr><td class="time" dir="ltr">{_e(format_time(entry.time, lang))}</td>'
            f"<td>{_e(kind)}</td>"
            f"<td>{_c(entry.question, lang)}</td>"
            f"<td>{_answer(entry.value, lang, _)}</td>"
            + (f"<td>{_answer(entry.previous, lang, _)}</td>" if earlier else "")
            + "</tr>"
        )
    add("</tbody>")
    add("</table>")
    add("</section>")

    add(
        f'<footer>{_e(w.made_with_dalil)} <span dir="ltr">{_e(__version__)}</span> — '
        f"{_e(w.confidential)}</footer>"
    )
    add("</body>")
    add("</html>")
    return "\n".join(out) + "\n"
