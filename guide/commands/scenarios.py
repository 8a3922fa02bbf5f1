"""dalil test: run the guide's scenarios, like unit tests for the guide, then search for
counterexamples to the guide's invariants (guide.trainer.invariants); --coverage says what the
scenarios leave untested (definitions in guide.trainer.coverage)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from guide.commands.common import add_guide_argument, load_or_report
from guide.i18n import _, format_number, ngettext
from guide.i18n.lazy import translated
from guide.i18n.oserrors import os_reason
from guide.i18n.quantities import join


def _percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a percentage").format(text=text)
        ) from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(_("give a percentage between 0 and 100"))
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a number of seconds").format(text=text)
        ) from None
    if not 0 <= value <= 86400:
        raise argparse.ArgumentTypeError(_("give a number of seconds between 0 and 86400"))
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a whole number").format(text=text)
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("give a number of interviews, 0 or more"))
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "test",
        help=_("run the guide's scenarios"),
        description=_(
            "Run every scenario of the guide and compare the outcome "
            "with what it expects; then search for interviews that break the guide's "
            "invariants, within a time limit. Exit 1 on any failure or broken invariant, "
            "or when --fail-under is not met."
        ),
    )
    add_guide_argument(p)
    p.add_argument("-k", dest="select", help=_("only scenarios whose id contains this text"))
    p.add_argument("-v", "--verbose", action="store_true", help=_("show every scenario"))
    p.add_argument(
        "--coverage",
        action="store_true",
        help=_(
            "also show which questions, answers, indicators, elements, verdicts and "
            "referral rules no scenario exercises"
        ),
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--time-limit",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help=_("time for the invariant search (default 30); 0 skips it"),
    )
    p.add_argument("--seed", type=int, default=0, help=_("seed of the random search (default 0)"))
    p.add_argument(
        "--random",
        type=_count,
        default=10000,
        metavar="N",
        help=_("random interviews to try after the single changes (default 10000)"),
    )
    p.add_argument(
        "--counterexamples",
        metavar="DIR",
        help=_("write each counterexample as an answers file in DIR, for dalil simulate"),
    )
    p.add_argument(
        "--fail-under",
        type=_percent,
        metavar="PCT",
        help=_("exit 1 when the total coverage is under PCT (implies --coverage)"),
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from guide.core.scenarios import run_scenarios

    as_json = args.format == "json"
    result = load_or_report(args)
    if result.guide is None:
        print(
            _("The guide has errors; fix them first (dalil validate)."),
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
        from guide.trainer.coverage import coverage, trace_scenario

        report = coverage(guide, [trace_scenario(guide, r.scenario) for r in results])
    under = (
        report is not None and args.fail_under is not None and report.percent() < args.fail_under
    )
    search = None
    written: dict[str, list[str]] = {}
    write_error = ""
    will_search = args.time_limit > 0 and bool(guide.invariants) and not args.select
    if args.counterexamples is not None:
        if not will_search:
            print(
                _("--counterexamples is ignored: no invariant search in this run."), file=sys.stderr
            )
        else:
            # Check the folder before a search that may take a while.
            write_error = _prepare_folder(Path(args.counterexamples))
            if write_error:
                print(write_error, file=sys.stderr)
                return 2
    started = time.monotonic()
    if will_search:
        from guide.trainer.invariants import search as search_invariants

        deadline = started + args.time_limit
        search = search_invariants(
            guide,
            should_stop=lambda: time.monotonic() > deadline,
            seed=args.seed,
            random_budget=args.random,
        )
        if args.counterexamples:
            write_error = _write_counterexamples(guide, search, Path(args.counterexamples), written)
    elapsed = time.monotonic() - started
    broken = search.broken if search else 0

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
        if search is not None:
            data["invariants"] = _search_dict(
                guide, search, elapsed, args.time_limit, written, args.random
            )
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for r in results:
            if r.passed:
                if args.verbose:
                    print(f"PASS {r.scenario.id}")
            else:
                print(f"FAIL {r.scenario.id} ({r.scenario.ref}): {r.scenario.title}")
                for f in r.failures:
                    print(f"    {translated(f)}")
        if not results:
            print(_("No scenarios found."))
        if report is not None:
            from guide.trainer.coverage import format_report

            print("\n".join(format_report(report)))
            if under:
                print(
                    _("Coverage {percent} is under the required {required}.").format(
                        percent=f"{report.percent():.1f}%", required=f"{args.fail_under:g}%"
                    )
                )
        if search is not None:
            print("\n".join(_search_lines(guide, search, elapsed, args.time_limit, written)))
        elif guide.invariants and args.select:
            print(_("Invariants not searched: -k selects scenarios only."))
        elif guide.invariants:
            print(_("Invariants not searched (--time-limit 0)."))
        print(_("{passed} passed, {failed} failed").format(passed=passed, failed=failed))
    if write_error:  # the report is printed all the same
        print(write_error, file=sys.stderr)
        return 2
    return 1 if failed or not results or under or broken else 0


def _search_lines(
    guide,
    search,
    elapsed: float,
    limit: float,  # type: ignore[no-untyped-def]
    written: dict[str, list[str]],
) -> list[str]:
    from guide.trainer.invariants import answers_yaml

    lines: list[str] = []
    for o in search.outcomes:
        inv = o.invariant
        if o.status == "not_checked":
            what = _("its `when` held") if inv.monotone is None else _("no such change happened")
            lines.append(
                "NOT CHECKED "
                + _(
                    "invariant {id} ({place}): {what} on none of the interviews searched; "
                    "it proves nothing yet"
                ).format(id=inv.id, place=inv.ref, what=what)
            )
        if o.held:
            continue
        cx = o.counterexample
        lines.append(
            "BROKEN "
            + _("invariant {id} ({place}): {title}").format(
                id=inv.id, place=inv.ref, title=inv.title
            )
        )
        lines.append(f"    {translated(cx.describe())}")
        if inv.id in written:
            lines.append(
                "    " + _("answers file: {files}").format(files=", ".join(written[inv.id]))
            )
        else:
            lines.extend("    " + line for line in answers_yaml(cx, guide).splitlines())
    how = _("the time limit stopped it") if search.stopped else _("finished")
    # A search that stopped early proves less: say "not broken so far", not "held".
    if search.stopped:
        held = ngettext("{n} not broken so far", "{n} not broken so far", search.held)
    else:
        held = ngettext("{n} held", "{n} held", search.held)
    held = held.format(n=search.held)
    if search.not_checked:
        not_checked = ngettext("{n} not checked", "{n} not checked", search.not_checked)
        held = join([held, not_checked.format(n=search.not_checked)])
    lines.append(
        _(
            "Invariants: {held}, {broken} broken, of {total}; {interviews} candidate interviews "
            "searched in {seconds} s (single changes around the scenarios: {done} of "
            "{planned}; random interviews: {random}, seed {seed}; time limit {limit} s, {how})"
        ).format(
            held=held,
            broken=search.broken,
            total=len(search.outcomes),
            interviews=search.interviews,
            seconds=format_number(round(elapsed, 1)),
            done=search.exhaustive_done,
            planned=search.exhaustive_planned,
            random=search.random_interviews,
            seed=search.seed,
            limit=f"{limit:g}",
            how=how,
        )
    )
    return lines


def _search_dict(
    guide,
    search,
    elapsed: float,
    limit: float,  # type: ignore[no-untyped-def]
    written: dict[str, list[str]],
    budget: int,
) -> dict[str, object]:
    from guide.trainer.invariants import answers_yaml

    return {
        "held": search.held,
        "broken": search.broken,
        "not_checked": search.not_checked,
        "declared": len(search.outcomes),
        "candidate_interviews": search.interviews,
        "single_changes": {"done": search.exhaustive_done, "planned": search.exhaustive_planned},
        "random_interviews": search.random_interviews,
        "random_budget": budget,
        "seed": search.seed,
        "seconds": round(elapsed, 2),
        "time_limit": limit,
        "stopped_by_time_limit": search.stopped,
        "complete": not search.stopped,
        "results": [
            {
                "id": o.invariant.id,
                "title": o.invariant.title,
                "where": str(o.invariant.ref) if o.invariant.ref else None,
                "held": o.held,
                "status": o.status,
                "checked": o.checked,
                "counterexample": None
                if o.held
                else {
                    "description": o.counterexample.describe(),
                    "verdict": o.counterexample.verdict,
                    "change": list(o.counterexample.change) if o.counterexample.change else None,
                    "verdict_after": o.counterexample.verdict_after,
                    "answers": o.counterexample.answers,
                    "answers_file": answers_yaml(o.counterexample, guide, english=True),
                    "written": written.get(o.invariant.id, []),
                },
            }
            for o in search.outcomes
        ],
    }


def _prepare_folder(folder: Path) -> str:
    if str(folder) == "":
        return _("--counterexamples needs a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _("cannot use {folder} for the counterexamples: {problem}").format(
            folder=folder, problem=translated(os_reason(exc))
        )
    if not folder.is_dir():
        return _("cannot use {folder} for the counterexamples: it is not a folder").format(
            folder=folder
        )
    return ""


def _write_counterexamples(
    guide,
    search,
    folder: Path,  # type: ignore[no-untyped-def]
    written: dict[str, list[str]],
) -> str:
    """Write each counterexample (and, for a monotone one, the answers after the change)."""
    from guide.trainer.invariants import after_answers, answers_yaml

    try:
        folder.mkdir(parents=True, exist_ok=True)
        for o in search.outcomes:
            if o.held:
                continue
            cx = o.counterexample
            path = folder / f"{o.invariant.id}.yaml"
            path.write_text(answers_yaml(cx, guide), encoding="utf-8")
            written[o.invariant.id] = [str(path)]
            after = after_answers(cx)
            if after is not None:
                path2 = folder / f"{o.invariant.id}.after.yaml"
                path2.write_text(answers_yaml(cx, guide, answers=after), encoding="utf-8")
                written[o.invariant.id].append(str(path2))
    except OSError as exc:
        return _("cannot write the counterexamples in {folder}: {problem}").format(
            folder=folder, problem=translated(os_reason(exc))
        )
    return ""
