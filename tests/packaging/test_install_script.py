"""install.py, the one installer every platform runs, end to end on this machine.

install.bat (Windows) and install.sh (Linux, macOS) only find a Python and run install.py; so
the Windows path is this script too, and these tests run it for real: in a temporary HOME,
from a bundle folder made here without the package registry (a small stand-in for Dalil's
wheel, and pip's own wheel from the standard library's ensurepip), with hostile pip settings
in the environment. What only Windows can show (the registry PATH, the Start menu entry,
cmd itself) is checked as far as Linux can: the launcher's text, the PATH arithmetic, and
the batch file's parts. The full bundle with the real wheels is installed offline by
tests/packaging/test_offline_bundle.py, through install.sh and so through this script.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from guide.install import bundle
from guide.install.checksums import write_sums

VERSION = "9.9.9"

FAKE_DALIL = """
import json, os, sys

def main():
    args = sys.argv[1:]
    with open(os.environ["FAKE_DALIL_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(args) + "\\n")
    if args == ["--version"]:
        print("dalil @VERSION@")
    elif args[:1] == ["validate"]:
        return int(os.environ.get("FAKE_DALIL_VALIDATE", "0"))
    else:
        print("dalil ran with " + json.dumps(args))
    return 0
"""


def pip_wheel() -> Path | None:
    import ensurepip

    bundled = Path(ensurepip.__file__).parent / "_bundled"
    wheels = sorted(bundled.glob("pip-*.whl")) if bundled.is_dir() else []
    return wheels[-1] if wheels else None


def fake_dalil_wheel(folder: Path, version: str) -> Path:
    """A wheel named dalil with a `dalil` command that records its arguments."""
    info = f"dalil-{version}.dist-info"
    files = {
        "fakedalil/__init__.py": FAKE_DALIL.replace("@VERSION@", version),
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: dalil\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
        f"{info}/entry_points.txt": "[console_scripts]\ndalil = fakedalil:main\n",
    }
    wheel = folder / f"dalil-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as out:
        for name, text in files.items():
            out.writestr(name, text)
        out.writestr(
            f"{info}/RECORD", "".join(f"{name},,\n" for name in files) + f"{info}/RECORD,,\n"
        )
    return wheel


def make_bundle(root: Path, *, platforms=None, pythons=None, version=VERSION) -> Path:
    pip = pip_wheel()
    if pip is None:
        pytest.skip("this Python has no ensurepip wheel of pip to stand in for the bundle's")
    folder = root / f"dalil-offline-{version}"
    wheels = folder / "wheels"
    wheels.mkdir(parents=True)
    fake_dalil_wheel(wheels, version)
    shutil.copy(pip, wheels / pip.name)
    pythons = pythons or [bundle.current_python()]
    bundle.write_scripts(folder, version, pythons, pip.name)
    manifest = {
        "dalil_version": version,
        "platforms": platforms or [bundle.current_platform()],
        "pythons": pythons,
        "wheels": sorted(p.name for p in wheels.iterdir()),
    }
    (folder / "bundle.json").write_text(json.dumps(manifest), "utf-8")
    write_sums(folder, [p for p in folder.rglob("*") if p.is_file()], folder / "SHA256SUMS")
    return folder


@pytest.fixture
def laptop(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "FAKE_DALIL_LOG": str(tmp_path / "calls.jsonl"),
        # Hostile pip settings: the installer must ignore them (no index, no other wheels).
        "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
        "PIP_FIND_LINKS": str(home / "elsewhere"),
        "PIP_CONFIG_FILE": str(home / "pip.conf"),
    }
    (home / "pip.conf").write_text("[global]\nindex-url = http://127.0.0.1:9/simple\n")
    return {"home": home, "env": env, "app": tmp_path / "app", "log": tmp_path / "calls.jsonl"}


def install(folder: Path, laptop, *options: str, via_sh: bool = False):
    if via_sh:
        command = ["sh", str(folder / "install.sh"), "--python", sys.executable]
    else:
        command = [sys.executable, str(folder / "install.py")]
    command += ["--prefix", str(laptop["app"]), *options]
    return subprocess.run(command, env=laptop["env"], capture_output=True, text=True, timeout=300)


def calls(laptop) -> list[list[str]]:
    text = laptop["log"].read_text("utf-8") if laptop["log"].exists() else ""
    return [json.loads(line) for line in text.splitlines()]


def test_install_py_end_to_end_in_a_temporary_home(tmp_path, laptop):
    folder = make_bundle(tmp_path / "usb")
    (laptop["app"] / "venv-0.0.1").mkdir(parents=True)  # an older version's environment
    done = install(folder, laptop)
    assert done.returncode == 0, done.stdout + done.stderr
    launcher = laptop["app"] / "dalil.sh"
    link = laptop["home"] / ".local" / "bin" / "dalil"
    assert os.access(launcher, os.X_OK)
    assert link.is_symlink() and link.resolve() == launcher.resolve()
    assert (laptop["app"] / f"venv-{VERSION}").is_dir()
    assert not (laptop["app"] / "venv-0.0.1").exists()
    # It checked what it installed: the version, the guide update in use, the guide.
    assert calls(laptop) == [["--version"], ["update-guide", "--revalidate"], ["validate"]]
    # ~/.local/bin is not on this PATH: it says exactly how to add it.
    assert f"Dalil {VERSION} is installed" in done.stdout
    assert f"echo 'export PATH=\"{link.parent}:$PATH\"' >> ~/.profile" in done.stdout
    # `dalil` by its name, with arguments passed as they are.
    env = dict(laptop["env"], PATH=f"{link.parent}:{laptop['env']['PATH']}")
    ran = subprocess.run(
        ["dalil", "simulate", "two words", "--lang=ar"], env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    assert 'dalil ran with ["simulate", "two words", "--lang=ar"]' in ran.stdout
    # Nothing was written in HOME but the link (pip's cache and settings were not used).
    written = sorted(
        str(p.relative_to(laptop["home"]))
        for p in laptop["home"].rglob("*")
        # pip asks `rustc --version` on this build machine, and rustup's shim writes its
        # settings then: this environment's, not the installer's (first-use review).
        if p.relative_to(laptop["home"]).parts[0] != ".rustup"
    )
    assert written == [".local", ".local/bin", ".local/bin/dalil", "pip.conf"]


def test_install_sh_hands_over_to_install_py(tmp_path, laptop):
    folder = make_bundle(tmp_path / "usb")
    bin_dir = tmp_path / "bin"
    laptop["env"]["PATH"] = f"{bin_dir}:{laptop['env']['PATH']}"
    done = install(folder, laptop, "--bin-dir", str(bin_dir), via_sh=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (bin_dir / "dalil").resolve() == (laptop["app"] / "dalil.sh").resolve()
    # bin_dir is on PATH: the short form is enough.
    assert done.stdout.rstrip().endswith("Start it with:\n    dalil")


def test_a_damaged_or_missing_file_is_refused_before_anything_is_written(tmp_path, laptop):
    folder = make_bundle(tmp_path / "usb")
    wheel = next((folder / "wheels").glob("dalil-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[100] ^= 0xFF
    wheel.write_bytes(bytes(data))
    (folder / "README.txt").unlink()
    done = install(folder, laptop)
    assert done.returncode == 1
    assert f"wheels/{wheel.name}: damaged" in done.stderr
    assert "README.txt: missing" in done.stderr
    assert "copy the bundle again" in done.stderr
    assert not laptop["app"].exists()


def test_a_bundle_for_another_platform_names_this_computer(tmp_path, laptop):
    others = [name for name in bundle.PLATFORMS if name != bundle.current_platform()]
    folder = make_bundle(tmp_path / "usb", platforms=others[:1])
    done = install(folder, laptop)
    assert done.returncode == 1
    assert f"built for {others[0]}; this computer is {bundle.current_platform()}" in done.stderr
    assert "{" not in done.stderr  # a sentence, not raw JSON
    assert not laptop["app"].exists()


def test_a_python_the_bundle_has_no_wheels_for_is_refused(tmp_path, laptop):
    folder = make_bundle(tmp_path / "usb", pythons=["3.99"])
    script = str(folder / "install.py")
    check = subprocess.run([sys.executable, script, "--check-python"], env=laptop["env"])
    assert check.returncode == 3
    done = install(folder, laptop)
    assert done.returncode == 1
    assert "this bundle needs one of: 3.99" in done.stderr
    assert not laptop["app"].exists()
    via_sh = install(folder, laptop, via_sh=True)
    assert via_sh.returncode == 1 and "this bundle needs one of: 3.99" in via_sh.stderr


def test_a_guide_that_does_not_load_fails_the_install(tmp_path, laptop):
    folder = make_bundle(tmp_path / "usb")
    laptop["env"]["FAKE_DALIL_VALIDATE"] = "1"
    done = install(folder, laptop)
    assert done.returncode == 1
    assert "the guide does not load" in done.stderr


# -- the parts only Windows runs, as far as Linux can check them --------------------------------


def load_installer(folder: Path):
    spec = importlib.util.spec_from_file_location("dalil_install_script", folder / "install.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_windows_launcher_and_path(tmp_path):
    bundle.write_scripts(tmp_path, VERSION, ["3.12"], "pip-26.0-py3-none-any.whl")
    script = load_installer(tmp_path)
    dalil = r"C:\Users\Zoé 100%\AppData\Local\Programs\Dalil\venv-9.9.9\Scripts\dalil.exe"
    text = script.launcher_text(dalil, windows=True)
    lines = text.split("\r\n")
    assert lines[0] == "@echo off" and "chcp 65001 >nul" in lines and text.endswith("\r\n")
    assert (
        lines[-2]
        == r'"C:\Users\Zoé 100%%\AppData\Local\Programs\Dalil\venv-9.9.9\Scripts\dalil.exe" %*'
    )
    assert script.launcher_path(r"C:\Dalil", windows=True).endswith("dalil.bat")
    # The user's PATH gets the install folder once, at its end.
    assert (
        script.path_with(r"C:\Dalil", r"C:\Windows;C:\Tools", ";")
        == r"C:\Windows;C:\Tools;C:\Dalil"
    )
    assert script.path_with(r"C:\Dalil", r"C:\Windows;C:\Dalil\;", ";") is None
    assert script.path_with(r"C:\Dalil", "", ";") == r"C:\Dalil"
    # POSIX launcher: the path quoted for the shell.
    posix = script.launcher_text("/home/zoé/my apps/venv/bin/dalil", windows=False)
    assert "exec '/home/zoé/my apps/venv/bin/dalil' \"$@\"" in posix


def test_install_bat_only_finds_python_and_runs_install_py(tmp_path):
    bundle.write_scripts(tmp_path, VERSION, ["3.11", "3.12", "3.13"], "pip.whl")
    raw = (tmp_path / "install.bat").read_bytes()
    assert raw.isascii() and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("ascii")
    assert '%PY% "%HERE%install.py" %*' in text
    assert "for %%V in (3.13 3.12 3.11) do call :try py -%%V" in text
    assert "Python313 Python312 Python311" in text
    assert 'install.py" --check-python' in text
    assert "powershell" not in text.lower()
    assert not (tmp_path / "install.ps1").exists()
    assert len(text.splitlines()) < 60
