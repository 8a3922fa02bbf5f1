"""`dalil simulate`'s output: the result view (guide.report.result_view) as plain text and JSON, in
the guide's source language, for trainers. The words are the ones the wizard and the reports
use; the text adds what a trainer checks (the conditions that held, the rules behind each
step)."""

from __future__ import annotations

from typing import Any

from guide.core.assessment import Assessment, WhatIfSearch
from guide.core.model import Guide
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
SIZE_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _size(n: int) -> str:
    return SIZE_WORDS.get(n, str(n))


def search_summary(search: Any) -> str | None:
    """What the search for change sets found, honestly (the reports' sentences, in
    English); None when it found sets and tried them all."""
    from guide.report.texts import what_if_summary

    return what_if_summary(search, str) or None


def _pair(ref: AnswerRef, words: Words) -> str:
    return f"“{words.text(ref.question)}” → {words.answer(ref)}"


def change_set_line(change: ChangeSetLine, words: Words) -> str:
    answers = " + ".join(_pair(ref, words) for ref in change.answers)
    return f"{answers}  ⇒ {words.text(change.verdict.title)}"


def what_if_lines(view: ResultView, words: Words) -> list[str]:
    """The answers that matter first: the change sets by size, or why there are none."""
    what_if = view.what_if
    if what_if is None or not view.unknowns:
        return []
    lines = ["What could change the result:"]
    for size in range(1, what_if.max_size + 1):
        sets = what_if.of_size(size)
        if not sets:
            continue
        head = (
            "  one answer alone:"
            if size == 1
            else f"  {_size(size)} answers together (no fewer of them would do):"
        )
        lines.append(head)
        for change in sets[:SHOWN_PER_SIZE]:
            lines.append(f"    - {change_set_line(change, words)}")
        if len(sets) > SHOWN_PER_SIZE:
            lines.append(f"    … and {len(sets) - SHOWN_PER_SIZE} more (--format json lists all)")
    summary = search_summary(what_if)
    if summary:
        lines.append(f"  {summary}")
    return lines


def term_lines(view: ResultView, words: Words) -> list[str]:
    if not view.terms:
        return []
    lines = ["  Terms of the definition:"]
    for term in view.terms:
        basis = f" (basis: {words.text(term.basis)})" if term.basis else ""
        lines.append(f"    [{words.term_state(term.holds)}] {words.text(term.label)}{basis}")
    return lines


def explain(guide: Guide, a: Assessment) -> list[str]:
    """The assessment as text lines, from its result view."""
    view = build_result_view(guide, a)
    words = source_words()
    lines = [f"Verdict: {words.text(view.verdict.title)}"]
    if view.verdict_rule:
        lines.append(f"  because: {view.verdict_rule}")
    else:
        lines.append("  because: no other verdict's condition held")
    if view.verdict.basis:
        lines.append(f"  basis: {words.text(view.verdict.basis)}")
    for vid, condition in view.not_held:
        lines.append(f"  not '{vid}': {condition}")
    lines.append(f"  {words.text(view.verdict.explanation)}")
    lines += term_lines(view, words)
    if view.child:
        lines.append("Child strengths applied (scoring.child_when holds).")
    if view.sexual_list:
        lines.append("Sexual-exploitation grades applied (scoring.sexual_list_when holds).")
    if view.urgent:
        lines.append("URGENT answers:")
        for ref in view.urgent:
            lines.append(f"  ! {words.text(ref.question)} → {words.answer(ref)}")
    lines.append("Elements:")
    for e in view.elements:
        state = words.element_state(e.present)
        mark = state.upper() if e.present else state
        counts = ", ".join(f"{words.strength(s)} {n}" for s, n in e.counts)
        lines.append(f"  [{mark}] {words.text(e.label)} — {counts}; rule: {e.rule}")
        for indicator in e.indicators:
            for ref in indicator.raised_by:
                lines.append(
                    f"      {words.text(indicator.label)} ({words.strength(indicator.strength)})"
                    f" ← {words.text(ref.question)} → {words.answer(ref)}"
                )
    lines.append("Referral steps:")
    for step in view.steps:
        rules = ", ".join(step.rules)
        lines.append(f"  [{words.urgency(step)}] {words.text(step.text)}  (rules: {rules})")
        if step.basis:
            lines.append(f"      basis: {words.text(step.basis)}")
        for contact in step.contacts:
            lines.append("      " + " — ".join(text for _, text in contact_parts(contact, words)))
    lines += what_if_lines(view, words)
    if view.unknowns:
        ranked = view.what_if is not None
        lines.append("Still unknown (the ones that matter first):" if ranked else "Still unknown:")
        for u in view.unknowns:
            change = ""
            if u.could_change:
                change = "; would change the verdict: " + ", ".join(
                    f"{words.answer(ref)} → {words.text(verdict.title)}"
                    for ref, verdict in u.could_change
                )
            elif u.rank is not None:
                change = f"; matters with {u.rank - 1} other answer{'s' if u.rank > 2 else ''}"
            lines.append(f"  ? {words.text(u.question)} ({words.status(u.reason)}){change}")
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
