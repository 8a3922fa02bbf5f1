"""Interviews built the same way by several test folders."""

from __future__ import annotations

from guide.core.engine import Interview


def declined_first_screen(guide, **extra) -> Interview:
    """Safety questions answered no, consent given, an adult, every other answer declined
    (the seven first-screen questions among them), until the interview ends; `extra` gives
    other answers by question id."""
    iv = Interview(guide)
    while (q := iv.current()) is not None:
        if q.id in extra:
            value = extra[q.id]
        elif q.module == "safety":
            value = "no" if q.type == "yes_no" else q.options[0].id
        elif q.id == "consent_given":
            value = "yes"
        elif q.id == "age_band":
            value = "adult"
        else:
            value = "declined"
        iv.answer(q.id, value)
    return iv
