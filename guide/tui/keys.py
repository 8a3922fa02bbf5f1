"""The keys officers' keyboards really send, mapped to the wizard's keys.

Moroccan laptops are usually AZERTY with an Arabic layout beside it, and Caps Lock is often
on. The wizard's keys are named by the Latin letter printed on the key (D, R, S, B, N...) and
by the digits: so a key is taken for what its *position* means on a QWERTY/AZERTY keyboard,
whatever the active layout sends:

* Caps Lock or Shift: "D" is "d";
* AZERTY digit row without Shift: & é " ' ( - è _ ç à are 1 2 3 4 5 6 7 8 9 0;
* the Arabic layout (the standard Arabic 101/102 positions): ي is the D key, ق the R key,
  س the S key, ى the N key, م the L key...; the B key sends the ligature لا (two characters,
  ل then ا), recognised as B when they arrive together;
* the Arabic layout on an AZERTY keyboard (Windows "Arabic (102) AZERTY", the usual Moroccan
  laptop): the Arabic letters sit on the same physical keys, but some of those keys carry
  another Latin letter there: ض is on A (Q on QWERTY), ش on Q (A), ص on Z (W), ئ on W (Z),
  ك on M (;), ة on , (M), و on ; (,), ز on : (.), ظ on ! (/). These letters are read as the
  AZERTY key unless the officer said the keyboard is QWERTY (DALIL_KEYBOARD=qwerty), or the
  screen takes only the QWERTY reading (then it was surely meant);
* Arabic-Indic and Persian digits (١٢٣ / ۱۲۳) are digits.

Pure: no Textual import. Key names are Textual's (`_character_to_key`): a letter or digit is
itself, other characters are their Unicode names ("ampersand", "quotation_mark").
"""

from __future__ import annotations

from collections.abc import Callable

# AZERTY digit row, unshifted: the character sent, as Textual names it -> the digit.
AZERTY_DIGITS: dict[str, str] = {
    "ampersand": "1",
    "é": "2",
    "quotation_mark": "3",
    "apostrophe": "4",
    "left_parenthesis": "5",
    "minus": "6",
    "è": "7",
    "underscore": "8",
    "ç": "9",
    "à": "0",
}

# The Arabic layout: the letter each Latin-labelled key sends -> that key's Latin letter.
ARABIC_POSITIONS: dict[str, str] = {
    "ث": "e",
    "ق": "r",
    "ف": "t",
    "غ": "y",
    "ع": "u",
    "ه": "i",
    "خ": "o",
    "ح": "p",
    "س": "s",
    "ي": "d",
    "ب": "f",
    "ل": "g",  # unless an ا follows at once: then it was the B key (لا)
    "ا": "h",
    "ت": "j",
    "ن": "k",
    "م": "l",
    "ء": "x",
    "ؤ": "c",
    "ر": "v",
    "ى": "n",
    "ط": "apostrophe",
    "\ufefb": "b",  # the B key as one ligature character (لا, and its hamza/madda forms)
    "\ufef5": "b",
    "\ufef7": "b",
    "\ufef9": "b",
    "؟": "question_mark",  # Shift and the ? key on the Arabic layout
    "arabic_question_mark": "question_mark",
    "arabic_comma": "comma",
}

# The Arabic letters whose physical key has another Latin label on AZERTY than on QWERTY:
# the letter -> (the key's label on AZERTY, on QWERTY), as Textual names them.
ARABIC_AZERTY_QWERTY: dict[str, tuple[str, str]] = {
    "ض": ("a", "q"),
    "ش": ("q", "a"),
    "ص": ("z", "w"),
    "ئ": ("w", "z"),
    "ك": ("m", "semicolon"),
    "ة": ("comma", "m"),
    "و": ("semicolon", "comma"),
    "ز": ("colon", "full_stop"),
    "ظ": ("exclamation_mark", "slash"),
}
KEYBOARDS = ("auto", "azerty", "qwerty")

# The two characters the Arabic layout's B key sends.
LAM, ALEF = "ل", "ا"
LAM_ALEF_KEY = "b"

_DIGITS = {
    **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic
    **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian (Extended Arabic-Indic)
}


def normalise_key(
    key: str, bound: Callable[[str], bool] | None = None, keyboard: str = "auto"
) -> str:
    """The wizard key a pressed key stands for (the key itself when nothing applies).

    `keyboard` is "azerty", "qwerty" or "auto" (not known: AZERTY, the Moroccan usual, unless
    `bound` says the current screen takes only the QWERTY reading of the key)."""
    if key in ARABIC_AZERTY_QWERTY:
        azerty, qwerty = ARABIC_AZERTY_QWERTY[key]
        if keyboard == "qwerty":
            return qwerty
        if keyboard == "azerty" or bound is None or bound(azerty) or not bound(qwerty):
            return azerty
        return qwerty
    if len(key) == 1 and "A" <= key <= "Z":
        return key.lower()  # Caps Lock or Shift
    if key.startswith("shift+") and len(key) == 7 and key[6].isalpha():
        return key[6].lower()
    if key in AZERTY_DIGITS:
        return AZERTY_DIGITS[key]
    if key in _DIGITS:
        return _DIGITS[key]
    return ARABIC_POSITIONS.get(key, key)


# What the AZERTY digit row sends without Shift and a QWERTY keyboard never does (or only
# with Shift): seeing one, the keyboard is AZERTY. (' and - are on both unshifted.)
_AZERTY_ONLY = frozenset(AZERTY_DIGITS) - {"apostrophe", "minus"}


def is_azerty_evidence(key: str) -> bool:
    return key in _AZERTY_ONLY


def is_printable_key(key: str, character: str | None) -> bool:
    """A key that types a character (so pressing it where it means nothing deserves a word)."""
    return (
        character is not None
        and character != ""
        and character.isprintable()
        and not key.startswith(("ctrl+", "alt+"))
    )
