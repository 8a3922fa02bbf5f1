"""The checks a guide must pass before it replaces the installed one.

The same checks as `dalil validate` and `dalil test`: the YAML, the schema and the semantic
checks (guide.loader), then every scenario the trainers wrote; and every `.po` catalog must
parse. A guide that fails any of them is refused with its diagnostics (file:line:col code
message), and the guide in use stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from guide.i18n import _
from guide.i18n.lazy import translated

if TYPE_CHECKING:
    from guide.core.model import Guide


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


def check_guide(indicators: Path, locales: Path | None = None) -> GuideCheck:
    from guide.loader import load_guide

    check = GuideCheck()
    loaded = load_guide(indicators)
    check.problems.extend(d.format() for d in loaded.errors)
    check.warnings.extend(d.format() for d in loaded.warnings)
    if not loaded.ok or loaded.guide is None:
        if not check.problems:
            check.problems.append(
                _("{folder}: the guide could not be loaded").format(folder=indicators.name)
            )
        return check
    guide = loaded.guide
    check.guide_id, check.guide_version = guide.id, guide.version
    check.problems.extend(_scenario_failures(guide, check))
    if locales is not None and locales.is_dir():
        check.problems.extend(_catalog_problems(locales))
    return check


def _scenario_failures(guide: Guide, check: GuideCheck) -> list[str]:
    from guide.core.scenarios import run_scenarios

    problems: list[str] = []
    for result in run_scenarios(guide):
        check.scenarios_run += 1
        if result.passed:
            continue
        ref = result.scenario.ref
        place = str(ref) if ref is not None else "scenarios"
        problems.extend(
            _("{place}: scenario {id} fails: {failure}").format(
                place=place, id=result.scenario.id, failure=translated(failure)
            )
            for failure in result.failures
        )
    return problems


def _catalog_problems(locales: Path) -> list[str]:
    """Every .po file must parse, and every entry must be safe to show: a broken catalog
    would blank the officer's screen, and a hostile one could crash the wizard (a plural rule
    dividing by zero, a `{title:d}` field) or drive the terminal (escape sequences). The
    same checks as `dalil i18n status`; the wizard would drop such entries, an update is
    refused outright so the trainer hears of it."""
    from guide.i18n.catalogs import read_po_file, usable_translations
    from guide.i18n.oserrors import os_reason

    problems: list[str] = []
    for po in sorted(locales.rglob("*.po")):
        shown = f"{locales.name}/{po.relative_to(locales).as_posix()}"
        try:
            catalog, warnings = read_po_file(po)
            if catalog is not None:
                language = po.parent.parent.name
                _table, more = usable_translations(catalog, language, po.stem, po)
                warnings = warnings + more
        except Exception as exc:  # a hostile file must give a refusal, not a traceback
            # The system's refusal in the reader's words; a parser's, as it gives them.
            problem = translated(os_reason(exc)) if isinstance(exc, OSError) else str(exc)
            problems.append(
                _("{file}: broken catalog: cannot be read ({problem})").format(
                    file=shown, problem=problem
                )
            )
            continue
        if catalog is None and not warnings:
            problems.append(_("{file}: broken catalog: cannot be read").format(file=shown))
        for warning in warnings:
            line = f":{warning.line}" if warning.line else ""
            message = warning.message.removesuffix("; shown in the source language")
            problems.append(
                _("{file}: broken catalog: {problem}").format(file=shown + line, problem=message)
            )
    return problems
