"""Every command's error path, table-driven: each file or folder argument of each command gets
an empty string, a huge sparse file, binary garbage, text that is not UTF-8, a folder, a FIFO,
a symlink to a device, a device and a 60,000-character path. Whatever the command does with
it, it ends with a message and an exit status, within seconds: no traceback (the crash
handler's status 70 counts as a failure here), no hang, and nothing written to the device."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from guide.cli import main
from guide.install import signing

ROOT = Path(__file__).parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"

KINDS = ["empty", "huge", "binary", "latin1", "folder", "fifo", "symlink", "device", "long"]

FORMS = [
    ["validate", "{}"],
    ["validate", "--format", "json", "{}"],
    ["test", "--time-limit", "1", "{}"],
    ["simulate", "--answers", "{}"],
    ["simulate", "--answers", "{answers}", "{}"],
    ["graph", "{}"],
    ["graph", str(MINI), "-o", "{}"],
    ["explain", "safety", "{}"],
    ["new-scenario", "{}"],
    ["new-scenario", str(MINI), "-o", "{}"],
    ["sessions", "list", "--passphrase-file", "{}"],
    ["sessions", "list", "--data-dir", "{}"],
    ["sessions", "export", "ffffffffffff", "--guide", "{}"],
    ["sessions", "accept", "ffffffffffff", "--yes", "--passphrase-file", "{}"],
    ["sessions", "accept", "{}", "--yes", "--data-dir", "{}"],
    ["i18n", "status", "--root", "{}"],
    ["i18n", "status", "--locales-dir", "{}"],
    ["update-guide", "{}"],
    ["update-guide", "--check", "{}"],
    ["update-guide", "--trust-key", "{}"],
    ["update-guide", "--build", "{}", "-o", "{out}", "--key", "{key}"],
    ["update-guide", "--build", "{source}", "-o", "{}", "--key", "{key}"],
    ["update-guide", "--build", "{source}", "-o", "{out}", "--key", "{}"],
    ["--guide", "{}"],
]


@pytest.fixture(scope="module")
def values(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-values")
    huge = base / "huge.yaml"
    with open(huge, "wb") as f:
        f.truncate(20 * 1024**3)
    (base / "binary.yaml").write_bytes(bytes(range(256)) * 40)
    (base / "latin1.yaml").write_bytes(b"caf\xe9: \xff\xfe\n")
    (base / "folder").mkdir()
    os.mkfifo(base / "fifo.yaml")
    (base / "zero.yaml").symlink_to("/dev/zero")
    return {
        "empty": "",
        "huge": str(huge),
        "binary": str(base / "binary.yaml"),
        "latin1": str(base / "latin1.yaml"),
        "folder": str(base / "folder"),
        "fifo": str(base / "fifo.yaml"),
        "symlink": str(base / "zero.yaml"),
        "device": "/dev/zero",
        "long": "/tmp/" + "x" * 60000,
    }


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    monkeypatch.setenv("DALIL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DALIL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DALIL_PASSPHRASE_FILE", raising=False)
    monkeypatch.setattr(signing, "SHIPPED_KEYS_DIR", tmp_path / "no-keys")
    key = tmp_path / "key"
    signing.new_key_pair(key, "t")
    source = tmp_path / "src"
    (source / "indicators").mkdir(parents=True)
    (source / "indicators" / "guide.yaml").write_text((MINI / "guide.yaml").read_text("utf-8"))
    answers = tmp_path / "answers.yaml"
    answers.write_text("{}\n")
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return {"key": str(key), "source": str(source), "out": str(tmp_path / "o.zip"),
            "answers": str(answers)}  # fmt: skip


class Hang(BaseException):
    pass


def _alarm(signum, frame):
    raise Hang


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("form", FORMS, ids=[" ".join(f).replace("{}", "X") for f in FORMS])
def test_every_command_on_every_hostile_argument(values, sandbox, capsys, form, kind):
    value = values[kind]
    argv = [a.replace("{}", value).format(**sandbox) if "{" in a else a for a in form]
    before = os.stat("/dev/zero")
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse
            code = exit_.code
    except Hang:
        pytest.fail(f"{argv[:4]} on {kind}: still running after 20 s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text, text[-1500:]
    assert code != 70 and "unexpected error" not in text, text[-1500:]
    assert isinstance(code, int)
    assert os.stat("/dev/zero").st_rdev == before.st_rdev
    if code != 0:
        assert text.strip(), "a failure must say something"
