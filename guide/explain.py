"""Plain-text explanation of an assessment, for the command line (source language)."""

from __future__ import annotations

from typing import Any

from guide.assessment import Assessment, term_results
from guide.model import Contact, Guide
from guide.what_if import ChangeSet, WhatIfSearch

# How many change sets of each size the text shows (the JSON lists them all).
SHOWN_PER_SIZE = 8
SIZE_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def contact_line(c: Contact) -> str:
    phone = c.phone or "no number yet: fill in locally"
    status = f"verified {c.verified}" if c.verified else "TO VERIFY BEFORE USE"
    return f"{c.name}: {phone} ({status})"


def answer_text(guide: Guide, qid: str, value: Any) -> str:
    q = guide.question_by_id[qid]
    opt = q.option(value) if isinstance(value, str) else None
    if opt is not None and opt.text:
        return opt.text
    if q.type == "number" and q.unit and isinstance(value, (int, float)):
        return f"{value} {q.unit}"
    return str(value).replace("_", " ")


def _size(n: int) -> str:
    return SIZE_WORDS.get(n, str(n))


def search_summary(search: WhatIfSearch) -> str | None:
    """What the search for change sets found, honestly (the reports' sentences, in
    English); None when it found sets and tried them all."""
    from guide.report.texts import what_if_summary

    return what_if_summary(search, str) or None


def change_set_line(guide: Guide, change: ChangeSet) -> str:
    answers = " + ".join(
        f"“{q.text}” → {answer_text(guide, q.id, value)}" for q, value in change.answers
    )
    return f"{answers}  ⇒ {change.verdict.title}"


def what_if_lines(guide: Guide, a: Assessment) -> list[str]:
    """The answers that matter first: the change sets by size, or why there are none."""
    search = a.what_if_search
    if search is None or not a.unknowns:
        return []
    lines = ["What could change the result:"]
    for size in range(1, search.max_size + 1):
        sets = search.sets_of_size(size)
        if not sets:
            continue
        head = (
            "  one answer alone:"
            if size == 1
            else f"  {_size(size)} answers together (no fewer of them would do):"
        )
        lines.append(head)
        for change in sets[:SHOWN_PER_SIZE]:
            lines.append(f"    - {change_set_line(guide, change)}")
        if len(sets) > SHOWN_PER_SIZE:
            lines.append(f"    … and {len(sets) - SHOWN_PER_SIZE} more (--format json lists all)")
    summary = search_summary(search)
    if summary:
        lines.append(f"  {summary}")
    return lines


def term_lines(a: Assessment) -> list[str]:
    results = term_results(a)
    if not results:
        return []
    lines = ["  Terms of the definition:"]
    for term, held in results:
        mark = {True: "holds", False: "not shown by the answers", None: "unknown"}[held]
        basis = f" (basis: {term.basis})" if term.basis else ""
        lines.append(f"    [{mark}] {term.label}{basis}")
    return lines


def explain(guide: Guide, a: Assessment) -> list[str]:
    lines = [f"Verdict: {a.verdict.verdict.title}"]
    if a.verdict.rule:
        lines.append(f"  because: {a.verdict.rule}")
    else:
        lines.append("  because: no other verdict's condition held")
    basis = getattr(a.verdict.verdict, "basis", None)
    if basis:
        lines.append(f"  basis: {basis}")
    for v in a.verdict.not_held:
        lines.append(f"  not '{v.id}': {v.when.source if v.when else ''}")
    lines.append(f"  {a.verdict.verdict.explanation}")
    lines += term_lines(a)
    if a.child:
        lines.append("Child strengths applied (scoring.child_when holds).")
    if a.sexual_list:
        lines.append("Sexual-exploitation grades applied (scoring.sexual_list_when holds).")
    if a.urgent:
        lines.append("URGENT answers:")
        for q, value in a.urgent:
            lines.append(f"  ! {q.text} → {answer_text(guide, q.id, value)}")
    lines.append("Elements:")
    for e in a.elements:
        mark = "PRESENT" if e.present else "not present"
        c = e.counts
        lines.append(
            f"  [{mark}] {e.element.label} — strong {c['strong']}, medium "
            f"{c['medium']}, weak {c['weak']}; rule: {e.rule}"
        )
        for r in e.indicators:
            for qid, value in r.sources:
                q = guide.question_by_id[qid]
                lines.append(
                    f"      {r.indicator.label} ({r.strength}) ← {q.text} → "
                    f"{answer_text(guide, qid, value)}"
                )
    lines.append("Referral steps:")
    for s in a.steps:
        rules = ", ".join(r.id for r in s.rules)
        lines.append(f"  [{s.step.urgency}] {s.step.text}  (rules: {rules})")
        step_basis = getattr(s.step, "basis", None)
        if step_basis:
            lines.append(f"      basis: {step_basis}")
        for c in s.contacts:
            lines.append(f"      {contact_line(c)}")
    lines += what_if_lines(guide, a)
    if a.unknowns:
        ranked = a.what_if_search is not None
        lines.append("Still unknown (the ones that matter first):" if ranked else "Still unknown:")
        for u in a.unknowns:
            change = ""
            if u.could_change:
                change = "; would change the verdict: " + ", ".join(
                    f"{ans} → {v}" for ans, v in u.could_change
                )
            elif u.rank is not None:
                change = f"; matters with {u.rank - 1} other answer{'s' if u.rank > 2 else ''}"
            lines.append(f"  ? {u.question.text} ({u.status.replace('_', ' ')}){change}")
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
    return {
        "verdict": {
            "id": a.verdict.verdict.id,
            "level": a.verdict.verdict.level,
            "title": a.verdict.verdict.title,
            "rule": a.verdict.rule,
            "basis": getattr(a.verdict.verdict, "basis", None),
            "not_held": [v.id for v in a.verdict.not_held],
        },
        "terms": [
            {
                "id": t.id,
                "label": t.label,
                "holds": held,
                "basis": t.basis,
                "explanation": t.explanation,
            }
            for t, held in term_results(a)
        ],
        "child": a.child,
        "sexual_list": a.sexual_list,
        "urgent": [{"question": q.id, "answer": v} for q, v in a.urgent],
        "elements": [
            {
                "id": e.element.id,
                "present": e.present,
                "counts": e.counts,
                "rule": e.rule,
                "indicators": [
                    {
                        "id": r.indicator.id,
                        "strength": r.strength,
                        "sources": [{"question": q, "answer": v} for q, v in r.sources],
                    }
                    for r in e.indicators
                ],
            }
            for e in a.elements
        ],
        "steps": [
            {
                "id": s.step.id,
                "urgency": s.step.urgency,
                "text": s.step.text,
                "rules": [r.id for r in s.rules],
                "basis": getattr(s.step, "basis", None),
                "contacts": [
                    {"id": c.id, "name": c.name, "phone": c.phone, "verified": c.verified}
                    for c in s.contacts
                ],
            }
            for s in a.steps
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
