"""The catalogs and templates shipped in locales/: complete, sound, reproducible."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from guide.cli import main
from guide.i18n.catalogs import DOMAINS, catalog_path
from guide.i18n.languages import language_codes
from guide.i18n.status import project_status
from guide.i18n.workflow import Project, pybabel_extract_args

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "locales"
SHIPPED = [(lang, domain) for lang in language_codes() for domain in DOMAINS]


def test_shipped_catalogs_pass_status_strict():
    statuses = project_status(LOCALES, language_codes(), DOMAINS)
    problems = {
        f"{s.language}/{s.domain}": (s.fuzzy, s.missing, s.obsolete, [str(p) for p in s.problems])
        for s in statuses
        if not s.clean
    }
    assert problems == {}
    assert main(["i18n", "status", "--strict", "--root", str(REPO)]) == 0


@pytest.mark.parametrize(("language", "domain"), SHIPPED)
def test_shipped_catalog_passes_msgfmt_check(language: str, domain: str):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    path = catalog_path(LOCALES, language, domain)
    run = subprocess.run(
        [msgfmt, "--check", "--output-file", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr


def test_arabic_catalogs_have_six_plural_forms():
    for domain in DOMAINS:
        catalog = read_po(catalog_path(LOCALES, "ar", domain).open("rb"))
        assert catalog.num_plurals == 6
        assert catalog.plural_forms.startswith("nplurals=6;")


def _without_volatile_headers(text: str) -> str:
    # The date changes on every run and the Babel version with the environment.
    return "\n".join(
        line
        for line in text.splitlines()
        if not line.startswith(('"POT-Creation-Date:', '"Generated-By:'))
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_pybabel_extract_reproduces_the_shipped_template(domain: str, tmp_path: Path):
    extractors = importlib.metadata.entry_points(group="babel.extractors")
    if not any(ep.name == "dalil_yaml" for ep in extractors):
        pytest.skip("the project is not installed, so Babel cannot find the dalil_yaml extractor")
    project = Project.at(REPO)
    args = pybabel_extract_args(project, domain)
    output = tmp_path / f"{domain}.pot"
    args[args.index("--output-file") + 1] = str(output)
    run = subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    shipped = project.template(domain).read_text(encoding="utf-8")
    assert _without_volatile_headers(output.read_text(encoding="utf-8")) == (
        _without_volatile_headers(shipped)
    ), "locales/*.pot are stale: run `dalil i18n extract` and `dalil i18n update`"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_text_of_the_shipped_guide_shows_translated(language: str):
    from guide.i18n import UNTRANSLATED_MARK, content, set_locales_dir
    from guide.i18n.places import guide_places
    from guide.loader import load_guide
    from guide.paths import default_guide_dir

    guide_dir = default_guide_dir()
    if not guide_dir.is_dir():
        pytest.skip(f"no shipped guide at {guide_dir}")
    guide = load_guide(guide_dir).guide
    assert guide is not None
    set_locales_dir(LOCALES)
    shown = {
        context: content(context, text, lang=language) for context, text in guide_places(guide)
    }
    untranslated = sorted(c for c, text in shown.items() if text.startswith(UNTRANSLATED_MARK))
    assert untranslated == []
    assert all(text.strip() for text in shown.values())
