"""Encrypted, append-only interview journals: every answer on disk before it is confirmed."""

from guide.sessions.errors import (
    AmbiguousSession,
    AnswerNotSaved,
    DamagedSession,
    NewerFormat,
    NotInitialised,
    PassphraseRefused,
    SessionBusy,
    SessionClosed,
    SessionError,
    SessionNotFound,
    StoreDamaged,
    StoreIOError,
    StoreLocked,
    StoreMissing,
    WrongPassphrase,
    message_for,
)
from guide.sessions.store import LoadedSession, SessionInfo, SessionStore, SessionWriter

__all__ = [
    "AmbiguousSession",
    "AnswerNotSaved",
    "DamagedSession",
    "LoadedSession",
    "NewerFormat",
    "NotInitialised",
    "PassphraseRefused",
    "SessionBusy",
    "SessionClosed",
    "SessionError",
    "SessionInfo",
    "SessionNotFound",
    "SessionStore",
    "SessionWriter",
    "StoreDamaged",
    "StoreIOError",
    "StoreLocked",
    "StoreMissing",
    "WrongPassphrase",
    "message_for",
]
