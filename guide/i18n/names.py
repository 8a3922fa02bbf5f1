"""Names of languages in the reader's language: «العربية», "français", "Arabic".

The registry keeps each language's own name (`native_name`, for menus where everyone must
find theirs); a sentence in one language names another in its own words: "En français :",
«بالفرنسية»; never "En Français" or a Latin word inside an Arabic line.
"""

from __future__ import annotations

from guide.i18n.languages import babel_locale, get_language


def language_name(code: str, in_language: str) -> str:
    """The name of language `code` as written in `in_language` (CLDR), else its own name."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_language_name(babel_locale(in_language))
    except (UnknownLocaleError, ValueError, TypeError):
        name = None
    if name:
        return name
    language = get_language(code)
    return language.native_name if language is not None else code
