"""Encrypted, append-only interview journals: every answer on disk before it is confirmed."""

from guide.sessions.errors import (
    DamagedSession,
    NewerFormat,
    NotInitialised,
    SessionBusy,
    SessionError,
    SessionNotFound,
    StoreDamaged,
    StoreLocked,
    StoreMissing,
    WrongPassphrase,
)
from guide.sessions.store import LoadedSession, SessionInfo, SessionStore, SessionWriter

__all__ = [
    "DamagedSession",
    "LoadedSession",
    "NewerFormat",
    "NotInitialised",
    "SessionBusy",
    "SessionError",
    "SessionInfo",
    "SessionNotFound",
    "SessionStore",
    "SessionWriter",
    "StoreDamaged",
    "StoreLocked",
    "StoreMissing",
    "WrongPassphrase",
]
