"""The update archive and the installed-guide store: checksums, atomic switch, rollback."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from guide.install import update_archive
from guide.install.active import SHIPPED, current_update_dir
from guide.install.guide_store import GuideStore, StoreError
from guide.install.update_archive import Manifest, UpdateArchiveError


def write_source(root: Path, marker: str = "one") -> Path:
    (root / "indicators" / "modules").mkdir(parents=True)
    (root / "indicators" / "guide.yaml").write_text(f"# {marker}\nguide: {{}}\n", "utf-8")
    (root / "indicators" / "modules" / "01-safety.yaml").write_text("modules: []\n", "utf-8")
    (root / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (root / "locales" / "fr" / "LC_MESSAGES" / "guide.po").write_text('msgid ""\n', "utf-8")
    (root / "indicators" / ".hidden.yaml").write_text("x: 1\n", "utf-8")
    (root / "indicators" / "notes.exe").write_bytes(b"MZ")
    return root


def build(tmp_path: Path, marker: str = "one") -> Path:
    source = write_source(tmp_path / f"src-{marker}", marker)
    out = tmp_path / f"update-{marker}.zip"
    update_archive.build(source, out, Manifest("demo", "1.0", built_with="0.1.0"))
    return out


def test_archive_round_trip_keeps_only_guide_files(tmp_path):
    archive = build(tmp_path)
    dest = tmp_path / "dest"
    dest.mkdir()
    manifest = update_archive.unpack(archive, dest)
    assert manifest.guide_id == "demo"
    assert sorted(manifest.files) == [
        "indicators/guide.yaml",
        "indicators/modules/01-safety.yaml",
        "locales/fr/LC_MESSAGES/guide.po",
    ]
    assert "# one" in (dest / "indicators" / "guide.yaml").read_text("utf-8")


def test_same_folder_gives_the_same_archive(tmp_path):
    source = write_source(tmp_path / "src")
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    for out in (first, second):
        update_archive.build(source, out, Manifest("demo", "1.0", built_with="0.1.0"))
    assert first.read_bytes() == second.read_bytes()


def rewrite(archive: Path, change) -> None:
    with zipfile.ZipFile(archive) as old:
        members = {info.filename: old.read(info) for info in old.infolist()}
    change(members)
    with zipfile.ZipFile(archive, "w") as new:
        for name, data in members.items():
            new.writestr(name, data)


def unpack_error(tmp_path: Path, archive: Path) -> str:
    dest = tmp_path / "dest"
    dest.mkdir(exist_ok=True)
    with pytest.raises(UpdateArchiveError) as caught:
        update_archive.unpack(archive, dest)
    return str(caught.value)


def test_damaged_file_is_refused(tmp_path):
    archive = build(tmp_path)
    rewrite(archive, lambda m: m.__setitem__("indicators/guide.yaml", b"guide: changed\n"))
    assert "does not match its checksum" in unpack_error(tmp_path, archive)


def test_unlisted_file_is_refused(tmp_path):
    archive = build(tmp_path)
    rewrite(archive, lambda m: m.__setitem__("indicators/extra.yaml", b"a: 1\n"))
    assert "not listed" in unpack_error(tmp_path, archive)


def test_file_outside_the_guide_folders_is_refused(tmp_path):
    archive = build(tmp_path)
    rewrite(archive, lambda m: m.__setitem__("run.py", b"print(1)\n"))
    assert "unexpected file 'run.py'" in unpack_error(tmp_path, archive)


def test_archive_without_manifest_is_refused(tmp_path):
    archive = build(tmp_path)
    rewrite(archive, lambda m: m.pop(update_archive.MANIFEST_NAME))
    assert "not a Dalil guide update" in unpack_error(tmp_path, archive)


def test_newer_format_asks_for_a_newer_dalil(tmp_path):
    archive = build(tmp_path)

    def bump(members):
        data = json.loads(members[update_archive.MANIFEST_NAME])
        data["format_version"] = 99
        members[update_archive.MANIFEST_NAME] = json.dumps(data).encode()

    rewrite(archive, bump)
    assert "install a newer Dalil" in unpack_error(tmp_path, archive)


def install(store: GuideStore, tmp_path: Path, marker: str, version: str = "0.1.0"):
    staged = store.new_staging()
    update_archive.unpack(build(tmp_path, marker), staged)
    return store.install(staged, "demo", marker, validated_with=version)


def test_install_switches_and_rollback_returns(tmp_path):
    store = GuideStore(tmp_path / "store")
    assert store.state().current == SHIPPED
    first = install(store, tmp_path, "one")
    assert current_update_dir(store.root, "0.1.0") == first.folder
    second = install(store, tmp_path, "two")
    assert store.state().current == second.name
    assert store.state().previous == first.name
    assert "# two" in (second.indicators / "guide.yaml").read_text("utf-8")

    store.rollback()
    assert current_update_dir(store.root, "0.1.0") == first.folder
    store.rollback()  # and forward again: the one just left is the previous one
    assert current_update_dir(store.root, "0.1.0") == second.folder


def test_only_current_and_previous_are_kept(tmp_path):
    store = GuideStore(tmp_path / "store")
    for marker in ("one", "two", "three"):
        install(store, tmp_path, marker)
    kept = sorted(p.name for p in (store.root / "versions").iterdir())
    state = store.state()
    assert kept == sorted([state.current, state.previous])
    assert not list(store.root.glob(".staging-*"))


def test_rollback_to_the_shipped_guide_and_nothing_before(tmp_path):
    store = GuideStore(tmp_path / "store")
    with pytest.raises(StoreError, match="no previous guide"):
        store.rollback()
    install(store, tmp_path, "one")
    assert store.rollback().current == SHIPPED
    assert current_update_dir(store.root, "0.1.0") is None


def test_update_checked_by_another_dalil_version_is_not_used(tmp_path):
    store = GuideStore(tmp_path / "store")
    install(store, tmp_path, "one", version="0.0.9")
    assert current_update_dir(store.root, "0.1.0") is None
    update = store.update(store.state().current)
    store.mark_validated(update, "0.1.0")
    assert current_update_dir(store.root, "0.1.0") == update.folder


@pytest.mark.parametrize("content", ["", "{", "[]", '{"current": "../../etc"}'])
def test_damaged_state_file_means_the_shipped_guide(tmp_path, content):
    root = tmp_path / "store"
    root.mkdir()
    (root / "active.json").write_text(content, "utf-8")
    assert current_update_dir(root, "0.1.0") is None


def test_paths_prefer_the_installed_update(tmp_path, monkeypatch):
    import guide.paths

    shipped = tmp_path / "pkg" / "_data"
    for name in ("indicators", "locales"):
        (shipped / name).mkdir(parents=True)
    monkeypatch.setattr(guide.paths, "_INSTALLED", shipped)
    monkeypatch.setenv("DALIL_DATA_DIR", str(tmp_path / "data"))
    assert guide.paths.default_guide_dir() == shipped / "indicators"

    store = GuideStore()
    assert store.root == tmp_path / "data" / "guide-updates"
    from guide import __version__

    update = install(store, tmp_path, "one", version=__version__)
    assert guide.paths.default_guide_dir() == update.indicators
    assert guide.paths.default_locales_dir() == update.locales
    store.rollback()
    assert guide.paths.default_guide_dir() == shipped / "indicators"
