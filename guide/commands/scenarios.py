"""dalil test: run the guide's scenarios, like unit tests for the guide."""

from __future__ import annotations

import argparse

from guide.commands.common import add_guide_argument, load_or_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "test",
        help="run the guide's scenarios",
        description="Run every scenario of the guide and compare the outcome "
        "with what it expects. Exit 1 on any failure.",
    )
    add_guide_argument(p)
    p.add_argument("-k", dest="select", help="only scenarios whose id contains this text")
    p.add_argument("-v", "--verbose", action="store_true", help="show every scenario")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from guide.scenarios import run_scenarios

    result = load_or_report(args)
    if result.guide is None:
        print("The guide has errors; fix them first (dalil validate).")
        return 1
    results = run_scenarios(result.guide)
    if args.select:
        results = [r for r in results if args.select in r.scenario.id]
    passed = failed = 0
    for r in results:
        if r.passed:
            passed += 1
            if args.verbose:
                print(f"PASS {r.scenario.id}")
        else:
            failed += 1
            print(f"FAIL {r.scenario.id} ({r.scenario.ref}): {r.scenario.title}")
            for f in r.failures:
                print(f"    {f}")
    if not results:
        print("No scenarios found.")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not results else 0
