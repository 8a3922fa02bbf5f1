"""The catalog cache: the same translations as a parse, refreshed when the file changes,
harmless when damaged."""

import os
import shutil
import time

import pytest

from guide import i18n
from guide.i18n import cache
from guide.i18n.catalogs import load_translations
from guide.paths import default_locales_dir


@pytest.fixture
def locales(tmp_path, monkeypatch):
    root = tmp_path / "locales"
    shutil.copytree(default_locales_dir(), root)
    monkeypatch.setenv("DALIL_CACHE_DIR", str(tmp_path / "cache"))
    yield root
    i18n.set_locales_dir(None)


def test_cached_table_equals_the_parsed_one(locales):
    first, w1 = load_translations(locales, "ar", "ui")
    assert list((locales.parent / "cache" / "catalogs").glob("*.json"))
    second, w2 = load_translations(locales, "ar", "ui")
    assert second.messages == first.messages and w2 == w1
    for n in range(0, 120):
        assert second.plural(n) == first.plural(n)


def test_a_changed_catalog_is_parsed_again(locales):
    load_translations(locales, "fr", "ui")
    po = locales / "fr" / "LC_MESSAGES" / "ui.po"
    text = po.read_text(encoding="utf-8").replace('msgstr "Oui"', 'msgstr "Oui !"', 1)
    time.sleep(0.01)
    po.write_text(text, encoding="utf-8")
    table, _ = load_translations(locales, "fr", "ui")
    assert table.get(None, "Yes") == "Oui !"


def test_a_damaged_cache_is_ignored(locales):
    table, _ = load_translations(locales, "ar", "guide")
    for f in (locales.parent / "cache" / "catalogs").glob("*.json"):
        f.write_bytes(os.urandom(200))
    again, _ = load_translations(locales, "ar", "guide")
    assert again.messages == table.messages


def test_no_cache_when_turned_off(locales, monkeypatch):
    monkeypatch.setenv("DALIL_NO_CACHE", "1")
    assert cache.cache_dir() is None
    table, _ = load_translations(locales, "ar", "ui")
    assert table.messages
    assert not (locales.parent / "cache").exists()
