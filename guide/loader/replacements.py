"""A question's `replaces`: the ids it had in earlier versions of the guide.

A saved interview names questions by id. When a trainer renames a question, or turns it
round so that "yes" is the sign (`can_go_out_alone` became `stopped_going_out`), or splits
it in two, the answers saved under the old id would be lost. The new question says which
old ids it replaces, and how their answers read now:

    - id: stopped_going_out
      replaces:
        - id: can_go_out_alone
          answers: {yes: "no", no: "yes"}

A plain id keeps the answers as they are; `answers` maps old answer ids to new ones, and an
old answer it leaves out is not carried over (the wizard asks the question again). A choice
question may replace itself to read answer ids it no longer has. `Interview.replay` applies
the map when a saved interview is resumed or reported.
"""

from __future__ import annotations

from typing import Any

from guide.core.model import Question, Replacement
from guide.loader.context import Item, LoadContext
from guide.loader.diagnostics import Msg


def _answer_id(value: Any) -> str:
    # `true`/`false` are booleans in the guide's YAML; an answer map means yes and no
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def build_replacements(ctx: LoadContext) -> dict[str, tuple[Replacement, ...]]:
    """Old id -> how to read its answers, from every question's `replaces`."""
    found: dict[str, list[Replacement]] = {}
    for qid, qe in ctx.questions.items():
        entries = qe.extra.replaces if qe.extra is not None else None
        if not entries:
            continue
        question = qe.question
        file, qpath = ctx.question_at(qid)
        item = Item(file, qpath, None)
        seen: set[str] = set()
        for n, entry in enumerate(entries):
            path = (*qpath, "replaces", n)
            old = entry if isinstance(entry, str) else entry["id"]
            where = path if isinstance(entry, str) else (*path, "id")
            if old in seen:
                ctx.diag(item, where, Msg.G024_TWICE, name=qid, old=old)
                continue
            seen.add(old)
            if old != qid and old in ctx.questions:
                ctx.diag(item, where, Msg.G024_STILL_THERE, name=qid, old=old)
                continue
            answers = None if isinstance(entry, str) else entry.get("answers")
            if old == qid and not answers:
                ctx.diag(item, where, Msg.G024_SELF_WITHOUT_MAP, name=qid)
                continue
            mapping = _answer_map(ctx, item, (*path, "answers"), question, answers, old == qid)
            if mapping is None:
                continue
            found.setdefault(old, []).append(
                Replacement(old, qid, None if answers is None else mapping, question.ref)
            )
    return {old: tuple(reps) for old, reps in found.items()}


def _answer_map(
    ctx: LoadContext,
    item: Item,
    path: tuple[Any, ...],
    question: Question,
    answers: dict[Any, Any] | None,
    same_question: bool,
) -> dict[str, str] | None:
    """The old -> new answer ids, checked; None when a diagnostic was reported."""
    if answers is None:
        return {}
    current = [opt.id for opt in question.options]
    ok = True
    mapping: dict[str, str] = {}
    for key, value in answers.items():
        old, new = _answer_id(key), _answer_id(value)
        if same_question and old in current:
            ctx.diag(
                item, (*path, key), Msg.G024_SELF_CURRENT, key=True, answer=old, name=question.id
            )
            ok = False
            continue
        if question.type == "number" or new not in current:
            ctx.diag(
                item,
                (*path, key),
                Msg.G024_NOT_AN_ANSWER,
                answer=new,
                name=question.id,
                answers=", ".join(current) or "-",
            )
            ok = False
            continue
        mapping[old] = new
    return mapping if ok else None
