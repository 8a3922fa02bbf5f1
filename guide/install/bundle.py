"""The offline installation bundle, built on a connected machine.

One zip holds Dalil's wheel, the wheel of every dependency for each target platform and
Python version, pip's own wheel (so no `ensurepip` is needed on the laptop), optional extra files
(`extras/`, such as Python's installer for Windows), the installer `install.py` (the same
on every platform) with the two small launchers that find a Python and run it (`install.sh`,
`install.bat`), a README and `SHA256SUMS`, which the installer checks before installing
anything. Beside the zip, `<zip>.sha256` lets the
person preparing the USB key check the copy.

The guide and catalogs travel inside Dalil's wheel (it force-includes indicators/ and locales/).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from guide.install.checksums import sha256_file, write_sums

# Target platforms: our name -> the pip platform tags that fit (pip expands manylinux2014 to
# manylinux2010 and manylinux1 itself). glibc 2.17 keeps old laptops (CentOS 7 era) working.
PLATFORMS: dict[str, tuple[str, ...]] = {
    "linux-x86_64": ("manylinux2014_x86_64", "manylinux_2_17_x86_64"),
    "linux-aarch64": ("manylinux2014_aarch64", "manylinux_2_17_aarch64"),
    "windows-x86_64": ("win_amd64",),
    "macos-arm64": ("macosx_11_0_arm64",),
    "macos-x86_64": ("macosx_10_12_x86_64",),
}
DEFAULT_PLATFORMS = ("linux-x86_64", "windows-x86_64")
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
TEMPLATES = ("install.py", "install.sh", "install.bat", "README.txt")
# Windows tools read these best with CRLF line ends.
_CRLF = frozenset({".bat", ".txt"})


class BundleError(Exception):
    """The bundle cannot be built; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class BundleResult:
    archive: Path
    checksum_file: Path
    size_bytes: int
    wheels: tuple[str, ...]


def current_platform() -> str:
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "x86_64": "x86_64", "arm64": "aarch64", "aarch64": "aarch64"}
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform)
    name = f"{system}-{arch.get(machine, machine)}"
    if system == "macos" and name == "macos-aarch64":
        name = "macos-arm64"
    if name not in PLATFORMS:
        raise BundleError(f"this machine ({sys.platform} {machine}) is not a supported platform")
    return name


def current_python() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def find_checkout() -> Path | None:
    """The source checkout this Dalil runs from, if it is one (it has Dalil's pyproject)."""
    root = Path(__file__).resolve().parents[2]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and 'name = "dalil"' in pyproject.read_text(encoding="utf-8"):
        return root
    return None


def _run(command: Sequence[str], what: str, cache: Path | None = None) -> None:
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    if cache is not None:
        # pip's cache stays inside the build folder: the build leaves nothing behind.
        env["PIP_CACHE_DIR"] = str(cache)
    result = subprocess.run(
        list(command), capture_output=True, text=True, encoding="utf-8", errors="replace", env=env
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-25:])
        raise BundleError(f"{what} failed (exit {result.returncode}):\n{tail}")


def build_wheel(project: Path, dest: Path, pip: Sequence[str], cache: Path) -> Path:
    """Build Dalil's wheel from a source checkout (pip fetches the build backend)."""
    if not (project / "pyproject.toml").is_file():
        raise BundleError(f"{project}: no pyproject.toml (not a Dalil source checkout)")
    for folder in ("indicators", "locales"):
        if not (project / folder).is_dir():
            raise BundleError(f"{project}: the '{folder}' folder is missing; the wheel needs it")
    dest.mkdir(parents=True, exist_ok=True)
    _run(
        [*pip, "wheel", "--no-deps", "--wheel-dir", str(dest), str(project)],
        "building Dalil",
        cache,
    )
    wheels = sorted(dest.glob("dalil-*.whl"))
    if len(wheels) != 1:
        raise BundleError(f"building Dalil gave {len(wheels)} wheels in {dest}, expected one")
    return wheels[0]


