"""Properties of the fallback and of the placeholder checks, over generated texts."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import guide.i18n as i18n
from guide.i18n.checks import placeholders, translation_problems
from guide.safe_text import unsafe_characters

texts = st.text(min_size=1, max_size=80).filter(lambda t: t.strip())
names = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)


@settings(max_examples=50, deadline=None)
@given(context=st.from_regex(r"question\.[a-z_]{1,12}\.text", fullmatch=True), source=texts)
def test_an_untranslated_text_is_never_blank(context: str, source: str):
    i18n.set_language("zz")  # a language with no catalog
    shown = i18n.content(context, source)
    assert shown == i18n.UNTRANSLATED_MARK + source
    i18n.set_language("en")
    assert i18n.content(context, source) == source


@settings(max_examples=50, deadline=None)
@given(text=texts)
def test_a_text_is_always_a_sound_translation_of_itself(text: str):
    # (a control character is refused in any translation, even one equal to its source)
    assume(not unsafe_characters(text))
    assert translation_problems([text], [text]) == []


@settings(max_examples=50, deadline=None)
@given(before=texts, name=names, after=texts)
def test_losing_a_placeholder_is_always_reported(before: str, name: str, after: str):
    source = f"{before}{{{name}}}{after}"
    if name not in placeholders(source):  # braces in the generated text may pair oddly
        return
    translation = source.replace(f"{{{name}}}", "", 1)
    if placeholders(translation) == placeholders(source):
        return
    kinds = [kind for kind, _ in translation_problems([source], [translation])]
    assert "placeholder" in kinds
