"""The bundle builder's parts that need no registry: scripts, options, names."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guide.install import bundle
from guide.install.checksums import write_sums


def test_scripts_are_filled_in(tmp_path):
    bundle.write_scripts(tmp_path, "1.2.3", ["3.11", "3.12"], "pip-26.0-py3-none-any.whl")
    for name in bundle.TEMPLATES:
        text = (tmp_path / name).read_text("utf-8")
        assert "@" + "VERSION@" not in text and "@PYTHONS@" not in text, name
    install_py = (tmp_path / "install.py").read_text("utf-8")
    assert 'VERSION = "1.2.3"' in install_py and 'PYTHONS = "3.11 3.12".split()' in install_py
    install_sh = (tmp_path / "install.sh").read_text("utf-8")
    assert 'PYTHONS="3.11 3.12"' in install_sh
    assert b"\r\n" not in (tmp_path / "install.sh").read_bytes()
    assert b"\r\n" not in (tmp_path / "install.py").read_bytes()
    bat = (tmp_path / "install.bat").read_bytes()
    assert b"Dalil 1.2.3" in bat and b"\r\n" in bat
    assert bat.isascii()  # cmd reads a batch file in the console's code page


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_install_sh_parses():
    template = Path(bundle.__file__).parent / "templates" / "install.sh"
    assert subprocess.run(["sh", "-n", str(template)]).returncode == 0


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_install_sh_refuses_an_unsupported_python(tmp_path):
    bundle.write_scripts(tmp_path, "1.2.3", ["3.99"], "pip.whl")
    write_sums(tmp_path, [tmp_path / "README.txt"], tmp_path / "SHA256SUMS")
    result = subprocess.run(
        ["sh", str(tmp_path / "install.sh"), "--prefix", str(tmp_path / "app"),
         "--python", sys.executable],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "this bundle needs one of: 3.99" in result.stderr
    assert not (tmp_path / "app").exists()


def test_unknown_platform_and_python_are_refused(tmp_path):
    with pytest.raises(bundle.BundleError, match="unknown platform solaris"):
        bundle.build_bundle(tmp_path, platforms=["solaris"], wheel=tmp_path / "x.whl")
    with pytest.raises(bundle.BundleError, match=r"Python 3\.9 is not supported"):
        bundle.build_bundle(tmp_path, pythons=["3.9"], wheel=tmp_path / "x.whl")


def test_missing_extra_file_is_refused(tmp_path):
    with pytest.raises(bundle.BundleError, match=r"missing\.exe: no such file \(--include\)"):
        bundle.build_bundle(tmp_path, wheel=tmp_path / "x.whl", extras=[tmp_path / "missing.exe"])


def test_wheel_version_and_bad_wheel_names(tmp_path):
    assert bundle.wheel_version(Path("dalil-0.4.1-py3-none-any.whl")) == "0.4.1"
    with pytest.raises(bundle.BundleError, match="not a Dalil wheel"):
        bundle.wheel_version(Path("textual-8.2.8-py3-none-any.whl"))


def test_this_machine_is_a_known_platform():
    assert bundle.current_platform() in bundle.PLATFORMS


def test_bundle_command_reports_errors_without_traceback(tmp_path, capsys):
    from guide.cli import main

    assert main(["bundle", "--wheel", str(tmp_path / "missing.whl"), "-o", str(tmp_path)]) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_wheel_is_rebuilt_from_a_plain_install(tmp_path):
    """`dalil bundle` where Dalil was installed with pip (no checkout): the installed files,
    under their recorded names, with a fresh RECORD."""
    import base64
    import hashlib
    import zipfile
    from importlib import metadata

    from guide.install.bundle import wheel_from_installed

    site = tmp_path / "site"
    files = {
        "guide/__init__.py": b"__version__ = '9.9'\n",
        "guide/_data/indicators/guide.yaml": b"guide: {id: x}\n",
        "dalil-9.9.dist-info/METADATA": b"Metadata-Version: 2.1\nName: dalil\nVersion: 9.9\n",
        "dalil-9.9.dist-info/WHEEL": b"Wheel-Version: 1.0\nTag: py3-none-any\n",
        "dalil-9.9.dist-info/INSTALLER": b"pip\n",
    }
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    record = [f"{name},," for name in files] + [
        "dalil-9.9.dist-info/RECORD,,",
        "guide/__pycache__/__init__.cpython-311.pyc,,",
        "../../../bin/dalil,,",
    ]
    (site / "dalil-9.9.dist-info" / "RECORD").write_text("\n".join(record) + "\n")
    dist = metadata.Distribution.at(site / "dalil-9.9.dist-info")
    wheel = wheel_from_installed(tmp_path / "out", dist)
    assert wheel.name == "dalil-9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert names == {
            "guide/__init__.py",
            "guide/_data/indicators/guide.yaml",
            "dalil-9.9.dist-info/METADATA",
            "dalil-9.9.dist-info/WHEEL",
            "dalil-9.9.dist-info/RECORD",
        }
        rows = archive.read("dalil-9.9.dist-info/RECORD").decode().splitlines()
    for row in rows:
        name, digest, size = row.split(",")
        if name.endswith("RECORD"):
            continue
        data = files[name]
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert (digest, size) == (f"sha256={expected}", str(len(data)))
