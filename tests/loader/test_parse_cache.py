"""The cache of parsed guide files (guide.loader.parse_cache): a load from it is exactly a
cold load (the same diagnostics, at the same file, line and column, the same guide), it is
found only by the file's exact bytes (one changed byte: parsed again), anything wrong with
it means parsing again, never an error, and it is never written inside the guide folder.

Every test here points the cache at its own temporary folder (`cache` fixture)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from guide.cli import main
from guide.loader import files, load_guide, parse_cache, yamlio
from guide.paths import default_guide_dir

from ..conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "broken"
SHIPPED = default_guide_dir()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DALIL_CACHE_DIR", str(folder))
    monkeypatch.delenv("DALIL_NO_CACHE", raising=False)
    return folder / "parsed"


@pytest.fixture
def parses(monkeypatch):
    """The names of the files the YAML parser really read (not taken from the cache)."""
    seen: list[str] = []
    real = yamlio.parse_yaml

    def counting(raw, file, **kwargs):
        seen.append(file)
        return real(raw, file, **kwargs)

    monkeypatch.setattr(yamlio, "parse_yaml", counting)
    monkeypatch.setattr(files, "parse_yaml", counting)  # the reader's own, with no cache
    return seen


def snapshot(result) -> tuple:
    """Everything a LoadResult says: each diagnostic in full, the files, the built guide."""
    diagnostics = [
        (d.file, d.line, d.col, d.severity, d.code, str(d.message), str(d.hint))
        for d in result.diagnostics
    ]
    guide = re.sub(r" at 0x[0-9a-f]+", "", repr(result.guide))
    return diagnostics, result.files, result.ok, guide


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.dpf")) if folder.is_dir() else []


def cold(path, **kwargs):
    with parse_cache.switched_off():
        return load_guide(path, **kwargs)


def broken_guide(tmp_path: Path) -> Path:
    """The shipped guide (many files) with a mistake the loader finds after parsing (an
    unknown indicator), without its scenarios."""
    guide = tmp_path / "broken-guide"
    shutil.copytree(SHIPPED, guide, ignore=shutil.ignore_patterns("scenarios"))
    module = guide / "modules" / "04-quick-screen.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("raises: [", "raises: [no_such_indicator, ", 1))
    return guide


@pytest.mark.parametrize("with_tests", [True, False], ids=["validate", "wizard"])
def test_a_load_from_the_cache_is_the_cold_load(cache, parses, with_tests):
    want = snapshot(cold(SHIPPED, with_tests=with_tests))
    parses.clear()
    first = load_guide(SHIPPED, with_tests=with_tests)  # parses, and fills the cache
    assert len(parses) == len(first.files) and len(entries(cache)) == len(first.files)
    parses.clear()
    warm = load_guide(SHIPPED, with_tests=with_tests)
    assert parses == []  # every file from the cache
    assert snapshot(first) == snapshot(warm) == want
    assert warm.ok


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_files_report_the_same_from_the_cache(cache, path):
    want = snapshot(cold(path))
    assert snapshot(load_guide(path)) == want
    assert snapshot(load_guide(path)) == want  # warm, when the file parsed cleanly


def test_loader_diagnostics_are_placed_the_same_from_the_cache(cache, parses, tmp_path):
    guide = broken_guide(tmp_path)
    want = snapshot(cold(guide))
    assert not want[2] and any(d[4] == "G002" for d in want[0]), want[0]
    load_guide(guide)
    parses.clear()
    assert snapshot(load_guide(guide)) == want
    assert parses == []


def test_parse_diagnostics_are_not_cached(cache, parses, tmp_path):
    guide = tmp_path / "g"
    shutil.copytree(FIXTURES / "mini", guide)
    (guide / "extra.yaml").write_text("a: 1\na: 2\n")  # Y008, a duplicate key
    load_guide(guide)
    parses.clear()
    again = load_guide(guide)
    assert parses == [str(Path("g") / "extra.yaml")]
    assert [d.code for d in again.diagnostics] == ["Y008"]


@pytest.mark.parametrize("where", ["a title", "the last byte"])
def test_one_changed_byte_is_parsed_again(cache, parses, tmp_path, where):
    guide = tmp_path / "g"
    shutil.copytree(FIXTURES / "mini", guide)
    load_guide(guide)
    target = guide / "guide.yaml"
    raw = target.read_bytes()
    if where == "a title":
        at = raw.index(b"title:") + len(b"title:") + 2
        changed = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]  # one bit of a letter
    else:
        assert raw.endswith(b"\n")
        changed = raw[:-1] + b" "
    assert len(changed) == len(raw)
    stat_before = target.stat()
    target.write_bytes(changed)
    os.utime(target, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))  # same time
    parses.clear()
    result = load_guide(guide)
    assert parses == [str(target.relative_to(tmp_path))]
    assert snapshot(result) == snapshot(cold(guide))


def test_the_node_budget_holds_for_cached_files(cache, tmp_path, monkeypatch):
    folder = tmp_path / "g"
    folder.mkdir()
    for i in range(3):
        (folder / f"m{i}.yaml").write_text(f"x{i}: [" + "a, " * 1200 + "a]\n")
    load_guide(folder)  # all cached, each well under the budget
    assert len(entries(cache)) == 3
    monkeypatch.setattr(files, "TOTAL_NODES", 3000)
    result = load_guide(folder)
    assert snapshot(result) == snapshot(cold(folder))
    assert any(d.code == "Y011" and "in all" in d.message for d in result.errors)


def _damage(entry: Path, how: str, stored: dict[str, bytes]) -> None:
    blob = stored[entry.name]
    if how == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "flipped":  # one bit of the payload
        at = len(blob) - 10
        entry.write_bytes(blob[:at] + bytes([blob[at] ^ 0x40]) + blob[at + 1 :])
    elif how == "foreign":  # another file's entry under this name
        entry.write_bytes(next(b for name, b in stored.items() if name != entry.name))
    elif how == "garbage":
        entry.write_bytes(os.urandom(len(blob)))
    elif how == "not marshal":  # a header that checks out over a payload marshal refuses
        import zlib

        payload = b"\xff" * 64
        header = blob[:40] + len(payload).to_bytes(8, "little")
        entry.write_bytes(header + zlib.crc32(payload).to_bytes(4, "little") + payload)
    elif how == "wrong shape":  # a valid entry of something else
        import marshal
        import zlib

        payload = marshal.dumps(("x", b"", b"", b"", 0, 0))
        header = blob[:40] + len(payload).to_bytes(8, "little")
        entry.write_bytes(header + zlib.crc32(payload).to_bytes(4, "little") + payload)
    elif how == "a folder":
        entry.unlink()
        entry.mkdir()
    else:
        raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "empty",
        "flipped",
        "foreign",
        "garbage",
        "not marshal",
        "wrong shape",
        "a folder",
    ],
)
def test_a_damaged_entry_is_ignored_and_written_again(cache, parses, how, tmp_path):
    guide = broken_guide(tmp_path)  # several files, and loader diagnostics to place
    want = snapshot(cold(guide))
    load_guide(guide)
    stored = {e.name: e.read_bytes() for e in entries(cache)}
    assert len(stored) >= 2
    for entry in entries(cache):
        _damage(entry, how, stored)
    parses.clear()
    assert snapshot(load_guide(guide)) == want
    assert len(parses) == len(stored)  # each parsed again
    if how != "a folder":  # (a folder in its place cannot be replaced by a file)
        assert {e.name: e.read_bytes() for e in entries(cache)} == stored
        parses.clear()
        assert snapshot(load_guide(guide)) == want
        assert parses == []


def test_an_unwritable_cache_folder_means_no_cache_and_no_error(tmp_path, monkeypatch, parses):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DALIL_CACHE_DIR", str(blocker))
    want = snapshot(cold(FIXTURES / "mini"))
    parses.clear()
    assert snapshot(load_guide(FIXTURES / "mini")) == want
    assert snapshot(load_guide(FIXTURES / "mini")) == want
    assert blocker.read_text() == "not a folder"
    assert len(parses) == 2 * len(want[1])


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners")
def test_a_folder_others_own_or_may_write_is_not_used(cache, parses):
    guide = SHIPPED
    load_guide(guide)
    cache.chmod(0o777)
    parses.clear()
    load_guide(guide)  # ours: tightened, then used
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and parses == []
    if os.geteuid() != 0:
        return  # only root can give the folder away
    os.chown(cache, 65534, -1)
    try:
        parses.clear()
        load_guide(guide)
        assert len(parses) == len(entries(cache))  # read nothing from it
    finally:
        os.chown(cache, 0, -1)


def test_private_folder_and_files(cache, tmp_path, monkeypatch):
    monkeypatch.setenv("DALIL_CACHE_DIR", str(tmp_path / "new" / "dalil"))
    old = os.umask(0o022)
    try:
        load_guide(FIXTURES / "mini")
    finally:
        os.umask(old)
    folder = tmp_path / "new" / "dalil"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "parsed").stat().st_mode) == 0o700
    made = entries(folder / "parsed")
    assert made and all(stat.S_IMODE(e.stat().st_mode) == 0o600 for e in made)
    assert not list((folder / "parsed").glob(".*"))  # no temporary file left


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def test_never_written_inside_the_guide_folder(tmp_path, monkeypatch, parses):
    guide = tmp_path / "g"
    shutil.copytree(FIXTURES / "mini", guide)
    before = _tree(guide)
    files = len(list(guide.rglob("*.yaml")))
    monkeypatch.setenv("DALIL_CACHE_DIR", str(tmp_path / "elsewhere"))
    load_guide(guide)
    load_guide(guide)
    assert _tree(guide) == before
    # pointed inside the guide folder (or at it): no cache at all
    for inside in (guide / ".cache", guide):
        monkeypatch.setenv("DALIL_CACHE_DIR", str(inside))
        parses.clear()
        load_guide(guide)
        load_guide(guide)
        assert _tree(guide) == before
        assert len(parses) == 2 * files


def test_a_guide_of_one_file_uses_the_cache_beside_it(tmp_path, monkeypatch, parses):
    """A single file has no guide folder of its own: validating ~/guide.yaml may use
    ~/.cache/dalil."""
    single = tmp_path / "guide.yaml"
    shutil.copy(FIXTURES / "mini" / "guide.yaml", single)
    monkeypatch.setenv("DALIL_CACHE_DIR", str(tmp_path / ".cache" / "dalil"))
    want = snapshot(cold(single))
    load_guide(single)
    parses.clear()
    assert snapshot(load_guide(single)) == want
    assert parses == []


def test_switched_off_by_the_environment_and_by_validate_no_cache(cache, monkeypatch, capsys):
    monkeypatch.setenv("DALIL_NO_CACHE", "1")
    load_guide(FIXTURES / "mini")
    assert entries(cache) == []
    monkeypatch.delenv("DALIL_NO_CACHE")
    assert main(["validate", str(FIXTURES / "mini"), "--no-cache"]) == 0
    assert entries(cache) == []
    assert main(["validate", str(FIXTURES / "mini")]) == 0
    assert entries(cache)
    assert "--no-cache" in _help(capsys)


def _help(capsys) -> str:
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    return capsys.readouterr().out


def test_the_key_follows_the_parser(monkeypatch):
    import yaml

    base = parse_cache._parser_version()
    monkeypatch.setattr(yamlio, "_Loader", yaml.SafeLoader)  # the pure-Python parser
    assert parse_cache._parser_version() != base
    monkeypatch.undo()
    monkeypatch.setattr(yamlio, "MAX_DEPTH", yamlio.MAX_DEPTH - 1)
    assert parse_cache._parser_version() != base
    monkeypatch.undo()
    monkeypatch.setattr("guide.__version__", "0.0.0-other")
    assert parse_cache._parser_version() != base


def test_the_oldest_entries_go_when_there_are_too_many(cache, monkeypatch, tmp_path):
    guide = tmp_path / "g"
    guide.mkdir()
    for i in range(12):
        (guide / f"m{i:02}.yaml").write_text(f"x{i}: {i}\n")
        load_guide(guide / f"m{i:02}.yaml")
    assert len(entries(cache)) == 12
    monkeypatch.setattr(parse_cache, "MAX_ENTRIES", 8)
    (guide / "new.yaml").write_text("y: 1\n")
    load_guide(guide / "new.yaml")
    assert len(entries(cache)) == 6  # three quarters of the bound


WRITER = """
import sys
from guide.loader import load_guide
result = load_guide(sys.argv[1])
print(len(result.files), result.ok)
"""


def test_concurrent_loads_write_whole_entries(cache, tmp_path):
    """Processes and threads filling one empty cache at once: every load is right, every
    entry whole, no temporary file left behind."""
    want = snapshot(cold(SHIPPED))
    env = {**os.environ, "DALIL_CACHE_DIR": str(cache.parent)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(SHIPPED)], env=env, stdout=subprocess.PIPE
        )
        for _ in range(3)
    ]
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(snapshot(load_guide(SHIPPED))))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0 and out.split()[1] == b"True"
    assert results == [want] * 3
    assert not list(cache.glob(".*"))
    assert len(entries(cache)) == len(want[1])
    for entry in entries(cache):  # each one reads back (the header checks out)
        assert parse_cache._read(entry, bytes.fromhex(entry.stem), "x") is not None
    assert snapshot(load_guide(SHIPPED)) == want
