"""Shared helpers for the wizard's tests: the fixture guide, a fake journal, painted rows."""

from __future__ import annotations

import asyncio
import inspect
import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_GUIDE = FIXTURES / "guide"
# French and Arabic texts of the fixture guide, as a translation catalog would give them.
TEXTS: dict[str, dict[str, str]] = json.loads(
    (FIXTURES / "translations.json").read_text(encoding="utf-8")
)


def lookup(context: str, source: str, lang: str) -> str:
    """Like guide.i18n.content: the translation, or the source text when there is none."""
    return TEXTS.get(lang, {}).get(context, source)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no async plugin is needed for Pilot)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(scope="session")
def fixture_guide() -> Any:
    from guide.loader import load_guide

    result = load_guide(FIXTURE_GUIDE)
    assert result.guide is not None, result.diagnostics
    return result.guide


class FakeWriter:
    def __init__(self, store: FakeStore, session_id: str) -> None:
        self.store = store
        self.id = session_id

    def append(self, event: dict[str, Any]) -> None:
        self.store.sessions[self.id]["events"].append(dict(event))


class FakeInfo:
    def __init__(self, session_id: str, data: dict[str, Any]) -> None:
        self.id = session_id
        self.started = "2026-11-28T10:00:00Z"
        self.language = data["language"]
        self.answered = sum(1 for e in data["events"] if e.get("kind") in ("answer", "change"))
        self.finished = any(e.get("kind") in ("result_shown", "finished") for e in data["events"])


class FakeLoaded:
    def __init__(self, session_id: str, data: dict[str, Any]) -> None:
        self.info = FakeInfo(session_id, data)
        self.events = list(data["events"])


# The store's own error type: the wizard maps errors by type, not by name (i16).
from guide.sessions.errors import WrongPassphrase  # noqa: E402


class FakeStore:
    """The sessions contract (docs/architecture.md), in memory."""

    def __init__(self, passphrase: str | None = None) -> None:
        self.passphrase = passphrase
        self.unlocked = False
        self.sessions: dict[str, dict[str, Any]] = {}

    def is_initialised(self) -> bool:
        return self.passphrase is not None

    def initialise(self, passphrase: str) -> None:
        self.passphrase = passphrase
        self.unlocked = True

    def unlock(self, passphrase: str) -> None:
        if passphrase != self.passphrase:
            raise WrongPassphrase()
        self.unlocked = True

    def lock(self) -> None:
        self.unlocked = False

    def list(self) -> list[FakeInfo]:
        assert self.unlocked
        return [FakeInfo(sid, data) for sid, data in self.sessions.items()]

    def create(self, guide_id: str, guide_version: str, language: str) -> FakeWriter:
        assert self.unlocked
        sid = f"s{len(self.sessions) + 1}"
        self.sessions[sid] = {"guide": guide_id, "language": language, "events": []}
        return FakeWriter(self, sid)

    def load(self, session_id: str) -> FakeLoaded:
        assert self.unlocked
        return FakeLoaded(session_id, self.sessions[session_id])

    def resume(self, session_id: str) -> FakeWriter:
        assert self.unlocked
        return FakeWriter(self, session_id)


def _painted_rows(app: Any) -> list[str]:
    """The characters of every cell row of the screen as painted (visual order)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _make_app(guide: Any, lang: str = "en", **kwargs: Any) -> Any:
    from guide.tui.app import DalilApp
    from guide.tui.options import WizardOptions
    from guide.tui.session_link import SessionLink

    store = kwargs.pop("store", None)
    person = kwargs.pop("person_lang", None)
    link = SessionLink(store) if store is not None else SessionLink(enabled=False)
    options = WizardOptions(lang=lang, person_lang=person, bidi=kwargs.pop("bidi", "app"))
    app = DalilApp(options, link=link, guide=guide, lookup=lookup, environ={}, **kwargs)
    # Pilot presses keys faster than any hand: the key-bounce guard is tested on its own.
    app.BOUNCE_SECONDS = 0.0
    return app


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A report exported in a test goes to the test's folder, never to ~/dalil-reports."""
    monkeypatch.setenv("DALIL_REPORTS_DIR", str(tmp_path / "dalil-reports"))


@pytest.fixture
def painted_rows() -> Any:
    return _painted_rows


@pytest.fixture
def make_app(fixture_guide: Any) -> Any:
    """make_app(lang, person_lang=..., store=..., bidi=...) -> a DalilApp on the fixture guide."""

    def factory(lang: str = "en", **kwargs: Any) -> Any:
        return _make_app(fixture_guide, lang, **kwargs)

    return factory


@pytest.fixture
def fake_store() -> FakeStore:
    return FakeStore()
