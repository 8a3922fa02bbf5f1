"""Signed guide updates: an unsigned archive, one signed by a key the laptop does not trust,
and one whose signature is valid over other content are refused before anything is unpacked;
a correctly signed update installs and rolls back; downgrades need --allow-downgrade;
interrupted updates leave nothing behind after the next run; damaged copies are messages."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from guide.cli import main
from guide.install import signing, update_archive
from guide.install.guide_store import GuideStore
from tests.packaging.test_update_guide_command import guide_source

ROOT = Path(__file__).parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini" / "guide.yaml"


@pytest.fixture(autouse=True)
def laptop(tmp_path, monkeypatch):
    monkeypatch.setenv("DALIL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(signing, "SHIPPED_KEYS_DIR", tmp_path / "shipped-keys")
    return tmp_path / "data"


def make_key(tmp_path: Path, name: str, *, trusted: bool = True) -> Path:
    private = tmp_path / "keys" / name
    signing.new_key_pair(private, name)
    if trusted:
        signing.trust_key(private.with_name(f"{name}.pub"))
    return private


def archive(tmp_path: Path, name: str, key: Path | None, version: str = "0.1") -> Path:
    source = guide_source(
        tmp_path / f"src-{name}",
        yaml_text=MINI.read_text("utf-8").replace('version: "0.1"', f'version: "{version}"'),
    )
    out = tmp_path / f"{name}.zip"
    private = signing.load_private_key(key) if key is not None else None
    update_archive.build(source, out, update_archive.Manifest("mini", version, "0"), private)
    return out


def staging_folders(data: Path) -> list[Path]:
    return list((data / "guide-updates").glob(".staging-*"))


def refused(capsys, path: Path, laptop: Path) -> str:
    assert main(["update-guide", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "refused" in err
    assert staging_folders(laptop) == []  # nothing was unpacked
    assert GuideStore().state().current == "shipped"
    return err


def test_a_signed_update_installs_and_rolls_back(tmp_path, capsys):
    key = make_key(tmp_path, "trainer")
    good = archive(tmp_path, "good", key)
    assert main(["update-guide", str(good)]) == 0
    out = capsys.readouterr().out
    assert "signed by trusted key" in out and "Installed" in out
    assert GuideStore().state().current != "shipped"
    assert main(["update-guide", "--rollback"]) == 0
    assert GuideStore().state().current == "shipped"


def test_an_unsigned_update_is_refused(tmp_path, capsys, laptop):
    make_key(tmp_path, "trainer")
    assert "not signed" in refused(capsys, archive(tmp_path, "unsigned", None), laptop)


def test_an_update_signed_by_an_untrusted_key_is_refused(tmp_path, capsys, laptop):
    make_key(tmp_path, "trainer")
    stranger = make_key(tmp_path, "stranger", trusted=False)
    err = refused(capsys, archive(tmp_path, "stranger", stranger), laptop)
    assert "does not trust" in err


def rewrite(path: Path, change) -> None:
    with zipfile.ZipFile(path) as old:
        members = {info.filename: old.read(info) for info in old.infolist()}
    change(members)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)


def test_a_valid_signature_over_other_content_is_refused(tmp_path, capsys, laptop):
    key = make_key(tmp_path, "trainer")
    first = archive(tmp_path, "first", key)
    second = archive(tmp_path, "second", key, version="0.2")
    with zipfile.ZipFile(first) as signed:
        signature = signed.read(signing.SIGNATURE_NAME)

    # the signature of one archive beside the manifest of another
    rewrite(second, lambda m: m.update({signing.SIGNATURE_NAME: signature}))
    assert "does not match the content" in refused(capsys, second, laptop)

    # the signed manifest kept, a file changed under it
    def swap(members):
        members["indicators/guide.yaml"] = members["indicators/guide.yaml"] + b"\n# changed\n"

    rewrite(first, swap)
    assert "does not match its checksum" in refused(capsys, first, laptop)


def test_key_rotation(tmp_path, capsys):
    old = make_key(tmp_path, "old")
    new = make_key(tmp_path, "new")
    old_id = signing.read_public_key(old.with_name("old.pub")).key_id
    assert main(["update-guide", "--distrust-key", old_id]) == 0
    capsys.readouterr()
    assert main(["update-guide", str(archive(tmp_path, "by-old", old))]) == 1
    assert "does not trust" in capsys.readouterr().err
    assert main(["update-guide", str(archive(tmp_path, "by-new", new))]) == 0
    assert main(["update-guide", "--list-keys"]) == 0
    listed = capsys.readouterr().out
    assert old_id not in listed.split("Installed")[-1]


def test_a_downgrade_needs_the_flag(tmp_path, capsys):
    key = make_key(tmp_path, "trainer")
    assert main(["update-guide", str(archive(tmp_path, "v2", key, version="2.0"))]) == 0
    older = archive(tmp_path, "v1", key, version="1.5")
    capsys.readouterr()
    assert main(["update-guide", str(older)]) == 1
    assert "older than the guide in use" in capsys.readouterr().err
    assert main(["update-guide", str(older), "--allow-downgrade"]) == 0


def test_interrupted_updates_are_cleaned_on_the_next_run(tmp_path, capsys, laptop):
    key = make_key(tmp_path, "trainer")
    updates = laptop / "guide-updates"
    updates.mkdir(parents=True, exist_ok=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    (updates / f".staging-{dead}-abcd" / "indicators").mkdir(parents=True)
    old = updates / ".staging-old1234"
    old.mkdir()
    os.utime(old, (1, 1))
    live = updates / f".staging-{os.getppid()}-live"
    live.mkdir()
    assert main(["update-guide", str(archive(tmp_path, "good", key))]) == 0
    assert sorted(p.name for p in staging_folders(laptop)) == [live.name]


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder", "empty", "device"])
def test_build_output_never_replaces_what_is_not_a_regular_file(tmp_path, capsys, kind):
    key = make_key(tmp_path, "trainer")
    source = guide_source(tmp_path / "src")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = {"empty": Path(""), "device": Path("/dev/null")}.get(kind, tmp_path / "out")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        target.symlink_to(victim)
    elif kind == "folder":
        target.mkdir()
    code = main(["update-guide", "--build", str(source), "-o", str(target), "--key", str(key)])
    assert code != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("dalil update-guide: ")
    assert victim.read_text() == "keep me"
    if kind == "device":
        assert Path("/dev/null").is_char_device()


def test_build_without_a_key_says_how_to_make_one(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DALIL_SIGNING_KEY", raising=False)
    source = guide_source(tmp_path / "src")
    assert main(["update-guide", "--build", str(source), "-o", str(tmp_path / "o.zip")]) == 2
    assert "--new-key" in capsys.readouterr().err


def test_every_flipped_byte_is_a_message(tmp_path, capsys):
    key = make_key(tmp_path, "trainer")
    good = archive(tmp_path, "good", key).read_bytes()
    damaged = tmp_path / "damaged.zip"
    for offset in range(0, len(good), max(1, len(good) // 150)):
        data = bytearray(good)
        data[offset] ^= 0x55
        damaged.write_bytes(bytes(data))
        code = main(["update-guide", "--check", str(damaged)])
        out = capsys.readouterr()
        assert "Traceback" not in out.err
        assert code == 0 or "refused" in out.err, (offset, out.err)


@pytest.mark.parametrize(
    "manifest",
    [b"[" * 200000 + b"]" * 200000, b"\xff\xfe{}", b'{"format": 1}'],
    ids=["deep", "not-utf8", "wrong-format"],
)
def test_hostile_manifest_is_a_message(tmp_path, capsys, manifest):
    key = make_key(tmp_path, "trainer")
    private = signing.load_private_key(key)
    path = archive(tmp_path, "good", key)
    rewrite(
        path,
        lambda m: m.update(
            {
                update_archive.MANIFEST_NAME: manifest,
                signing.SIGNATURE_NAME: signing.sign_manifest(manifest, private),
            }
        ),
    )
    assert main(["update-guide", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "refused" in err
