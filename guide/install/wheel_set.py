"""Is a folder of wheels complete for a target platform and Python version?

`pip download --platform ...` evaluates environment markers (`; sys_platform == "win32"`)
for the machine it runs on, not for the target: a dependency only Windows needs would be
missing from a bundle built on Linux, and the laptop would find out. So the requirements are
walked again here, from Dalil's wheel down, with the target's marker values, and every
requirement must have a wheel that installs on the target.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

try:  # the standard tool; pip's own copy where it is not installed (the builder needs pip)
    from packaging.markers import Marker
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.tags import Tag
    from packaging.utils import canonicalize_name, parse_wheel_filename
except ImportError:  # pragma: no cover - depends on the builder's Python
    from pip._vendor.packaging.markers import Marker  # type: ignore[no-redef,assignment]
    from pip._vendor.packaging.requirements import (  # type: ignore[no-redef,assignment]
        InvalidRequirement,
        Requirement,
    )
    from pip._vendor.packaging.tags import Tag  # type: ignore[no-redef,assignment]
    from pip._vendor.packaging.utils import (  # type: ignore[no-redef,assignment]
        canonicalize_name,
        parse_wheel_filename,
    )

# Our platform name -> marker values of that platform.
_PLATFORM_MARKERS: dict[str, dict[str, str]] = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    "windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
    "macos": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
}
_MACHINE_MARKER = {
    "linux-x86_64": "x86_64",
    "linux-aarch64": "aarch64",
    "windows-x86_64": "AMD64",
    "macos-arm64": "arm64",
    "macos-x86_64": "x86_64",
}
_MANYLINUX = re.compile(r"^(manylinux|musllinux)_(\d+)_(\d+)_(.+)$")
_LEGACY = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
_MACOS = re.compile(r"^macosx_(\d+)_(\d+)_(.+)$")
# A fat wheel serves both architectures it holds.
_MACOS_FAT = {"arm64": ("universal2",), "x86_64": ("universal2", "intel", "universal")}


@dataclass(frozen=True, slots=True)
class Target:
    platform: str  # our name, e.g. "windows-x86_64"
    python: str  # "3.12"
    platform_tags: tuple[str, ...]  # the pip tags, e.g. ("win_amd64",)

    def marker_environment(self) -> dict[str, str]:
        system = self.platform.split("-")[0]
        return {
            **_PLATFORM_MARKERS[system],
            "platform_machine": _MACHINE_MARKER[self.platform],
            "python_version": self.python,
            "python_full_version": f"{self.python}.0",
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "implementation_version": f"{self.python}.0",
            "platform_release": "",
            "platform_version": "",
            "extra": "",
        }

    def accepts(self, tag: Tag) -> bool:
        return self._python_ok(tag) and self._platform_ok(tag.platform)

    def _python_ok(self, tag: Tag) -> bool:
        minor = int(self.python.split(".")[1])
        if tag.interpreter in ("py3", f"py3{minor}"):
            return tag.abi == "none"
        if not tag.interpreter.startswith("cp3"):
            return False
        built_for = int(tag.interpreter[3:])
        if tag.abi == "abi3":
            return built_for <= minor
        return built_for == minor and tag.abi in (f"cp3{minor}", "none")

    def _platform_ok(self, platform: str) -> bool:
        if platform == "any" or platform in self.platform_tags:
            return True
        if platform.startswith("macosx_"):
            return any(_macos_ok(platform, tag) for tag in self.platform_tags)
        wheel = _glibc(platform)
        if wheel is None:
            return False
        return any(
            (target := _glibc(tag)) is not None and target[0] == wheel[0] and wheel[1] <= target[1]
            for tag in self.platform_tags
        )


def _macos_ok(wheel: str, target: str) -> bool:
    """A wheel for an older or equal macOS, for the target's architecture or a fat one."""
    built, runs = _MACOS.match(wheel), _MACOS.match(target)
    if built is None or runs is None:
        return False
    arch_ok = built[3] == runs[3] or built[3] in _MACOS_FAT.get(runs[3], ())
    return arch_ok and (int(built[1]), int(built[2])) <= (int(runs[1]), int(runs[2]))


def _glibc(platform: str) -> tuple[str, tuple[int, int]] | None:
    """('manylinux_x86_64', (2, 17)) for manylinux2014_x86_64 and manylinux_2_17_x86_64."""
    for legacy, version in _LEGACY.items():
        if platform.startswith(legacy + "_"):
            return f"manylinux_{platform[len(legacy) + 1 :]}", version
    match = _MANYLINUX.match(platform)
    if match is None:
        return None
    return f"{match[1]}_{match[4]}", (int(match[2]), int(match[3]))


@dataclass(frozen=True, slots=True)
class _Wheel:
    path: Path
    name: str
    version: object
    tags: frozenset[Tag]


def _requirements(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        metadata = next((n for n in archive.namelist() if n.endswith(".dist-info/METADATA")), None)
        if metadata is None:
            return []
        text = archive.read(metadata).decode("utf-8", errors="replace")
    requirements: list[Requirement] = []
    for line in Parser().parsestr(text, headersonly=True).get_all("Requires-Dist") or []:
        try:
            requirements.append(Requirement(line))
        except InvalidRequirement:
            continue
    return requirements


def missing_requirements(
    wheels: Iterable[Path], root: Path, target: Target
) -> list[tuple[str, str]]:
    """(requirement, needed by) pairs that no wheel in `wheels` satisfies on `target`."""
    available: dict[str, list[_Wheel]] = {}
    for path in wheels:
        name, version, _build, tags = parse_wheel_filename(path.name)
        available.setdefault(name, []).append(_Wheel(path, name, version, frozenset(tags)))
    environment = target.marker_environment()
    missing: list[tuple[str, str]] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    pending: list[tuple[Path, frozenset[str]]] = [(root, frozenset())]
    while pending:
        wheel, extras = pending.pop()
        owner = parse_wheel_filename(wheel.name)[0]
        for requirement in _requirements(wheel):
            wanted = [{**environment, "extra": extra} for extra in extras or {""}]
            marker: Marker | None = requirement.marker
            if marker is not None and not any(marker.evaluate(env) for env in wanted):
                continue
            name = canonicalize_name(requirement.name)
            match = next(
                (
                    candidate
                    for candidate in available.get(name, [])
                    if any(target.accepts(tag) for tag in candidate.tags)
                    and requirement.specifier.contains(str(candidate.version), prereleases=True)
                ),
                None,
            )
            if match is None:
                missing.append((str(requirement).split(";")[0].strip(), str(owner)))
                continue
            key = (name, frozenset(requirement.extras))
            if key not in seen:
                seen.add(key)
                pending.append((match.path, frozenset(requirement.extras)))
    return sorted(set(missing))
