import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from guide.cli import main
from guide.loader.diagnostics import Diagnostic, Severity
from guide.trainer.watch import Run, check, diff_runs, format_diff, snapshot, watch

from .helpers import MINI, SHIPPED

ROOT = Path(__file__).resolve().parents[2]


def _diag(line: int, code: str = "S001", message: str = "unknown key 'x'") -> Diagnostic:
    return Diagnostic("g/guide.yaml", line, 3, Severity.ERROR, code, message, "")


def test_diff_new_and_fixed_diagnostics_ignore_moved_lines():
    before = Run((_diag(3), _diag(9, "G002", "there is no indicator 'y'")), {}, loaded=False)
    after = Run((_diag(5), _diag(7, "G004", "unknown name 'z'")), {}, loaded=False)
    diff = diff_runs(before, after)
    assert [d.code for d in diff.new] == ["G004"]
    assert [d.code for d in diff.fixed] == ["G002"]  # S001 only moved from line 3 to 5
    lines = format_diff(diff, after)
    assert lines[0].startswith("+ g/guide.yaml:7:3: error G004: unknown name 'z'")
    assert lines[1] == "- fixed: g/guide.yaml:9: G002: there is no indicator 'y'"


def test_diff_counts_repeated_diagnostics():
    before = Run((_diag(3),), {})
    after = Run((_diag(3), _diag(8)), {})
    assert [d.line for d in diff_runs(before, after).new] == [8]


def test_diff_scenarios():
    before = Run((), {"a": (), "b": ("verdict: expected x, got y",), "c": (), "d": ("f1",)})
    after = Run((), {"a": ("steps: missing s",), "b": (), "d": ("f2",), "e": ()})
    diff = diff_runs(before, after)
    assert diff.newly_failing == [("a", ("steps: missing s",))]
    assert diff.newly_passing == ["b"]
    assert diff.failing_differently == [("d", ("f2",))]
    assert diff.added_passing == ["e"]
    assert diff.removed == ["c"]
    text = "\n".join(format_diff(diff, after))
    assert "+ FAIL a\n      steps: missing s" in text
    assert "- now passes: b" in text and "- scenario removed: c" in text
    assert text.endswith("0 errors, 0 warnings; scenarios: 2 passed, 2 failed")


def test_diff_nothing_changed_and_loading_changes():
    run = Run((), {"a": ()})
    assert diff_runs(run, run).empty
    assert format_diff(diff_runs(run, run), run)[0] == "No change in diagnostics or scenarios."
    broken = Run((_diag(1),), {}, loaded=False)
    diff = diff_runs(run, broken)
    assert diff.stopped_loading and not diff.removed  # scenarios not run, not removed
    back = diff_runs(Run((_diag(1),), {"a": ()}, loaded=False), run)
    assert back.loads_again and [d.code for d in back.fixed] == ["S001"]
    assert not back.added_passing  # compared with the scenarios of the last run that ran them


def test_check_on_mini():
    run = check(MINI)
    assert run.loaded and run.errors == 0 and len(run.scenarios) == 4 and not run.failing


def test_watch_once_on_the_shipped_guide():
    if not SHIPPED.is_dir():
        pytest.skip("the shipped guide is not in this checkout")
    output: list[str] = []
    assert watch(SHIPPED, 0.01, out=output.append, max_runs=1) == 0
    assert output[-1].startswith("0 errors, ") and " 0 failed" in output[-1]


def _copy_mini(tmp_path: Path) -> Path:
    guide = tmp_path / "g"
    shutil.copytree(MINI, guide)
    return guide


def _touch(path: Path, text: str) -> None:
    old = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(old + 10**9, old + 10**9))  # a clear change even on coarse clocks


