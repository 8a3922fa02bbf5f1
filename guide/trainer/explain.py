"""`dalil simulate`'s output: the result view (guide.report.result_view) as plain text and JSON.

The text speaks the command line's language (`--lang`, or LANGUAGE / LC_ALL / LANG): the
interface words through the `ui` catalog, the guide's texts as the wizard shows them in that
language (the source text where the guide has no translation), counts with the language's
plural forms and lists with its separators. It adds what a trainer checks: the conditions
that held, the rules behind each step. The JSON keeps ids and the guide's source texts, in
English, for tools.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from guide.core.assessment import Assessment, WhatIfSearch
from guide.core.model import Guide
from guide.i18n import _, current_language, ngettext
from guide.report.result_view import (
    AnswerRef,
    ChangeSetLine,
    ResultView,
    Words,
    build_result_view,
    contact_parts,
    source_words,
)

# How many change sets of each size the text shows (the JSON lists them all).
SHOWN_PER_SIZE = 8


def search_summary(search: Any, gettext: Any = str) -> str | None:
    """What the search for change sets found, honestly (the reports' sentences; English
    unless `gettext` translates); None when it found sets and tried them all."""
    from guide.report.texts import what_if_summary

    return what_if_summary(search, gettext) or None


def _words() -> Words:
    """The guide's texts and the interface words in the command line's language."""
    from guide.report.texts import report_words_in

    return report_words_in(current_language(), _)


def _join(items: Iterable[str]) -> str:
    from guide.i18n.quantities import join

    return join(items, current_language())


def _heading(title: str) -> str:
    return _("{title}:").format(title=title)


def _pair(ref: AnswerRef, words: Words) -> str:
    return _("“{question}” → {answer}").format(
        question=words.text(ref.question), answer=words.answer(ref)
    )


def change_set_line(change: ChangeSetLine, words: Words) -> str:
    answers = " + ".join(_pair(ref, words) for ref in change.answers)
    return _("{answers}  ⇒ {verdict}").format(
        answers=answers, verdict=words.text(change.verdict.title)
    )


def what_if_lines(view: ResultView, words: Words) -> list[str]:
    """The answers that matter first: the change sets by size, or why there are none."""
    what_if = view.what_if
    if what_if is None or not view.unknowns:
        return []
    lines = [_heading(_("What could change the result"))]
    for size in range(1, what_if.max_size + 1):
        sets = what_if.of_size(size)
        if not sets:
            continue
        # The small sizes in words, as the reports' sentences have them; any larger one
        # with the language's plural forms.
        if size == 1:
            head = _("one answer alone:")
        elif size == 2:
            head = _("two answers together (no fewer of them would do):")
        elif size == 3:
            head = _("three answers together (no fewer of them would do):")
        else:
            head = ngettext(
                "{n} answer together (no fewer of them would do):",
                "{n} answers together (no fewer of them would do):",
                size,
            ).format(n=size)
        lines.append("  " + head)
        for change in sets[:SHOWN_PER_SIZE]:
            lines.append(f"    - {change_set_line(change, words)}")
        if len(sets) > SHOWN_PER_SIZE:
            more = len(sets) - SHOWN_PER_SIZE
            lines.append(
                "    "
                + ngettext(
                    "… and {n} more (--format json lists all)",
                    "… and {n} more (--format json lists all)",
                    more,
                ).format(n=more)
            )
    summary = search_summary(what_if, _)
    if summary:
        lines.append(f"  {summary}")
    return lines


def term_lines(view: ResultView, words: Words) -> list[str]:
    if not view.terms:
        return []
    lines = ["  " + _heading(_("Terms of the definition"))]
    for term in view.terms:
        line = f"[{words.term_state(term.holds)}] {words.text(term.label)}"
        if term.basis:
            line = _("{text} (basis: {basis})").format(text=line, basis=words.text(term.basis))
        lines.append("    " + line)
    return lines


def explain(guide: Guide, a: Assessment) -> list[str]:
    """The assessment as text lines, from its result view, in the current language."""
    view = build_result_view(guide, a)
    words = _words()
    lines = [_("Verdict: {title}").format(title=words.text(view.verdict.title))]
    if view.verdict_rule:
        lines.append("  " + _("because: {condition}").format(condition=view.verdict_rule))
    else:
        lines.append("  " + _("because: no other verdict's condition held"))
    if view.verdict.basis:
        lines.append("  " + _("basis: {text}").format(text=words.text(view.verdict.basis)))
    for vid, condition in view.not_held:
        lines.append(
            "  " + _("not '{verdict}': {condition}").format(verdict=vid, condition=condition)
        )
    lines.append(f"  {words.text(view.verdict.explanation)}")
    lines += term_lines(view, words)
    if view.child:
        lines.append(_("Child strengths applied (scoring.child_when holds)."))
    if view.sexual_list:
        lines.append(_("Sexual-exploitation grades applied (scoring.sexual_list_when holds)."))
    if view.urgent:
        lines.append(_heading(_("URGENT answers")))
        for ref in view.urgent:
            lines.append(f"  ! {_pair(ref, words)}")
    lines.append(_heading(_("Elements")))
    for e in view.elements:
        state = words.element_state(e.present)
        mark = state.upper() if e.present else state
        lines.append(
            "  "
            + _("[{state}] {label} — {counts}; rule: {rule}").format(
                state=mark, label=words.text(e.label), counts=words.counts(e), rule=e.rule
            )
        )
        for indicator in e.indicators:
            for ref in indicator.raised_by:
                lines.append(
                    "      "
                    + _("{indicator} ({strength}) ← {source}").format(
                        indicator=words.text(indicator.label),
                        strength=words.strength(indicator.strength),
                        source=_pair(ref, words),
                    )
                )
    lines.append(_heading(_("Referral steps")))
    for step in view.steps:
        lines.append(
            "  "
            + _("[{urgency}] {text}  (rules: {rules})").format(
                urgency=words.urgency(step), text=words.text(step.text), rules=_join(step.rules)
            )
        )
        if step.basis:
            lines.append("      " + _("basis: {text}").format(text=words.text(step.basis)))
        for contact in step.contacts:
            lines.append("      " + " — ".join(text for _, text in contact_parts(contact, words)))
    lines += what_if_lines(view, words)
    if view.unknowns:
        ranked = view.what_if is not None
        title = _("Still unknown (the ones that matter first)") if ranked else _("Still unknown")
        lines.append(_heading(title))
        for u in view.unknowns:
            line = f"? {words.text(u.question)} ({words.status(u.reason)})"
            if u.could_change:
                changes = _join(
                    [
                        _("{answer} → {verdict}").format(
                            answer=words.answer(ref), verdict=words.text(verdict.title)
                        )
                        for ref, verdict in u.could_change
                    ]
                )
                line = _("{unknown}; would change the verdict: {changes}").format(
                    unknown=line, changes=changes
                )
            elif u.rank is not None:
                line = ngettext(
                    "{unknown}; matters with {n} other answer",
                    "{unknown}; matters with {n} other answers",
                    u.rank - 1,
                ).format(unknown=line, n=u.rank - 1)
            lines.append("  " + line)
    return lines


def what_if_to_dict(search: WhatIfSearch | None) -> dict[str, Any] | None:
    if search is None:
        return None
    return {
        "complete": search.complete,
        "searched_size": search.searched_size,
        "max_size": search.max_size,
        "evaluated": search.evaluated,
        "budget": search.budget,
        "questions": search.questions,
        "questions_total": search.questions_total,
        "summary": search_summary(search),
        "change_sets": [
            {
                "answers": [{"question": q.id, "answer": v} for q, v in change.answers],
                "verdict": change.verdict.id,
                "level": change.verdict.level,
            }
            for change in search.change_sets
        ],
    }


def assessment_to_dict(guide: Guide, a: Assessment) -> dict[str, Any]:
    """The assessment as JSON data, from its result view (ids and source texts)."""
    view = build_result_view(guide, a)
    words = source_words()
    return {
        "verdict": {
            "id": view.verdict.id,
            "level": view.verdict.level,
            "title": words.text(view.verdict.title),
            "rule": view.verdict_rule,
            "basis": words.text(view.verdict.basis) or None,
            "not_held": [vid for vid, _ in view.not_held],
        },
        "terms": [
            {
                "id": t.id,
                "label": words.text(t.label),
                "holds": t.holds,
                "basis": words.text(t.basis) or None,
                "explanation": words.text(t.explanation) or None,
            }
            for t in view.terms
        ],
        "child": view.child,
        "sexual_list": view.sexual_list,
        "urgent": [{"question": r.question_id, "answer": r.value} for r in view.urgent],
        "elements": [
            {
                "id": e.id,
                "present": e.present,
                "counts": dict(e.counts),
                "rule": e.rule,
                "indicators": [
                    {
                        "id": i.id,
                        "strength": i.strength,
                        "sources": [
                            {"question": r.question_id, "answer": r.value} for r in i.raised_by
                        ],
                    }
                    for i in e.indicators
                ],
            }
            for e in view.elements
        ],
        "steps": [
            {
                "id": s.id,
                "urgency": s.urgency,
                "text": words.text(s.text),
                "rules": list(s.rules),
                "basis": words.text(s.basis) or None,
                "contacts": [
                    {
                        "id": c.id,
                        "name": words.text(c.name),
                        "phone": c.phone,
                        "region": c.region,
                        "hours": words.text(c.hours) or None,
                        "note": words.text(c.note) or None,
                        "verified": c.verified,
                        "to_verify": c.to_verify,
                    }
                    for c in s.contacts
                ],
            }
            for s in view.steps
        ],
        "unknowns": [
            {
                "question": u.question.id,
                "status": u.status,
                "rank": u.rank,
                "could_change": [{"answer": x, "verdict": v} for x, v in u.could_change],
            }
            for u in a.unknowns
        ],
        "what_if": what_if_to_dict(a.what_if_search),
    }