def wheel_from_installed(dest: Path, dist: object = None) -> Path:
    """Dalil's wheel, rebuilt from this installed copy (a plain `pip install`, where no source
    checkout is at hand): the files pip recorded as installed, under their recorded names,
    with a fresh RECORD. Scripts, caches and pip's own bookkeeping are left out."""
    import base64
    import hashlib
    from importlib import metadata

    if dist is None:
        try:
            dist = metadata.distribution("dalil")
        except metadata.PackageNotFoundError:
            raise BundleError(
                "Dalil is not installed here and no checkout was found: give --project DIR "
                "or --wheel FILE"
            ) from None
    version = dist.version  # type: ignore[attr-defined]
    info_dir = f"dalil-{version}.dist-info"
    skipped = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    records: list[str] = []
    dest.mkdir(parents=True, exist_ok=True)
    wheel = dest / f"dalil-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for entry in dist.files or []:  # type: ignore[attr-defined]
            name = entry.as_posix()
            if name.startswith("..") or "__pycache__" in name or name.endswith(".pyc"):
                continue
            if name.startswith(info_dir + "/") and name.rsplit("/", 1)[-1] in skipped:
                continue
            path = Path(str(dist.locate_file(entry)))  # type: ignore[attr-defined]
            if not path.is_file():
                raise BundleError(
                    f"the installed Dalil is incomplete ({name} is missing): reinstall it, or "
                    "give --project DIR or --wheel FILE"
                )
            data = path.read_bytes()
            out.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            records.append(f"{name},sha256={digest.decode('ascii')},{len(data)}")
        if not any(r.startswith("guide/_data/indicators/") for r in records):
            raise BundleError(
                "this installed Dalil has no guide inside (an editable install?): give "
                "--project DIR (the checkout) or --wheel FILE"
            )
        records.append(f"{info_dir}/RECORD,,")
        out.writestr(f"{info_dir}/RECORD", "\n".join(records) + "\n")
    return wheel


def bundle_docs() -> Path | None:
    """The folder of Dalil's documentation: the checkout's docs/, or the copy inside an
    installed Dalil (guide/_data/docs)."""
    checkout = find_checkout()
    if checkout is not None and (checkout / "docs").is_dir():
        return checkout / "docs"
    packaged = Path(__file__).resolve().parents[1] / "_data" / "docs"
    return packaged if packaged.is_dir() else None


def wheel_version(wheel: Path) -> str:
    # dalil-0.1.0-py3-none-any.whl: distribution, version, tags.
    parts = wheel.name.split("-")
    if len(parts) < 5 or parts[0] != "dalil" or wheel.suffix != ".whl":
        raise BundleError(f"{wheel.name}: not a Dalil wheel")
    return parts[1]


def download_wheels(
    dalil_wheel: Path,
    dest: Path,
    platforms: Sequence[str],
    pythons: Sequence[str],
    pip: Sequence[str],
    progress: Callable[[str], None],
    cache: Path,
) -> None:
    """Every dependency's wheel for every platform and Python version (binary only)."""
    from guide.install.wheel_set import Target, missing_requirements

    for name in platforms:
        for python in pythons:
            progress(f"  wheels for {name}, Python {python}")
            tags = [arg for tag in PLATFORMS[name] for arg in ("--platform", tag)]
            base = [
                *pip, "download", "--only-binary=:all:", "--implementation", "cp",
                "--python-version", python, *tags, "--dest", str(dest),
            ]  # fmt: skip
            what = f"downloading the wheels for {name} / Python {python}"
            _run([*base, str(dalil_wheel)], what, cache)
            # pip judged the markers for this machine: fetch what the target needs besides.
            target = Target(name, python, PLATFORMS[name])
            for _round in range(5):
                missing = missing_requirements(dest.glob("*.whl"), dalil_wheel, target)
                if not missing:
                    break
                progress(f"    also for {name}: {', '.join(req for req, _ in missing)}")
                _run([*base, *(req for req, _ in missing)], what, cache)
            else:
                needed = "; ".join(f"{req} (for {owner})" for req, owner in missing)
                raise BundleError(f"no wheel for {name} / Python {python}: {needed}")
    progress("  pip itself")
    _run(
        [*pip, "download", "--only-binary=:all:", "--no-deps", "--dest", str(dest), "pip"],
        "downloading pip",
        cache,
    )


def _template(name: str) -> str:
    return resources.files("guide.install").joinpath("templates", name).read_text("utf-8")


def write_scripts(folder: Path, version: str, pythons: Sequence[str], pip_wheel: str) -> None:
    newest_first = sorted(pythons, key=lambda v: tuple(int(p) for p in v.split(".")), reverse=True)
    values = {
        "@VERSION@": version,
        "@PYTHONS@": " ".join(pythons),
        "@PIP_WHEEL@": pip_wheel,
        # install.bat: `py -3.13`, then the folders python.org's installer uses (Python313).
        "@PYTHONS_NEWEST_FIRST@": " ".join(newest_first),
        "@PYTHON_FOLDERS@": " ".join("Python" + v.replace(".", "") for v in newest_first),
    }
    for name in TEMPLATES:
        text = _template(name)
        for key, value in values.items():
            text = text.replace(key, value)
        newline = "\r\n" if Path(name).suffix in _CRLF else "\n"
        (folder / name).write_text(text, encoding="utf-8", newline=newline)


