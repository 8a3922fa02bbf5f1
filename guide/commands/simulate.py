"""dalil simulate: answers from a file in, the assessment with its reasons out."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from guide.commands.common import add_guide_argument, load_or_report
from guide.i18n import _
from guide.i18n.lazy import translated


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "simulate",
        help=_("assess a set of answers without the wizard"),
        description=_(
            "Read answers (YAML or JSON: question id → answer) and print "
            "the verdict and its basis, the elements, the referral steps and why, and which "
            "unanswered questions could change the result (the smallest sets of up to three "
            "answers first). Answers are given in interview order, as an officer would; an "
            "answer to a question the interview does not ask, given the other answers, is left "
            "out with a warning on stderr (and listed under 'ignored' in JSON). "
            "Exit status: 0 when the answers were assessed, even with such warnings; 1 when an "
            "answer cannot be used (no such question, not an accepted answer) or the guide has "
            "errors; 2 when the answers file cannot be read."
        ),
    )
    add_guide_argument(p)
    p.add_argument(
        "--answers",
        required=True,
        metavar="FILE",
        help=_("YAML or JSON mapping of question id to answer; '-' reads stdin"),
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--what-if-budget",
        type=int,
        default=None,
        metavar="N",
        help=_(
            "at most N assessments when looking for the answers that would change the "
            "result (default: 3000); the output says when the search stopped before the end"
        ),
    )
    p.set_defaults(func=run)


def ignored_answers(guide: Any, iv: Any, answers: dict[str, Any]) -> list[tuple[str, Any]]:
    """Answers to questions the interview never asks, given the other answers: the
    assessment leaves them out (as `dalil test` does for scenarios)."""
    given = iv.answers  # an answer refused as invalid is a problem, not also ignored
    return [
        (qid, value)
        for qid, value in answers.items()
        if qid in guide.question_by_id and qid in given and not iv.is_active(qid)
    ]


def read_answers(path: str) -> tuple[dict[str, Any] | None, str]:
    from guide.i18n.oserrors import os_reason
    from guide.loader.yamlio import MAX_BYTES, parse_yaml
    from guide.safe_files import read_bounded

    try:
        # A regular file of bounded size: never a FIFO, a device or a huge file.
        raw = sys.stdin.buffer.read(MAX_BYTES + 1) if path == "-" else read_bounded(path, MAX_BYTES)
    except OSError as exc:
        return None, _("cannot read {file}: {problem}").format(
            file=path[:300], problem=translated(os_reason(exc))
        )
    parsed = parse_yaml(raw, path)
    if not parsed.ok:
        return None, "\n".join(d.format() for d in parsed.diagnostics)
    data = parsed.data
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]
    if not isinstance(data, dict):
        return None, _("{file}: expected a mapping of question id to answer").format(file=path)
    return data, ""


def run(args: argparse.Namespace) -> int:
    from guide.core.assessment import assess
    from guide.core.scenarios import interview_from_answers
    from guide.core.what_if import DEFAULT_WHAT_IF_BUDGET, with_what_if
    from guide.trainer.explain import assessment_to_dict, explain

    result = load_or_report(args)
    if result.guide is None:
        print(_("The guide has errors; fix them first (dalil validate)."), file=sys.stderr)
        return 1
    answers, error = read_answers(args.answers)
    if answers is None:
        print(error, file=sys.stderr)
        return 2
    g = result.guide
    iv, problems = interview_from_answers(g, answers)
    for p in problems:
        print(_("error: {problem} (left out)").format(problem=translated(p)), file=sys.stderr)
    ignored = ignored_answers(g, iv, answers)
    for qid, _value in ignored:
        print(
            _(
                "warning: the answer to '{question}' is left out: the interview does not ask "
                "this question with the other answers"
            ).format(question=qid),
            file=sys.stderr,
        )
    if ignored:
        # Left out for good: kept, they would come back in the what-if search as soon as
        # a trial answer opened their question.
        left_out = {qid for qid, _ in ignored}
        iv, _problems = interview_from_answers(
            g, {k: v for k, v in answers.items() if k not in left_out}
        )
    budget = getattr(args, "what_if_budget", None)
    a = with_what_if(
        iv,
        assess(g, iv.state()),
        budget=DEFAULT_WHAT_IF_BUDGET if budget is None else max(budget, 0),
    )
    if args.format == "json":
        data = assessment_to_dict(g, a)
        data["problems"] = problems
        data["ignored"] = [{"question": qid, "answer": value} for qid, value in ignored]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(explain(g, a)))
    return 1 if problems else 0
