"""The checks a guide must pass before it replaces the installed one.

The same checks as `dalil validate` and `dalil test`: the YAML, the schema and the semantic
checks (guide.loader), then every scenario the trainers wrote. A guide that fails any of them
is refused with its diagnostics (file:line:col code message), and the guide in use stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class GuideCheck:
    guide_id: str = ""
    guide_version: str = ""
    problems: list[str] = field(default_factory=list)  # each refuses the guide
    warnings: list[str] = field(default_factory=list)
    scenarios_run: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_guide(indicators: Path) -> GuideCheck:
    from guide.loader import load_guide

    check = GuideCheck()
    loaded = load_guide(indicators)
    check.problems.extend(d.format() for d in loaded.errors)
    check.warnings.extend(d.format() for d in loaded.warnings)
    if not loaded.ok or loaded.guide is None:
        if not check.problems:
            check.problems.append(f"{indicators.name}: the guide could not be loaded")
        return check
    guide = loaded.guide
    check.guide_id, check.guide_version = guide.id, guide.version
    check.problems.extend(_scenario_failures(guide, check))
    return check