def _zip_folder(folder: Path, archive: Path) -> None:
    executable = {"install.sh", "install.py"}
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            arcname = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo.from_file(path, arcname)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if path.name in executable else 0o644
            info.external_attr = (0o100000 | mode) << 16
            with path.open("rb") as stream:
                out.writestr(info, stream.read())


def build_bundle(
    out_dir: Path,
    *,
    platforms: Sequence[str] = DEFAULT_PLATFORMS,
    pythons: Sequence[str] = PYTHON_VERSIONS,
    project: Path | None = None,
    wheel: Path | None = None,
    pip: Sequence[str] | None = None,
    extras: Sequence[Path] = (),
    progress: Callable[[str], None] = lambda _message: None,
) -> BundleResult:
    unknown = [name for name in platforms if name not in PLATFORMS]
    if unknown:
        raise BundleError(
            f"unknown platform {', '.join(unknown)}; choose from {', '.join(PLATFORMS)}"
        )
    unsupported = [python for python in pythons if python not in PYTHON_VERSIONS]
    if unsupported:
        raise BundleError(
            f"Python {', '.join(unsupported)} is not supported; "
            f"choose from {', '.join(PYTHON_VERSIONS)}"
        )
    if not platforms or not pythons:
        raise BundleError("at least one platform and one Python version are needed")
    for extra in extras:
        if not extra.is_file():
            raise BundleError(f"{extra}: no such file (--include)")
    pip = list(pip or [sys.executable, "-m", "pip"])
    with tempfile.TemporaryDirectory(prefix="dalil-bundle-") as tmp:
        work = Path(tmp)
        if wheel is None:
            project = project or find_checkout()
            if project is None:
                # A plain install: the wheel is rebuilt from the installed files.
                progress("Using the installed Dalil (no source checkout here)")
                wheel = wheel_from_installed(work / "dist")
            else:
                progress(f"Building Dalil's wheel from {project}")
                wheel = build_wheel(project, work / "dist", pip, work / "cache")
        elif not wheel.is_file():
            raise BundleError(f"{wheel}: no such file")
        version = wheel_version(wheel)
        stage = work / f"dalil-offline-{version}"
        wheels = stage / "wheels"
        wheels.mkdir(parents=True)
        shutil.copy2(wheel, wheels / wheel.name)
        progress("Downloading wheels")
        download_wheels(
            wheels / wheel.name, wheels, platforms, pythons, pip, progress, work / "cache"
        )
        pip_wheels = sorted(wheels.glob("pip-*.whl"))
        if not pip_wheels:
            raise BundleError("pip's wheel was not downloaded")
        write_scripts(stage, version, pythons, pip_wheels[-1].name)
        docs = bundle_docs()
        if docs is not None:
            # The install script and README.txt point here: the bundle carries its docs.
            (stage / "docs").mkdir()
            for page in sorted(docs.glob("*.md")):
                shutil.copy2(page, stage / "docs" / page.name)
        if extras:
            # Files the laptops need besides, such as Python's installer for Windows.
            (stage / "extras").mkdir()
            for extra in extras:
                shutil.copy2(extra, stage / "extras" / extra.name)
        manifest = {
            "dalil_version": version,
            "platforms": list(platforms),
            "pythons": list(pythons),
            "wheels": sorted(path.name for path in wheels.glob("*.whl")),
        }
        (stage / "bundle.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        files = [path for path in stage.rglob("*") if path.is_file()]
        write_sums(stage, files, stage / "SHA256SUMS")
        out_dir.mkdir(parents=True, exist_ok=True)
        archive = out_dir / f"{stage.name}.zip"
        partial = archive.with_name(archive.name + ".part")
        progress(f"Writing {archive}")
        _zip_folder(stage, partial)
        partial.replace(archive)
    checksum_file = archive.with_name(archive.name + ".sha256")
    checksum_file.write_text(f"{sha256_file(archive)}  {archive.name}\n", "ascii", newline="\n")
    return BundleResult(
        archive=archive,
        checksum_file=checksum_file,
        size_bytes=archive.stat().st_size,
        wheels=tuple(manifest["wheels"]),
    )
