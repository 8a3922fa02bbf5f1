"""A damaged interview is explained in the reader's language, details included.

The reasons a journal cannot be read (cut short, another interview's file, a damaged entry,
the disk's refusal) are made deep in guide.sessions, long before anyone knows who reads them:
they are LazyText, English for logs, and translated when the message is shown. These tests
damage real journals and read `dalil --lang fr|ar sessions list`, and the wizard's resume
list, as an officer would.
"""

from __future__ import annotations

import asyncio
import errno
import re
from pathlib import Path

import pytest

import guide.i18n as i18n
from guide.cli import main
from guide.i18n.lazy import LazyText
from guide.i18n.oserrors import os_reason
from guide.sessions import DamagedSession, SessionStore, StoreIOError, message_for
from guide.sessions.crypto import ScryptParams

PASSPHRASE = "a long test passphrase"
FAST = ScryptParams(log2_n=10, r=8, p=1)
# English words of every damaged-journal reason: none may show in a French or Arabic line.
ENGLISH = re.compile(
    r"\b(the file|header|damaged|entry|interview|cut short|copied|renamed|passphrase|"
    r"symbolic link|regular file|cannot|newer|is not|does not|written)\b",
    re.IGNORECASE,
)


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    """A store with one readable interview and four damaged in different ways; the command
    line options and the damaged ids by kind of damage."""
    data = tmp_path / "data"
    store = SessionStore(data)
    store.initialise(PASSPHRASE, FAST)
    ids = {}
    for kind in ("fine", "header", "half", "other", "entry"):
        with store.create("mini", "0.1", "fr") as writer:
            writer.append({"kind": "answer", "question": "danger", "value": "no"})
            writer.append({"kind": "answer", "question": "age_band", "value": "adult"})
            ids[kind] = writer.id
    journals = data / "interviews"

    def path(kind: str) -> Path:
        return journals / f"{ids[kind]}.journal"

    raw = path("header").read_bytes()
    path("header").write_bytes(raw[:12])  # cut inside the interview id: the header is cut
    raw = path("half").read_bytes()
    path("half").write_bytes(raw[: len(raw) // 2])  # entries lost: the head says more
    # Another interview's file put in this one's place (copied over it).
    path("other").write_bytes(path("fine").read_bytes())
    # One byte of the last entry's sealed text flipped: it no longer authenticates.
    raw = bytearray(path("entry").read_bytes())
    raw[-5] ^= 0xFF
    path("entry").write_bytes(bytes(raw))

    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    return ["--data-dir", str(data), "--passphrase-file", str(secret)], ids


def _list(capsys, lang: str, options: list[str]) -> dict[str, str]:
    """`dalil --lang LANG sessions list`, as {interview id: its line}."""
    code = main(["--lang", lang, "sessions", "list", *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines: dict[str, str] = {}
    for line in out.splitlines():
        for word in line.split()[:1]:
            lines[word] = line
    return lines


def _in(lang: str, english: str, **fields: object) -> str:
    """The catalog's translation of `english` in `lang`, fields filled in."""
    i18n.set_language(lang)
    try:
        return i18n._(english).format(**fields)
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_sessions_list_words_each_damage_fully_in_the_readers_language(damaged, capsys, lang):
    options, ids = damaged
    lines = _list(capsys, lang, options)
    expected = {
        "header": _in(lang, "the file is cut short in its header."),
        "other": _in(
            lang,
            "the file holds the journal of interview {other}, not this one (was it copied "
            "or renamed?).",
            other=ids["fine"],
        ),
        "entry": _in(
            lang,
            "entry {number} is damaged, or was moved from another place or interview.",
            number=2,
        ),
    }
    for kind, reason in expected.items():
        line = lines[ids[kind]]
        assert reason in line, (kind, line)
        # The whole sentence is the catalog's, around the translated reason.
        assert (
            _in(
                lang,
                "Interview {id} cannot be read: {reason} The other interviews are not affected.",
                id=ids[kind],
                reason=reason,
            )
            in line
        )
        assert not ENGLISH.search(line.replace(ids[kind], "").replace(ids["fine"], "")), line
    half = lines[ids["half"]]
    assert not ENGLISH.search(half.replace(ids["half"], "")), half
    assert "UTC" in half  # the time of the last entry saved, as the journal keeps it
    assert ids["fine"] in lines and not ENGLISH.search(lines[ids["fine"]])


def test_the_reason_is_english_until_shown_and_follows_the_language_then():
    """Raised while the program speaks English; read later in French and in Arabic."""
    error = DamagedSession("abcd1234", LazyText("the file is cut short in its header."))
    assert isinstance(error.reason, LazyText)
    assert "the file is cut short in its header." in error.message()
    i18n.set_language("fr")
    french = error.message()
    assert "tronqué" in french and "cut short" not in french
    i18n.set_language("ar")
    arabic = error.message()
    assert "مبتور" in arabic and "cut short" not in arabic


@pytest.mark.parametrize(
    ("code", "fr", "ar"),
    [
        (errno.ENOSPC, "le disque est plein", "القرص ممتلئ"),
        (errno.EACCES, "permission refusée", "الإذن مرفوض"),
        (errno.EROFS, "lecture seule", "للقراءة فقط"),
    ],
)
def test_the_systems_refusal_is_worded_by_the_catalog(code, fr, ar):
    error = OSError(code, "English words of the system")
    i18n.set_language("fr")
    assert fr in message_for(error) and "English" not in message_for(error)
    i18n.set_language("ar")
    assert ar in StoreIOError(os_reason(error)).message()


def test_an_error_the_catalog_does_not_know_keeps_the_systems_words():
    error = OSError(errno.ECONNRESET, "Connection reset by peer")
    assert os_reason(error) == "Connection reset by peer"


def test_the_wizards_resume_list_speaks_french_and_arabic_about_a_cut_journal(tmp_path):
    """The resume list counts the interviews it cannot open in the officer's language, with
    no English on the screen (tests/tui has the English)."""
    from guide.loader import load_guide
    from guide.tui.screens.resume import ResumeScreen
    from guide.tui.widgets.bidi_text import BidiText
    from tests.tui.conftest import FIXTURE_GUIDE, FastStore, _make_app, _painted_rows, _seed
    from tests.tui.conftest import PASSPHRASE as WIZARD_PASSPHRASE

    guide = load_guide(FIXTURE_GUIDE).guide
    for lang in ("fr", "ar"):
        store = FastStore(tmp_path / lang)
        store.initialise(WIZARD_PASSPHRASE)
        _seed(store, [{"kind": "answer", "question": "immediate_danger", "value": "no"}])
        cut = _seed(store, [{"kind": "answer", "question": "immediate_danger", "value": "no"}])
        path = store.journal_dir / f"{cut}.journal"
        path.write_bytes(path.read_bytes()[:12])  # cut in its header
        app = _make_app(guide, lang, store=store)

        async def look(app=app) -> tuple[list[str], str]:
            async with app.run_test(size=(120, 30)) as pilot:
                await pilot.pause()
                await pilot.press("enter", *WIZARD_PASSPHRASE, "enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert isinstance(app.screen, ResumeScreen)
                texts = [widget.text for widget in app.screen.query(BidiText)]
                return texts, " ".join(_painted_rows(app))

        texts, painted = asyncio.run(look())
        i18n.set_language(lang)
        try:
            notice = i18n.ngettext(
                "{n} saved interview cannot be opened here: it is damaged or entries"
                " are missing. 'dalil sessions list' says what happened to it.",
                "{n} saved interviews cannot be opened here: they are damaged or"
                " entries are missing. 'dalil sessions list' says what happened to each.",
                1,
            ).format(n=1)
        finally:
            i18n.set_language("en")
        assert "cannot be opened" not in notice
        assert notice in texts, texts
        # Nothing English on the Arabic screen but the command's name, key names and the
        # interview's language named in its own words.
        latin = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", painted)}
        names = {"dalil", "sessions", "list", "enter", "ctrl", "esc", "english", "utc"}
        assert lang == "fr" or latin <= names, latin - names
        assert not ENGLISH.search(painted), painted
