"""dalil validate --watch: re-validate and re-run the scenarios whenever a guide file
changes, and show only what changed since the last run.

Files are polled (modification time and size of every YAML file, and the set of files):
no new dependency, and it works the same on every system and on network folders. The
pieces are separate so tests drive them without sleeping: `check` runs once, `diff_runs`
compares two runs, `watch` loops with an injectable `sleep` and a bound on runs or polls.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from guide.i18n import _, ngettext
from guide.i18n.lazy import translated
from guide.loader.diagnostics import Diagnostic, Severity

Snapshot = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Run:
    """One validation and scenario run."""

    diagnostics: tuple[Diagnostic, ...]
    # scenario id -> its failures (empty: it passes); empty when the guide did not load
    scenarios: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    loaded: bool = True

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    @property
    def failing(self) -> list[str]:
        return [s for s, f in self.scenarios.items() if f]

    def summary(self) -> str:
        """'0 errors, 1 warning; scenarios: 4 passed, 0 failed' with the language's list
        separator and the translator's punctuation between the two halves (French puts a
        narrow no-break space before ';', Arabic uses '؛')."""
        from guide.i18n.quantities import join

        counts = join(
            [
                ngettext("{n} error", "{n} errors", self.errors).format(n=self.errors),
                ngettext("{n} warning", "{n} warnings", self.warnings).format(n=self.warnings),
            ]
        )
        if not self.loaded:
            scenarios = _("scenarios not run until the errors are fixed")
        else:
            passed = len(self.scenarios) - len(self.failing)
            scenarios = _("scenarios: {passed} passed, {failed} failed").format(
                passed=passed, failed=len(self.failing)
            )
        return _("{counts}; {scenarios}").format(counts=counts, scenarios=scenarios)


def check(root: str | Path) -> Run:
    from guide.core.scenarios import run_scenarios
    from guide.loader import load_guide

    result = load_guide(root)
    if result.guide is None:
        return Run(tuple(result.diagnostics), {}, loaded=False)
    outcomes = {r.scenario.id: tuple(r.failures) for r in run_scenarios(result.guide)}
    return Run(tuple(result.diagnostics), outcomes, loaded=True)


def _key(d: Diagnostic) -> tuple[str, str, str, str]:
    # Not the line: adding a line above a problem moves it, it does not make it new.
    return (d.file, d.severity.value, d.code, d.message)


@dataclass
class RunDiff:
    new: list[Diagnostic] = field(default_factory=list)
    fixed: list[Diagnostic] = field(default_factory=list)
    newly_failing: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    failing_differently: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    newly_passing: list[str] = field(default_factory=list)
    added_passing: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    stopped_loading: bool = False
    loads_again: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.new
            or self.fixed
            or self.newly_failing
            or self.failing_differently
            or self.newly_passing
            or self.added_passing
            or self.removed
            or self.stopped_loading
            or self.loads_again
        )


def _minus(a: list[Diagnostic], b: list[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics of a not matched by one of b (as multisets, by key)."""
    left = Counter(_key(d) for d in b)
    out = []
    for d in a:
        k = _key(d)
        if left[k]:
            left[k] -= 1
        else:
            out.append(d)
    return out


def diff_runs(before: Run | None, after: Run) -> RunDiff:
    """What changed from `before` to `after`. With no `before`, everything is new.
    When `after` did not load, its scenarios are not compared (they were not run)."""
    prev = before or Run((), {}, loaded=True)
    diff = RunDiff(
        new=_minus(list(after.diagnostics), list(prev.diagnostics)),
        fixed=_minus(list(prev.diagnostics), list(after.diagnostics)),
    )
    if not after.loaded:
        diff.stopped_loading = prev.loaded
        return diff
    diff.loads_again = before is not None and not before.loaded
    for sid, failures in after.scenarios.items():
        if sid not in prev.scenarios:
            if failures:
                diff.newly_failing.append((sid, failures))
            else:
                diff.added_passing.append(sid)
        elif failures and not prev.scenarios[sid]:
            diff.newly_failing.append((sid, failures))
        elif failures and failures != prev.scenarios[sid]:
            diff.failing_differently.append((sid, failures))
        elif not failures and prev.scenarios[sid]:
            diff.newly_passing.append(sid)
    diff.removed = [s for s in prev.scenarios if s not in after.scenarios]
    return diff


