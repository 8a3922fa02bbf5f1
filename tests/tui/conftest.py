"""Shared helpers for the wizard's tests: the fixture guide, the real journal store, painted rows."""

from __future__ import annotations

import asyncio
import errno
import inspect
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from guide.sessions import SessionStore
from guide.sessions.crypto import ScryptParams

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


# Cheap key derivation, for tests only (as tests/sessions does): the real store, its files,
# its locks and its errors, with a key made in milliseconds. The wizard and the store keep
# their own settings; the default parameters are tested on their own in tests/sessions.
FAST = ScryptParams(log2_n=10, r=8, p=1)
PASSPHRASE = "correct horse"
# When a seeded interview started (the resume screen shows it, in the laptop's time zone).
SEEDED_AT = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


class FastStore(SessionStore):
    """The real session store in a test's folder; a store set up here derives keys fast."""

    def initialise(self, passphrase: str, params: ScryptParams | None = None) -> None:
        super().initialise(passphrase, params or FAST)


def _journal(store: SessionStore, session_id: str | None = None) -> list[dict[str, Any]]:
    """The events of an interview as the store holds them (the only one when no id is
    given), without the times the store adds."""
    if session_id is None:
        (session_id,) = store.session_ids()
    return [
        {key: value for key, value in event.items() if key != "time"}
        for event in store.load(session_id).events
    ]


def _seed(store: SessionStore, events: list[dict[str, Any]], language: str = "en") -> str:
    """An unfinished interview written before the test, as an earlier Dalil would have; its id."""
    earlier = SessionStore(store.data_dir, clock=lambda: SEEDED_AT)
    earlier.unlock(PASSPHRASE)
    with earlier.create("tui_fixture", "1", language) as writer:
        for event in events:
            writer.append(event)
        return writer.id


def _painted_rows(app: Any) -> list[str]:
    """The characters of every cell row of the screen as painted (visual order)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _make_app(guide: Any, lang: str = "en", **kwargs: Any) -> Any:
    from guide.tui.app import DalilApp
    from guide.tui.options import WizardOptions
    from guide.tui.session_link import SessionLink

    store = kwargs.pop("store", None)
    person = kwargs.pop("person_lang", None)
    wait_for_writes = kwargs.pop("wait_for_writes", True)
    link = SessionLink(store) if store is not None else SessionLink(enabled=False)
    if wait_for_writes:
        # The journal's writer thread writes an answer while the next question is painted;
        # Pilot would otherwise read the journal (or the refusal) a few milliseconds too
        # early. The thread, its order and its refusals are tested without this wait in
        # test_journal_writer.py.
        queue_events = link.record_soon

        def record_soon_and_wait(events: list[dict[str, Any]], token: Any = None) -> None:
            queue_events(events, token)
            link.wait()

        link.record_soon = record_soon_and_wait  # type: ignore[method-assign]
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
def store(tmp_path: Path) -> FastStore:
    """A real, empty session store (not set up: the passphrase screen asks for a new one)."""
    return FastStore(tmp_path / "data")


@pytest.fixture
def journal(store: FastStore) -> Callable[..., list[dict[str, Any]]]:
    """journal(session_id=None) -> the events of an interview in `store` (see _journal)."""
    return lambda session_id=None: _journal(store, session_id)


@pytest.fixture
def seed(store: FastStore) -> Callable[..., str]:
    """seed(events, language="en") -> the id of an unfinished interview written in `store`
    beforehand (the store must be set up: store.initialise(PASSPHRASE))."""
    return lambda events, language="en": _seed(store, events, language)


class Disk:
    """The disk under the real store, which a test can fill: while `full` is true, every
    journal write fails as on a full disk (ENOSPC, with `reason` as the system's words; the
    store cuts the part-written record and raises its own AnswerNotSaved), and writes
    succeed again once it is false."""

    full = False
    reason = os.strerror(errno.ENOSPC)


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    import guide.sessions.store as store_module

    disk = Disk()
    real_write = store_module._write_all

    def write(fd: int, data: bytes) -> None:
        if disk.full:
            raise OSError(errno.ENOSPC, disk.reason)
        real_write(fd, data)

    monkeypatch.setattr(store_module, "_write_all", write)
    return disk
