"""The journal reader on arbitrary bytes: events or DamagedSession, never another error."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.sessions import DamagedSession
from guide.sessions.crypto import journal_key
from guide.sessions.journal import decode_journal, encode_prefix, encode_record

SESSION = "0123456789ab"
KEY = journal_key(os.urandom(32), SESSION)
HEADER = {"type": "header", "session": SESSION, "language": "ar", "started": "2026-11-28T09:00:00Z"}


def valid_journal(events: int) -> bytes:
    data = encode_prefix(SESSION) + encode_record(KEY, SESSION, 0, HEADER)
    for sequence in range(1, events + 1):
        data += encode_record(KEY, SESSION, sequence, {"kind": "answer", "value": sequence})
    return data


VALID = valid_journal(3)
VALID_EVENTS = decode_journal(VALID, SESSION, KEY).events


def read(data: bytes) -> None:
    try:
        journal = decode_journal(data, SESSION, KEY)
    except DamagedSession as exc:
        assert SESSION in str(exc)
        return
    # Records are authenticated: whatever decodes is the start of what was written, never an
    # event made up from damaged bytes.
    assert journal.events == VALID_EVENTS[: len(journal.events)]
    assert journal.valid_end + journal.torn_bytes == len(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_arbitrary_bytes(data):
    read(data)


@settings(max_examples=300)
@given(st.binary(max_size=600))
def test_valid_prefix_then_arbitrary_bytes(tail):
    read(encode_prefix(SESSION) + tail)


@settings(max_examples=300)
@given(st.binary(max_size=600))
def test_valid_journal_then_arbitrary_bytes(tail):
    read(VALID + tail)


@settings(max_examples=300)
@given(
    st.lists(
        st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8
    ),
    st.integers(0, len(VALID)),
)
def test_edited_and_cut_journal(edits, cut):
    data = bytearray(VALID)
    for position, value in edits:
        data[position] = value
    read(bytes(data[:cut]))


@settings(max_examples=100)
@given(st.integers(0, len(VALID)))
def test_any_cut_keeps_every_complete_record(cut):
    data = VALID[:cut]
    try:
        journal = decode_journal(data, SESSION, KEY)
    except DamagedSession:
        # Only a cut inside the prefix or the header record loses the interview.
        header_end = len(encode_prefix(SESSION) + encode_record(KEY, SESSION, 0, HEADER))
        assert cut < header_end
        return
    complete = [e["value"] for e in journal.events]
    assert complete == list(range(1, len(complete) + 1))
    whole = [len(valid_journal(n)) for n in range(4)]
    assert len(complete) == max(n for n in range(4) if whole[n] <= cut)
