"""dalil simulate: answers from a file in, the assessment with its reasons out."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from guide.commands.common import add_guide_argument, load_or_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "simulate",
        help="assess a set of answers without the wizard",
        description="Read answers (YAML or JSON: question id → answer) and print "
        "the verdict, the elements, the referral steps and why.",
    )
    add_guide_argument(p)
    p.add_argument(
        "--answers",
        required=True,
        metavar="FILE",
        help="YAML or JSON mapping of question id to answer; '-' reads stdin",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=run)


def read_answers(path: str) -> tuple[dict[str, Any] | None, str]:
    from guide.yamlio import parse_yaml

    try:
        raw = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()  # noqa: SIM115
    except OSError as exc:
        return None, f"cannot read {path}: {exc.strerror}"
    parsed = parse_yaml(raw, path)
    if not parsed.ok:
        return None, "\n".join(d.format() for d in parsed.diagnostics)
    data = parsed.data
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]
    if not isinstance(data, dict):
        return None, f"{path}: expected a mapping of question id to answer"
    return data, ""


def run(args: argparse.Namespace) -> int:
    from guide.assessment import assess, with_what_if
    from guide.explain import assessment_to_dict, explain
    from guide.scenarios import interview_from_answers

    result = load_or_report(args)
    if result.guide is None:
        print("The guide has errors; fix them first (dalil validate).", file=sys.stderr)
        return 1
    answers, error = read_answers(args.answers)
    if answers is None:
        print(error, file=sys.stderr)
        return 2
    g = result.guide
    iv, problems = interview_from_answers(g, answers)
    for p in problems:
        print(f"error: {p} (left out)", file=sys.stderr)
    a = with_what_if(iv, assess(g, iv.state()))
    if args.format == "json":
        data = assessment_to_dict(g, a)
        data["problems"] = problems
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(explain(g, a)))
    return 1 if problems else 0