def test_watch_loop_reports_only_changes(tmp_path):
    guide = _copy_mini(tmp_path)
    file = guide / "guide.yaml"
    original = file.read_text(encoding="utf-8")
    edits = [
        original.replace(
            "  - {id: recruitment, label", "  - {id: recruitment, labl"
        ),  # schema error
        original.replace(
            "expect: {verdict: alert, elements: [], steps: [call_police",
            "expect: {verdict: grounds, elements: [], steps: [call_police",
        ),
        original,
    ]
    output: list[str] = []
    polls = {"n": 0}

    def fake_sleep(_seconds: float) -> None:
        polls["n"] += 1
        # Edit on every other poll: the poll after an edit confirms the files are stable.
        if polls["n"] % 3 == 1 and edits:
            _touch(file, edits.pop(0))

    code = watch(guide, 0.01, out=output.append, sleep=fake_sleep, max_runs=4)
    text = "\n".join(output)
    runs = text.split("\n\n")
    assert len(runs) == 4
    assert runs[0].endswith("0 errors, 0 warnings; scenarios: 4 passed, 0 failed")
    assert "changed guide.yaml" in runs[1]  # named within the guide folder
    assert (
        "The guide no longer loads" in runs[1]
        and "+ g/guide.yaml:" in runs[1]
        and "S001" in runs[1]
    )
    assert "The guide loads again." in runs[2] and "- fixed: g/guide.yaml:" in runs[2]
    assert "+ FAIL s3\n      verdict: expected grounds, got alert" in runs[2]
    assert "+ new scenario" not in runs[2]  # s1, s2, s4 were passing before the break
    assert "- now passes: s3" in runs[3]
    assert code == 0


def test_watch_sees_added_and_removed_files(tmp_path):
    guide = _copy_mini(tmp_path)
    extra = guide / "scenarios" / "more.yaml"
    output: list[str] = []
    # Each change is followed by one quiet poll: the watcher waits until the files are stable.
    steps = iter(["add", None, "remove", None])

    def fake_sleep(_seconds: float) -> None:
        action = next(steps, None)
        if action == "add":
            extra.parent.mkdir()
            extra.write_text(
                "scenarios:\n  - id: extra\n    title: Extra\n    answers: {danger: yes}\n"
                "    expect: {verdict: alert, elements: [], steps: [call_police, explain_rights]}\n"
            )
        elif action == "remove":
            extra.unlink()

    watch(guide, 0.01, out=output.append, sleep=fake_sleep, max_polls=2)
    text = "\n".join(output)
    assert "added scenarios/more.yaml" in text and "+ new scenario passes: extra" in text
    assert "removed scenarios/more.yaml" in text and "- scenario removed: extra" in text


def test_watch_ctrl_c_exits_cleanly(tmp_path):
    output: list[str] = []

    def interrupted(_seconds: float) -> None:
        raise KeyboardInterrupt

    assert watch(MINI, 0.01, out=output.append, sleep=interrupted) == 0
    assert output[-1] == "\nStopped watching."


def test_snapshot_of_missing_folder_is_empty(tmp_path):
    assert snapshot(tmp_path / "nope") == {}


def test_validate_watch_option(tmp_path, capsys):
    # --max-runs 1: the first run only, then return.
    assert main(["validate", str(MINI), "--watch", "--max-runs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Watching {MINI} (Ctrl-C to stop).")
    assert main(["validate", str(MINI), "--watch", "--format", "json"]) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child differs on Windows")
def test_real_ctrl_c_on_the_command(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "guide", "validate", str(MINI), "--watch", "--interval", "0.05"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("Watching")
        while "scenarios:" not in proc.stdout.readline():
            pass
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Stopped watching." in out and "Traceback" not in err


def test_ctrl_c_during_the_first_run(monkeypatch):
    def interrupted(_root):
        raise KeyboardInterrupt

    monkeypatch.setattr("guide.trainer.watch.check", interrupted)
    output: list[str] = []
    assert watch(MINI, 0.01, out=output.append) == 0
    assert output == [f"Watching {MINI} (Ctrl-C to stop).", "\nStopped watching."]
