"""The offline bundle, end to end: built for this platform and Python only (that step uses the
package registry), then installed and used inside a network namespace with no network at all.

Everything, pip's cache included, stays in pytest's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from guide.install import update_archive
from guide.install.checksums import sha256_file, verify_sums

CHECKOUT = Path(__file__).resolve().parents[2]
MINI = CHECKOUT / "tests" / "fixtures" / "mini"


def _can_unshare_network() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


def _registry_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not _can_unshare_network(), reason="needs 'unshare -n' (Linux, root or user namespaces)"
    ),
]


def offline_env(home: Path, data: Path) -> dict[str, str]:
    """A laptop's environment: no pip configuration of ours; hostile pip settings are ignored."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "DALIL_DATA_DIR": str(data),
        # The install script must ignore these: an index or wheels folder it would otherwise use.
        "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
        "PIP_FIND_LINKS": str(home / "elsewhere"),
    }


def offline(command: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["unshare", "-n", *command], env=env, capture_output=True, text=True, **kwargs
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the checkout to build from. The shipped guide is used when the checkout has
    one; otherwise the test guide stands in for it (the packaging is what is tested here)."""
    copy = tmp_path_factory.mktemp("project") / "dalil"
    ignore = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.pyc", "dist", "build")
    shutil.copytree(CHECKOUT, copy, ignore=ignore)
    if not any((copy / "indicators").glob("**/*.yaml")):
        shutil.rmtree(copy / "indicators", ignore_errors=True)
        shutil.copytree(MINI, copy / "indicators")
    (copy / "locales").mkdir(exist_ok=True)
    return copy


@pytest.fixture(scope="module")
def bundle(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    env = dict(os.environ, PIP_CACHE_DIR=str(out / "pip-cache"))
    result = subprocess.run(
        [
            sys.executable,
            str(project / "packaging" / "build_bundle.py"),
            "--current",
            "-o",
            str(out),
            "--include",
            str(project / "README.md"),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0 and not _registry_reachable():
        pytest.skip("building the bundle needs the package registry (pypi.org), unreachable here")
    assert result.returncode == 0, result.stderr
    print(result.stdout)
    (archive,) = out.glob("dalil-offline-*.zip")
    return archive


@pytest.fixture(scope="module")
def unpacked(bundle, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("usb")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(dest)
    (folder,) = dest.iterdir()
    return folder


@pytest.fixture(scope="module")
def laptop(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("laptop")
    return {"home": root / "home", "data": root / "data", "app": root / "app"}


@pytest.fixture(scope="module")
def installed(unpacked, laptop) -> Path:
    laptop["home"].mkdir()
    env = offline_env(laptop["home"], laptop["data"])
    result = offline(
        [
            "sh",
            str(unpacked / "install.sh"),
            "--prefix",
            str(laptop["app"]),
            "--python",
            sys.executable,
        ],
        env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Dalil" in result.stdout and "is installed" in result.stdout
    # ~/.local/bin is not on this PATH: the script says exactly how to add it.
    assert "export PATH=" in result.stdout and ".local/bin" in result.stdout
    return laptop["app"] / "dalil.sh"


def test_dalil_runs_by_its_name_after_the_install(installed, laptop):
    link = laptop["home"] / ".local" / "bin" / "dalil"
    assert link.is_symlink() and link.resolve() == installed.resolve()
    env = offline_env(laptop["home"], laptop["data"])
    env["PATH"] = f"{link.parent}:{env['PATH']}"
    result = offline(["dalil", "--version"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("dalil ")
    validate = offline(["dalil", "validate"], env)
    assert validate.returncode == 0, validate.stdout + validate.stderr


def test_the_bundle_carries_its_docs(unpacked):
    for page in ("install.md", "officers.md", "security.md"):
        assert (unpacked / "docs" / page).is_file(), page
    assert "docs/install.md" in (unpacked / "README.txt").read_text("utf-8")


def run_installed(launcher: Path, laptop, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return offline([str(launcher), *args], offline_env(laptop["home"], laptop["data"]), **kwargs)


def test_the_namespace_has_no_network():
    probe = "import socket; print(' '.join(name for _, name in socket.if_nameindex()))"
    result = offline([sys.executable, "-c", probe], {"PATH": os.environ.get("PATH", "")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["lo"]


def test_bundle_holds_wheels_scripts_and_checksums(bundle, unpacked):
    names = {p.name for p in unpacked.iterdir()}
    assert {
        "install.py",
        "install.sh",
        "install.bat",
        "README.txt",
        "SHA256SUMS",
        "bundle.json",
    } <= names
    wheels = {p.name for p in (unpacked / "wheels").glob("*.whl")}
    for needed in ("dalil-", "textual-", "pyyaml-", "cryptography-", "babel-", "pip-"):
        assert any(name.startswith(needed) for name in wheels), needed
    assert (unpacked / "extras" / "README.md").is_file()  # --include
    assert verify_sums(unpacked, unpacked / "SHA256SUMS") == []
    assert "  extras/README.md\n" in (unpacked / "SHA256SUMS").read_text("ascii")
    listed = (unpacked / "SHA256SUMS").read_text("ascii")
    assert all(f"  wheels/{name}\n" in listed for name in wheels)
    assert b"\r\n" in (unpacked / "install.bat").read_bytes()
    assert not (unpacked / "install.ps1").exists()  # one installer: install.py
    digest, name = bundle.with_name(bundle.name + ".sha256").read_text("ascii").split()
    assert (digest, name) == (sha256_file(bundle), bundle.name)
    # The guide travels inside Dalil's wheel.
    (dalil_wheel,) = (unpacked / "wheels").glob("dalil-*.whl")
    with zipfile.ZipFile(dalil_wheel) as wheel:
        assert any(n.startswith("guide/_data/indicators/") for n in wheel.namelist())
        # ... and so do the install scripts, for `dalil bundle` run from an installed Dalil.
        assert "guide/install/templates/install.py" in wheel.namelist()


def test_damaged_bundle_is_refused_before_installing(unpacked, tmp_path, laptop):
    damaged = tmp_path / "damaged"
    shutil.copytree(unpacked, damaged)
    (textual,) = (damaged / "wheels").glob("textual-*.whl")
    with textual.open("ab") as stream:
        stream.write(b"\0")
    home = tmp_path / "home"
    home.mkdir()
    result = offline(
        [
            "sh",
            str(damaged / "install.sh"),
            "--prefix",
            str(tmp_path / "app"),
            "--python",
            sys.executable,
        ],
        offline_env(home, tmp_path / "data"),
    )
    assert result.returncode == 1
    assert "damaged" in result.stderr
    assert not (tmp_path / "app").exists()


def test_installed_dalil_validates_and_tests_its_guide_offline(installed, laptop):
    version = run_installed(installed, laptop, "--version")
    assert version.returncode == 0 and version.stdout.startswith("dalil ")
    validate = run_installed(installed, laptop, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "0 errors" in validate.stdout
    scenarios = run_installed(installed, laptop, "test")
    assert scenarios.returncode == 0, scenarios.stdout + scenarios.stderr
    assert " passed, 0 failed" in scenarios.stdout


def installed_guide(laptop) -> Path:
    (folder,) = laptop["app"].glob("venv-*/lib/python*/site-packages/guide/_data/indicators")
    return folder


def test_scripted_interview_runs_offline(installed, laptop, tmp_path):
    from guide.loader import load_guide

    guide = load_guide(installed_guide(laptop)).guide
    assert guide is not None and guide.scenarios, "the shipped guide needs a scenario"
    scenario = guide.scenarios[0]
    answers = tmp_path / "answers.yaml"
    import yaml

    answers.write_text(yaml.safe_dump(dict(scenario.answers)), "utf-8")
    result = run_installed(
        installed, laptop, "simulate", "--answers", str(answers), "--format", "json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    import json

    assert json.loads(result.stdout)["verdict"]["id"] == scenario.expect.verdict


def test_guide_update_cycle_offline(installed, laptop, tmp_path):
    shipped = installed_guide(laptop)
    source = tmp_path / "trainer"
    shutil.copytree(shipped, source / "indicators")
    if (shipped.parent / "locales").is_dir():
        shutil.copytree(shipped.parent / "locales", source / "locales")
    good = tmp_path / "good.zip"
    key = tmp_path / "keys" / "trainer"
    made = run_installed(installed, laptop, "update-guide", "--new-key", str(key))
    assert made.returncode == 0, made.stdout + made.stderr
    built = run_installed(
        installed, laptop, "update-guide", "--build", str(source), "-o", str(good),
        "--key", str(key),
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    untrusted = run_installed(installed, laptop, "update-guide", str(good))
    assert untrusted.returncode == 1 and "does not trust" in untrusted.stderr
    trusted = run_installed(installed, laptop, "update-guide", "--trust-key", f"{key}.pub")
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr

    result = run_installed(installed, laptop, "update-guide", str(good))
    assert result.returncode == 0, result.stdout + result.stderr
    status = run_installed(installed, laptop, "update-guide", "--status")
    assert str(laptop["data"] / "guide-updates" / "versions") in status.stdout
    assert run_installed(installed, laptop, "validate").returncode == 0

    # A broken update (made without the builder's checks) is refused; the guide in use stays.
    guide_yaml = next((source / "indicators").rglob("*.yaml"))
    guide_yaml.write_text(guide_yaml.read_text("utf-8") + "\nunknown_section: 1\n", "utf-8")
    broken = tmp_path / "broken.zip"
    from guide.install.signing import load_private_key

    update_archive.build(
        source, broken, update_archive.Manifest("x", "y", built_with="test"), load_private_key(key)
    )
    refused = run_installed(installed, laptop, "update-guide", str(broken))
    assert refused.returncode == 1
    assert "unknown_section" in refused.stderr and "error S001" in refused.stderr
    assert "guide in use is unchanged" in refused.stderr
    after = run_installed(installed, laptop, "update-guide", "--status")
    assert after.stdout == status.stdout

    back = run_installed(installed, laptop, "update-guide", "--rollback")
    assert back.returncode == 0 and "shipped with Dalil" in back.stdout
    status = run_installed(installed, laptop, "update-guide", "--status")
    assert str(shipped) in status.stdout
