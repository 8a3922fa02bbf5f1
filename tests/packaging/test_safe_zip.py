"""Hostile archives are refused before anything leaves the staging folder."""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

import pytest

from guide.install import safe_zip


def make_zip(path: Path, members: list[tuple[str, bytes]], mode: int = 0o100644) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            archive.writestr(info, data)
    return path


def test_good_archive_extracts(tmp_path):
    source = make_zip(tmp_path / "ok.zip", [("a/b.yaml", b"x: 1\n"), ("c.txt", b"hi")])
    dest = tmp_path / "out"
    dest.mkdir()
    written = safe_zip.extract(source, dest)
    assert sorted(p.as_posix() for p in written) == ["a/b.yaml", "c.txt"]
    assert (dest / "a" / "b.yaml").read_bytes() == b"x: 1\n"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.yaml", "leaves the archive"),
        ("indicators/../../evil.yaml", "leaves the archive"),
        ("/etc/evil.yaml", "absolute path"),
        ("C:/Windows/evil.yaml", "absolute path"),
        ("indicators\\..\\evil.yaml", "backslash"),
        ("indicators//evil.yaml", "leaves the archive"),
        ("indicators/con.yaml", "Windows device name"),
        ("indicators/LPT1", "Windows device name"),
        ("indicators/guide.yaml:hidden", "Windows cannot hold"),
        ("indicators/guide.yaml.", "Windows cannot hold"),
        ("indicators/a\x01.yaml", "Windows cannot hold"),
    ],
)
def test_bad_names_are_refused(tmp_path, name, reason):
    source = make_zip(tmp_path / "bad.zip", [("ok.yaml", b"a"), (name, b"b")])
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(safe_zip.UnsafeArchive, match=reason):
        safe_zip.extract(source, dest)
    # Nothing was written: the names are checked before the first byte.
    assert list(dest.iterdir()) == []
    assert not (tmp_path / "evil.yaml").exists()


def test_symlink_member_is_refused(tmp_path):
    source = make_zip(tmp_path / "link.zip", [("x.yaml", b"/etc/passwd")], stat.S_IFLNK | 0o777)
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(safe_zip.UnsafeArchive, match="symbolic link"):
        safe_zip.extract(source, dest)


def test_device_member_is_refused(tmp_path):
    source = make_zip(tmp_path / "dev.zip", [("x.yaml", b"")], stat.S_IFCHR | 0o600)
    with pytest.raises(safe_zip.UnsafeArchive, match="not a regular file"):
        safe_zip.extract(source, tmp_path)


def test_too_many_members_is_refused(tmp_path):
    members = [(f"f{i}.yaml", b"x") for i in range(6)]
    source = make_zip(tmp_path / "many.zip", members)
    with pytest.raises(safe_zip.UnsafeArchive, match="too many members"):
        safe_zip.extract(source, tmp_path, safe_zip.Limits(max_members=5))


def test_huge_member_is_refused(tmp_path):
    source = make_zip(tmp_path / "huge.zip", [("big.yaml", b"x" * 5000)])
    with pytest.raises(safe_zip.UnsafeArchive, match="too large"):
        safe_zip.extract(source, tmp_path, safe_zip.Limits(max_member_bytes=1000))


def test_total_size_is_bounded(tmp_path):
    source = make_zip(tmp_path / "total.zip", [(f"f{i}.yaml", b"x" * 600) for i in range(3)])
    with pytest.raises(safe_zip.UnsafeArchive, match="too large once unpacked"):
        safe_zip.extract(source, tmp_path, safe_zip.Limits(max_total_bytes=1000))


def test_member_lying_about_its_size_is_refused(tmp_path):
    # A zip bomb declares a small size and inflates to much more: patch the declared sizes.
    source = make_zip(tmp_path / "bomb.zip", [("bomb.yaml", b"\0" * 200_000)])
    data = bytearray(source.read_bytes())
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 10)  # uncompressed size, local header
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)  # uncompressed size, central directory
    source.write_bytes(bytes(data))
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(safe_zip.UnsafeArchive):
        safe_zip.extract(source, dest, safe_zip.Limits(max_member_bytes=1000))
    written = dest / "bomb.yaml"
    assert not written.exists() or written.stat().st_size <= 1000


def test_duplicate_names_ignoring_case_are_refused(tmp_path):
    source = make_zip(tmp_path / "dup.zip", [("Guide.yaml", b"a"), ("guide.yaml", b"b")])
    with pytest.raises(safe_zip.UnsafeArchive, match="appears twice"):
        safe_zip.extract(source, tmp_path)


def test_file_used_as_folder_is_refused(tmp_path):
    source = make_zip(tmp_path / "clash.zip", [("a", b"x"), ("a/b.yaml", b"y")])
    with pytest.raises(safe_zip.UnsafeArchive, match="folder is also a file"):
        safe_zip.extract(source, tmp_path)


def test_not_a_zip_is_refused(tmp_path):
    source = tmp_path / "notes.zip"
    source.write_text("not a zip")
    with pytest.raises(safe_zip.UnsafeArchive, match="not a zip archive"):
        safe_zip.extract(source, tmp_path)
