"""Every command on hostile input: a clear message, a non-zero exit where it cannot go on,
never a traceback, never a hang (each run has a time limit)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
BROKEN = ROOT / "tests" / "broken"


@pytest.fixture
def sandbox(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    pp = tmp_path / "pp"
    pp.write_text("a passphrase for tests\n")
    pp.chmod(0o600)
    files = {
        "garbage": tmp_path / "garbage.bin",
        "answers_list": tmp_path / "list.yaml",
        "answers_bomb": tmp_path / "bomb.yaml",
        "answers_deep": tmp_path / "deep.yaml",
        "zip": tmp_path / "update.zip",
        "store_garbage": tmp_path / "bad-data",
        "scenario_out": tmp_path / "sub" / "s.yaml",
    }
    files["garbage"].write_bytes(bytes(range(256)) * 64)
    files["answers_list"].write_text("- a\n- b\n")
    files["answers_bomb"].write_text("a: &a [x, x]\nb: [*a, *a]\n")
    files["answers_deep"].write_text("[" * 5000 + "]" * 5000)
    files["zip"].write_bytes(b"PK\x03\x04" + os.urandom(500))
    files["store_garbage"].mkdir()
    (files["store_garbage"] / "store.json").write_bytes(os.urandom(300))
    env = dict(
        os.environ, DALIL_DATA_DIR=str(data), DALIL_PASSPHRASE_FILE=str(pp), PYTHONPATH=str(ROOT)
    )
    return files, env


def run(args, env, stdin=b""):
    done = subprocess.run(
        [sys.executable, "-m", "guide", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    return (
        done.returncode,
        done.stdout.decode(errors="replace"),
        done.stderr.decode(errors="replace"),
    )


CASES = [
    # (name, args with {placeholders}, expected exit: "nonzero" or an int)
    ("validate a missing folder", ["validate", "/nonexistent/guide"], 1),
    ("validate a device", ["validate", "/dev/null"], 1),
    ("validate binary garbage", ["validate", "{garbage}"], 1),
    ("validate json of garbage", ["validate", "{garbage}", "--format", "json"], 1),
    ("test a broken guide", ["test", str(BROKEN / "G004-unknown-name.yaml")], 1),
    ("test with no match", ["test", "-k", "no_such_scenario"], 1),
    ("simulate garbage answers", ["simulate", "--answers", "{garbage}"], 2),
    ("simulate a list", ["simulate", "--answers", "{answers_list}"], 2),
    ("simulate an alias bomb", ["simulate", "--answers", "{answers_bomb}"], 2),
    ("simulate deep nesting", ["simulate", "--answers", "{answers_deep}"], 2),
    ("simulate a missing file", ["simulate", "--answers", "/nonexistent.yaml"], 2),
    ("explain an unknown id", ["explain", "no_such_thing"], "nonzero"),
    ("graph an unknown module", ["graph", "--module", "no_such_module"], "nonzero"),
    ("update-guide garbage", ["update-guide", "{garbage}"], "nonzero"),
    ("update-guide a broken zip", ["update-guide", "{zip}"], "nonzero"),
    (
        "sessions export unknown",
        ["sessions", "export", "ffffffffffff", "--format", "md"],
        "nonzero",
    ),
    ("sessions resume unknown", ["sessions", "resume", "ffffffffffff"], "nonzero"),
    (
        "sessions list, damaged store",
        ["sessions", "list", "--data-dir", "{store_garbage}"],
        "nonzero",
    ),
    ("sessions purge nothing", ["sessions", "purge"], "nonzero"),
    ("i18n unknown action", ["i18n", "frobnicate"], 2),
    ("unknown command", ["frobnicate"], 2),
    ("bad language", ["--lang", "xx"], 2),
    ("new-scenario with no input", ["new-scenario", "-o", "{scenario_out}"], 1),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_command_line(sandbox, name, args, expected):
    files, env = sandbox
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    code, out, err = run(args, env)
    assert "Traceback" not in out + err, err[-2000:]
    if expected == "nonzero":
        assert code != 0
    else:
        assert code == expected, (code, out[-500:], err[-500:])
    assert (out + err).strip(), "a failure must say something"
    assert not files["scenario_out"].exists()
