"""Plain-text explanation of an assessment, for the command line (source language)."""

from __future__ import annotations

from typing import Any

from guide.assessment import Assessment
from guide.model import Contact, Guide


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


def explain(guide: Guide, a: Assessment) -> list[str]:
    lines = [f"Verdict: {a.verdict.verdict.title}"]
    if a.verdict.rule:
        lines.append(f"  because: {a.verdict.rule}")
    else:
        lines.append("  because: no other verdict's condition held")
    for v in a.verdict.not_held:
        lines.append(f"  not '{v.id}': {v.when.source if v.when else ''}")
    lines.append(f"  {a.verdict.verdict.explanation}")
    if a.child:
        lines.append("Child strengths applied (scoring.child_when holds).")
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
        for c in s.contacts:
            lines.append(f"      {contact_line(c)}")
    if a.unknowns:
        lines.append("Still unknown:")
        for u in a.unknowns:
            change = ""
            if u.could_change:
                change = "; would change the verdict: " + ", ".join(
                    f"{ans} → {v}" for ans, v in u.could_change
                )
            lines.append(f"  ? {u.question.text} ({u.status.replace('_', ' ')}){change}")
    return lines


def assessment_to_dict(guide: Guide, a: Assessment) -> dict[str, Any]:
    return {
        "verdict": {
            "id": a.verdict.verdict.id,
            "level": a.verdict.verdict.level,
            "title": a.verdict.verdict.title,
            "rule": a.verdict.rule,
            "not_held": [v.id for v in a.verdict.not_held],
        },
        "child": a.child,
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
                "could_change": [{"answer": x, "verdict": v} for x, v in u.could_change],
            }
            for u in a.unknowns
        ],
    }
