"""A throw-away project (fixture guide, fixture UI file, mapping) for the i18n tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import guide.i18n as i18n
from guide.i18n.workflow import Project, extract, init_catalog

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_translation_state():
    i18n.set_locales_dir(None)
    i18n.set_language("en")
    yield
    i18n.set_locales_dir(None)
    i18n.set_language("en")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project with the fixture guide, extracted templates and empty ar/fr/en catalogs."""
    shutil.copytree(FIXTURES / "guide", tmp_path / "indicators")
    (tmp_path / "guide").mkdir()
    shutil.copy(FIXTURES / "ui_strings.py", tmp_path / "guide" / "ui_strings.py")
    (tmp_path / "locales").mkdir()
    shutil.copy(REPO / "locales" / "babel.cfg", tmp_path / "locales" / "babel.cfg")
    project = Project.at(tmp_path)
    extract(project)
    for language in ("ar", "fr", "en"):
        for domain in ("ui", "guide"):
            init_catalog(project, language, domain)
    return project
