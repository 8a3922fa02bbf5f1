"""dalil test: run the guide's scenarios, like unit tests for the guide; --coverage says
what they leave untested (definitions in guide.coverage)."""

from __future__ import annotations

import argparse
import json
import sys

from guide.commands.common import add_guide_argument, load_or_report


def _percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("give a percentage between 0 and 100")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "test",
        help="run the guide's scenarios",
        description="Run every scenario of the guide and compare the outcome "
        "with what it expects. Exit 1 on any failure, or when --fail-under is not met.",
    )
    add_guide_argument(p)
    p.add_argument("-k", dest="select", help="only scenarios whose id contains this text")
    p.add_argument("-v", "--verbose", action="store_true", help="show every scenario")
    p.add_argument(
        "--coverage",
        action="store_true",
        help="also show which questions, answers, indicators, elements, verdicts and "
        "referral rules no scenario exercises",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--fail-under",
        type=_percent,
        metavar="PCT",
        help="exit 1 when the total coverage is under PCT (implies --coverage)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from guide.scenarios import run_scenarios

    as_json = args.format == "json"
    result = load_or_report(args)
    if result.guide is None:
        print(
            "The guide has errors; fix them first (dalil validate).",
            file=sys.stderr if as_json else sys.stdout,
        )
        return 1
    guide = result.guide
    results = run_scenarios(guide)
    if args.select:
        results = [r for r in results if args.select in r.scenario.id]
    passed = sum(1 for r in results if r.passed)
    failed = len(results) - passed
    want_coverage = args.coverage or args.fail_under is not None
    report = None
    if want_coverage:
        from guide.coverage import coverage, trace_scenario

        report = coverage(guide, [trace_scenario(guide, r.scenario) for r in results])
    under = (
        report is not None and args.fail_under is not None and report.percent() < args.fail_under
    )

    if as_json:
        data: dict[str, object] = {
            "passed": passed,
            "failed": failed,
            "scenarios": [
                {
                    "id": r.scenario.id,
                    "where": str(r.scenario.ref) if r.scenario.ref else None,
                    "passed": r.passed,
                    "failures": r.failures,
                }
                for r in results
            ],
        }
        if report is not None:
            summary = report.to_dict()
            if args.fail_under is not None:
                summary["fail_under"] = args.fail_under
            data["coverage"] = summary
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for r in results:
            if r.passed:
                if args.verbose:
                    print(f"PASS {r.scenario.id}")
            else:
                print(f"FAIL {r.scenario.id} ({r.scenario.ref}): {r.scenario.title}")
                for f in r.failures:
                    print(f"    {f}")
        if not results:
            print("No scenarios found.")
        if report is not None:
            from guide.coverage import format_report

            print("\n".join(format_report(report)))
            if under:
                print(
                    f"Coverage {report.percent():.1f}% is under the required {args.fail_under:g}%."
                )
        print(f"{passed} passed, {failed} failed")
    return 1 if failed or not results or under else 0
