import os
import time
from pathlib import Path

import pytest

# Times are shown in the laptop's local time zone (guide.i18n.formatting.format_time): the
# tests run in one known zone, whatever the machine's, so that painted screens and reports
# are the same everywhere. A test that wants another zone sets TZ itself.
os.environ["TZ"] = "UTC"
time.tzset()

FIXTURES = Path(__file__).parent / "fixtures"

# No test writes outside a temporary HOME: catalogs load (and cache) while tests are being
# collected, before any fixture runs, and some tools (Chromium, dconf) write under HOME and
# the XDG folders. One private home for the whole run, set before anything is imported.
_HOME = Path(__import__("tempfile").mkdtemp(prefix="dalil-tests-home-"))
os.environ["HOME"] = str(_HOME)
for _name, _sub in (
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_STATE_HOME", ".local/state"),
):
    os.environ[_name] = str(_HOME / _sub)
os.environ.setdefault("DALIL_CACHE_DIR", str(_HOME / "dalil-cache"))


@pytest.fixture(scope="session")
def mini_guide():
    from guide.loader import load_guide

    result = load_guide(FIXTURES / "mini")
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.guide


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    """Tests never write to the user's cache folder (catalog cache)."""
    import os

    old = os.environ.get("DALIL_CACHE_DIR")
    os.environ["DALIL_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("DALIL_CACHE_DIR", None)
    else:
        os.environ["DALIL_CACHE_DIR"] = old


@pytest.fixture(autouse=True)
def _command_line_in_the_source_language(monkeypatch):
    """`dalil` follows LANGUAGE/LC_ALL/LANG: tests see English whatever the developer's
    locale, and a test that ran `dalil --lang ar ...` leaves no Arabic behind."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    # The module itself: a test may have put a stand-in for the package in sys.modules.
    from guide.i18n.translate import set_language

    set_language("en")
