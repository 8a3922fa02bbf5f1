"""The bundle's wheel set is checked with the target's markers and tags, not the builder's."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from guide.install.bundle import PLATFORMS
from guide.install.wheel_set import Target, missing_requirements


def wheel(folder: Path, filename: str, *requires: str) -> Path:
    name, version = filename.split("-")[:2]
    path = folder / filename
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA", metadata)
    return path


def target(platform: str, python: str = "3.12") -> Target:
    return Target(platform, python, PLATFORMS[platform])


@pytest.fixture
def wheels(tmp_path):
    root = wheel(
        tmp_path,
        "dalil-1.0-py3-none-any.whl",
        "rich>=13",
        'colorama>=0.4; sys_platform == "win32"',
        "fast[speed]>=1",
        'tomli; python_version < "3.11"',
    )
    wheel(tmp_path, "rich-14.0-py3-none-any.whl")
    wheel(tmp_path, "fast-2.0-cp311-abi3-win_amd64.whl", 'turbo; extra == "speed"')
    wheel(tmp_path, "fast-2.0-cp311-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
          'turbo; extra == "speed"')  # fmt: skip
    wheel(tmp_path, "turbo-1.0-cp312-cp312-manylinux1_x86_64.whl")
    wheel(tmp_path, "turbo-1.0-cp312-cp312-win_amd64.whl")
    return tmp_path, root


def test_complete_for_linux(wheels):
    folder, root = wheels
    assert missing_requirements(folder.glob("*.whl"), root, target("linux-x86_64")) == []


def test_windows_only_dependency_is_found_missing(wheels):
    folder, root = wheels
    missing = missing_requirements(folder.glob("*.whl"), root, target("windows-x86_64"))
    assert missing == [("colorama>=0.4", "dalil")]


def test_binary_wheel_for_another_python_does_not_count(wheels):
    folder, root = wheels
    missing = missing_requirements(folder.glob("*.whl"), root, target("linux-x86_64", "3.13"))
    assert missing == [("turbo", "fast")]  # cp312 only; fast's abi3 wheel serves 3.13


def test_newer_glibc_wheel_does_not_count(tmp_path):
    root = wheel(tmp_path, "dalil-1.0-py3-none-any.whl", "core")
    wheel(tmp_path, "core-1.0-cp312-cp312-manylinux_2_28_x86_64.whl")
    missing = missing_requirements(tmp_path.glob("*.whl"), root, target("linux-x86_64"))
    assert missing == [("core", "dalil")]


def test_version_outside_the_specifier_does_not_count(tmp_path):
    root = wheel(tmp_path, "dalil-1.0-py3-none-any.whl", "rich>=15")
    wheel(tmp_path, "rich-14.0-py3-none-any.whl")
    missing = missing_requirements(tmp_path.glob("*.whl"), root, target("linux-x86_64"))
    assert missing == [("rich>=15", "dalil")]


def test_macos_wheels_for_older_releases_and_fat_wheels_count(tmp_path):
    root = wheel(tmp_path, "dalil-1.0-py3-none-any.whl", "a", "b", "c")
    wheel(tmp_path, "a-1.0-cp312-cp312-macosx_10_9_universal2.whl")
    wheel(tmp_path, "b-1.0-cp312-cp312-macosx_11_0_arm64.whl")
    wheel(tmp_path, "c-1.0-cp312-cp312-macosx_14_0_arm64.whl")  # too new for macOS 11
    missing = missing_requirements(tmp_path.glob("*.whl"), root, target("macos-arm64"))
    assert missing == [("c", "dalil")]