def format_diff(diff: RunDiff, after: Run) -> list[str]:
    lines: list[str] = []
    if diff.stopped_loading:
        lines.append(_("The guide no longer loads: scenarios are not run until it does."))
    if diff.loads_again:
        lines.append(_("The guide loads again."))
    for d in diff.new:
        lines.append("+ " + d.format().replace("\n", "\n  "))
    for d in diff.fixed:
        place = f"{d.file}:{d.line}" if d.line else d.file
        lines.append(
            "- "
            + _("fixed: {place}: {code}: {message}").format(
                place=place, code=d.code, message=translated(d.message)
            )
        )
    for sid, failures in diff.newly_failing:
        lines.append(f"+ FAIL {sid}")
        lines += [f"      {translated(f)}" for f in failures]
    for sid, failures in diff.failing_differently:
        lines.append(f"~ FAIL {sid} " + _("(differently)"))
        lines += [f"      {translated(f)}" for f in failures]
    lines += ["- " + _("now passes: {id}").format(id=sid) for sid in diff.newly_passing]
    lines += ["+ " + _("new scenario passes: {id}").format(id=sid) for sid in diff.added_passing]
    lines += ["- " + _("scenario removed: {id}").format(id=sid) for sid in diff.removed]
    if diff.empty:
        lines.append(_("No change in diagnostics or scenarios."))
    lines.append(after.summary())
    return lines


def format_run(run: Run) -> list[str]:
    """The first run in full: every diagnostic and every failing scenario."""
    lines = [d.format() for d in run.diagnostics]
    for sid in run.failing:
        lines.append(f"FAIL {sid}")
        lines += [f"      {translated(f)}" for f in run.scenarios[sid]]
    lines.append(run.summary())
    return lines


def snapshot(root: str | Path) -> Snapshot:
    """(modification time, size) of every guide file; a file that vanishes mid-way is left
    out, which reads as a change."""
    from guide.loader import guide_files

    snap: Snapshot = {}
    root = Path(root)
    if not root.exists():
        return snap
    for file in guide_files(root):
        try:
            st = file.stat()
        except OSError:
            continue
        snap[str(file)] = (st.st_mtime_ns, st.st_size)
    return snap


def changed_files(before: Snapshot, after: Snapshot, root: str | Path) -> list[str]:
    base = Path(root) if Path(root).is_dir() else Path(root).parent

    def show(name: str) -> str:
        try:
            return str(Path(name).relative_to(base))
        except ValueError:
            return name

    out = [
        _("changed {file}").format(file=show(f))
        for f in after
        if f in before and before[f] != after[f]
    ]
    out += [_("added {file}").format(file=show(f)) for f in after if f not in before]
    out += [_("removed {file}").format(file=show(f)) for f in before if f not in after]
    return out


def watch(
    root: str | Path,
    interval: float = 0.5,
    *,
    out: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_runs: int | None = None,
    max_polls: int | None = None,
) -> int:
    """Run, then poll every `interval` seconds and re-run on change. Ctrl-C stops cleanly.
    `max_runs`/`max_polls` bound the loop (for tests). Returns 0 if the last run had no
    error and no failing scenario, else 1."""
    from guide.i18n.quantities import join

    if out is None:

        def out(line: str) -> None:
            print(line, flush=True)  # flushed: the watcher is often piped into tee or a log

    polls = 0
    last: Run | None = None
    try:  # Ctrl-C may come at any moment, even during the first run
        out(_("Watching {folder} (Ctrl-C to stop).").format(folder=root))
        snap = snapshot(root)
        last = check(root)
        for line in format_run(last):
            out(line)
        runs = 1
        while (max_runs is None or runs < max_runs) and (max_polls is None or polls < max_polls):
            sleep(interval)
            polls += 1
            current = snapshot(root)
            if current == snap:
                continue
            # An editor may still be writing: wait until two polls agree.
            for _attempt in range(5):
                sleep(interval)
                again = snapshot(root)
                if again == current:
                    break
                current = again
            changes = changed_files(snap, current, root)
            snap = current
            run = check(root)
            runs += 1
            out("")
            out(f"[{time.strftime('%H:%M:%S')}] " + join(changes))
            for line in format_diff(diff_runs(last, run), run):
                out(line)
            # Scenarios are compared with the last run that could run them.
            last = run if run.loaded else Run(run.diagnostics, last.scenarios, loaded=False)
    except KeyboardInterrupt:
        out("\n" + _("Stopped watching."))
    if last is None:
        return 0
    return 1 if last.errors or (last.loaded and last.failing) else 0
