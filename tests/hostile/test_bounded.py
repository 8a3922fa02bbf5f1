"""Bounded everything: derived-name depth, total guide size, file type and size checked before
reading (FIFOs, devices, huge sparse files), long paths, and a crash that exits non-zero with
a short message and the path of its details."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from guide.cli import main
from guide.loader import load_guide
from guide.loader.build import MAX_DERIVED_DEPTH
from guide.safe_files import UnreadableFile, read_bounded

ROOT = Path(__file__).parents[2]
SHIPPED = ROOT / "indicators"


def deep_guide(tmp_path: Path, depth: int, *, reverse: bool = False) -> Path:
    guide = tmp_path / f"deep{depth}"
    shutil.copytree(SHIPPED, guide, ignore=shutil.ignore_patterns("scenarios"))
    path = guide / "guide.yaml"
    text = path.read_text("utf-8")
    lines = ['  zz0: "consent_given"'] + [f'  zz{i}: "zz{i - 1}"' for i in range(1, depth)]
    if reverse:
        lines.reverse()
    text = text.replace("derived:\n", "derived:\n" + "\n".join(lines) + "\n", 1)
    text = text.replace(
        'full_interview: "consent_given and', f'full_interview: "zz{depth - 1} and', 1
    )
    path.write_text(text, "utf-8")
    return guide


def test_a_chain_within_the_limit_loads_and_evaluates(tmp_path):
    result = load_guide(deep_guide(tmp_path, MAX_DERIVED_DEPTH - 2))
    assert result.ok, [d.format() for d in result.errors]
    from guide.core.engine import Interview

    Interview(result.guide).current()  # evaluating the chain does not recurse too deep


@pytest.mark.parametrize(("depth", "reverse"), [(250, False), (3000, True)])
def test_a_deep_chain_of_derived_names_is_a_diagnostic(tmp_path, depth, reverse):
    result = load_guide(deep_guide(tmp_path, depth, reverse=reverse))
    codes = {d.code for d in result.errors}
    assert codes == {"G023"}, [d.format() for d in result.errors][:5]


def test_guide_file_that_is_a_fifo_device_or_huge(tmp_path):
    guide = tmp_path / "g"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", guide)
    os.mkfifo(guide / "fifo.yaml")
    (guide / "zero.yaml").symlink_to("/dev/zero")
    with open(guide / "sparse.yaml", "wb") as f:
        f.truncate(20 * 1024**3)
    result = load_guide(guide)
    found = {(Path(d.file).name, d.code) for d in result.errors}
    assert ("fifo.yaml", "Y013") in found
    assert ("zero.yaml", "Y013") in found
    assert ("sparse.yaml", "Y004") in found


def test_total_guide_size_is_bounded(tmp_path, monkeypatch):
    import guide.loader.files

    monkeypatch.setattr(guide.loader.files, "MAX_TOTAL_BYTES", 4000)
    guide = tmp_path / "g"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", guide)
    (guide / "extra.yaml").write_text("x_extra: [" + "a, " * 2000 + "a]\n")
    result = load_guide(guide)
    assert any("in all" in d.message for d in result.errors)


def test_total_values_are_bounded(tmp_path, monkeypatch):
    import guide.loader.files

    monkeypatch.setattr(guide.loader.files, "TOTAL_NODES", 3000)
    guide = tmp_path / "g"
    guide.mkdir()
    for i in range(3):
        (guide / f"m{i}.yaml").write_text(f"x{i}: [" + "a, " * 1200 + "a]\n")
    result = load_guide(guide)
    assert any(d.code == "Y011" and "in all" in d.message for d in result.errors)


def test_unreadable_folder_is_one_diagnostic(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any folder")
    guide = tmp_path / "g"
    shutil.copytree(SHIPPED, guide, ignore=shutil.ignore_patterns("scenarios"))
    (guide / "modules").chmod(0)
    try:
        result = load_guide(guide)
    finally:
        (guide / "modules").chmod(0o755)
    assert [d.code for d in result.errors] == ["Y013"]


def test_unreadable_folder_is_one_diagnostic_even_as_root(tmp_path, monkeypatch):
    guide = tmp_path / "g"
    shutil.copytree(SHIPPED, guide, ignore=shutil.ignore_patterns("scenarios"))
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "modules":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = load_guide(guide)
    assert [d.code for d in result.errors] == ["Y013"]
    assert "modules" in result.errors[0].file


@pytest.mark.parametrize("kind", ["fifo", "device", "dir", "huge", "link-to-device"])
def test_read_bounded_refuses_what_is_not_a_small_regular_file(tmp_path, kind):
    path = tmp_path / "f"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "dir":
        path.mkdir()
    elif kind == "huge":
        with open(path, "wb") as f:
            f.truncate(10**10)
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(UnreadableFile) as caught:
        read_bounded(path, 1024)
    assert caught.value.reason


def test_read_bounded_can_refuse_a_symlink(tmp_path):
    (tmp_path / "real").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert read_bounded(tmp_path / "link", 10) == b"x"
    with pytest.raises(UnreadableFile):
        read_bounded(tmp_path / "link", 10, follow_symlinks=False)


def test_a_crash_exits_non_zero_with_the_path_of_its_details(tmp_path, monkeypatch, capsys):
    import guide.commands.validate as validate

    def boom(args):
        raise RuntimeError("simulated failure")

    monkeypatch.setenv("DALIL_CACHE_DIR", str(tmp_path / "cache"))
    parser_func = validate.register

    def register(sub):
        parser_func(sub)
        sub.choices["validate"].set_defaults(func=boom)

    monkeypatch.setattr(validate, "register", register)
    assert main(["validate"]) == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err and "RuntimeError" in err
    path = Path(re.search(r"The details are in (.+)\.$", err, re.M).group(1))
    assert "simulated failure" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_60000_character_path_is_a_message():
    long = "/tmp/" + "x" * 60000
    done = subprocess.run(
        [sys.executable, "-m", "guide", "validate", long],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr + done.stdout
    assert b"too long" in done.stderr + done.stdout


# -- the interview store ----------------------------------------------------------------------


def store_with_two(tmp_path):
    from guide.sessions.store import SessionStore

    store = SessionStore(tmp_path / "data")
    store.initialise("a long test passphrase")
    ids = []
    for _ in range(2):
        writer = store.create("g", "1", "en")
        writer.append({"kind": "answer", "question": "q", "value": "yes"})
        ids.append(writer.id)
        writer.close()
    return store, ids


@pytest.mark.parametrize("kind", ["zero", "fifo", "sparse", "symlink"])
def test_a_hostile_journal_is_named_and_the_others_still_list(tmp_path, kind):
    store, (bad, good) = store_with_two(tmp_path)
    path = store.journal_path(bad)
    path.unlink()
    if kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "sparse":
        with open(path, "wb") as f:
            f.truncate(20 * 1024**3)
    else:
        (tmp_path / "elsewhere").write_bytes(b"x" * 100)
        path.symlink_to(tmp_path / "elsewhere")
    infos = {info.id: info for info in store.list()}
    assert infos[bad].problem and bad in infos[bad].problem
    assert infos[good].problem is None and infos[good].answered == 1


def test_purge_refuses_a_symlink_and_leaves_its_target(tmp_path):
    from guide.sessions.errors import DamagedSession

    store, (bad, _good) = store_with_two(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = store.journal_path(bad)
    path.unlink()
    path.symlink_to(victim)
    with pytest.raises(DamagedSession, match="symbolic link"):
        store.purge(bad)
    assert victim.read_text() == "precious"


def test_kdf_parameters_are_bounded():
    from guide.sessions.crypto import ScryptParams

    ScryptParams().check()
    ScryptParams(log2_n=16, r=8, p=2).check()
    for params in (ScryptParams(20, 32, 16), ScryptParams(20, 8, 1), ScryptParams(16, 8, 16)):
        with pytest.raises(ValueError):
            params.check()


def test_missing_store_file_with_interviews_is_named(tmp_path):
    from guide.sessions.errors import StoreMissing
    from guide.sessions.passphrase import open_store

    store, _ids = store_with_two(tmp_path)
    store.store_file.unlink()
    pp = tmp_path / "pp"
    pp.write_text("a long test passphrase\n")
    pp.chmod(0o600)
    with pytest.raises(StoreMissing, match="2 interview"):
        open_store(store.data_dir, pp, interactive=False)
    assert not store.store_file.exists()  # no new passphrase set over them


def test_passphrase_file_readable_by_others_is_refused(tmp_path):
    from guide.sessions.errors import SessionError
    from guide.sessions.passphrase import read_passphrase_file

    pp = tmp_path / "pp"
    pp.write_text("a long test passphrase\n")
    pp.chmod(0o644)
    with pytest.raises(SessionError, match="chmod 600"):
        read_passphrase_file(pp)
    pp.chmod(0o600)
    assert read_passphrase_file(pp) == "a long test passphrase"
    with pytest.raises(SessionError):  # a device (and mode 666): refused, not read
        read_passphrase_file(Path("/dev/zero"))


def test_export_is_private_even_over_an_existing_file_and_never_through_a_link(
    tmp_path, monkeypatch, capsys
):
    store, (first, _second) = store_with_two(tmp_path)
    pp = tmp_path / "pp"
    pp.write_text("a long test passphrase\n")
    pp.chmod(0o600)
    monkeypatch.setenv("DALIL_DATA_DIR", str(store.data_dir))
    monkeypatch.setenv("DALIL_PASSPHRASE_FILE", str(pp))
    existing = tmp_path / "report.md"
    existing.write_text("old")
    existing.chmod(0o644)
    assert main(["sessions", "export", first, "--format", "md", "-o", str(existing)]) == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    assert main(["sessions", "export", first, "--format", "md", "-o", str(link)]) != 0
    assert victim.read_text() == "keep me"
    assert "Traceback" not in capsys.readouterr().err


def test_purge_older_than_any_date_is_not_a_crash(tmp_path, monkeypatch, capsys):
    store, _ids = store_with_two(tmp_path)
    pp = tmp_path / "pp"
    pp.write_text("a long test passphrase\n")
    pp.chmod(0o600)
    monkeypatch.setenv("DALIL_DATA_DIR", str(store.data_dir))
    monkeypatch.setenv("DALIL_PASSPHRASE_FILE", str(pp))
    assert main(["sessions", "purge", "--older-than", "3000000", "--yes"]) == 0


def test_translator_commands_never_write_into_an_installed_package(tmp_path, monkeypatch):
    import guide
    import guide.paths
    from guide.commands import i18n as i18n_cmd
    from guide.i18n.workflow import Project

    package = Path(guide.__file__).resolve().parent
    installed = Project.at(tmp_path, locales_dir=package / "_data" / "locales")
    monkeypatch.setattr(guide.paths, "runs_from_checkout", lambda: False)
    assert i18n_cmd._inside_installed_package(installed)
    assert not i18n_cmd._inside_installed_package(Project.at(tmp_path))
