"""The translators' glossary (`locales/glossary.tbx`) and its check.

The glossary is a TBX file (ISO 30042, TBX-Basic style) that Weblate, Virtaal and most CAT
tools read: one `termEntry` per concept, one `langSet` per language, each term marked
preferred, admitted or deprecated (`termNote type="administrativeStatus"`).

The check: when the source text of an entry uses an English term of the glossary, its
translation must use one of the preferred or admitted terms of its language and none of the
deprecated ones ("trafic" for trafficking, «تهريب»). Matching ignores case, Arabic vowel
marks and the shapes of alef, and allows Arabic prefixes (ال، و، ب، ل) and word endings, so
«بالاتجار» and «الاتجار» both count.

A translator who must depart from the glossary in one entry says so in that entry, in a
translator comment (`# glossary: <term id> ...why...`); the check then leaves it alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from guide.i18n.translate import _

GLOSSARY_FILE = "glossary.tbx"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn", "admittedTerm-admn", "deprecatedTerm-admn"


@dataclass(frozen=True)
class Term:
    text: str
    status: str = PREFERRED  # one of PREFERRED, ADMITTED, DEPRECATED


@dataclass
class Concept:
    id: str
    note: str = ""
    terms: dict[str, list[Term]] = field(default_factory=dict)  # language -> terms

    def accepted(self, language: str) -> list[str]:
        return [t.text for t in self.terms.get(language, []) if t.status != DEPRECATED]

    def deprecated(self, language: str) -> list[str]:
        return [t.text for t in self.terms.get(language, []) if t.status == DEPRECATED]

    def preferred(self, language: str) -> str:
        accepted = self.accepted(language)
        return accepted[0] if accepted else ""


class GlossaryError(ValueError):
    pass


def read_glossary(path: Path) -> list[Concept]:
    """The concepts of a TBX file; a broken file raises GlossaryError naming the problem."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError) as exc:
        raise GlossaryError(f"{path}: {exc}") from exc  # the XML parser's own words
    concepts = []
    for entry in root.iter("termEntry"):
        concept = Concept(entry.get("id") or "")
        if not concept.id:
            raise GlossaryError(_("{file}: a termEntry has no id").format(file=path))
        note = entry.find("descrip")
        concept.note = (note.text or "").strip() if note is not None else ""
        for lang_set in entry.iter("langSet"):
            language = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            for tig in lang_set.iter("tig"):
                term = tig.find("term")
                if term is None or not (term.text or "").strip():
                    continue
                status = PREFERRED
                for term_note in tig.iter("termNote"):
                    if term_note.get("type") == "administrativeStatus":
                        status = (term_note.text or PREFERRED).strip()
                concept.terms.setdefault(language, []).append(
                    Term((term.text or "").strip(), status)
                )
        concepts.append(concept)
    return concepts


# Arabic vowel marks, shadda, sukun, dagger alef, tatweel; then one alef for أ إ آ ٱ.
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "\u00a0": " ", "\u202f": " "})


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _MARKS.sub("", text).translate(_ALEF)
    text = text.replace("’", "'").lower()
    return " ".join(text.split())


# Not words of the text: {placeholders}, paths (indicators/), code (raised_in(x), `when`,
# snake_case ids), YAML keys named in a hint ("under indicators:.") and quoted names
# ("no 'indicators' folder").
_NOT_WORDS = re.compile(r"\{[^{}]*\}|\S*[/(`_]\S*|\b\w+:(?=[.,;]|$)|'[\w.-]+'")


def _source_pattern(term: str) -> re.Pattern[str]:
    """An English term as a whole phrase; a plural -s/-es on the last word counts too."""
    words = [re.escape(word) for word in normalise(term).split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"(?:s|es)?\b")


def uses(text: str, term: str, language: str) -> bool:
    """Does `text` use `term`? Source (English): the phrase as words. Translations: the term
    anywhere in a word (Arabic prefixes and endings, French plurals)."""
    text, wanted = normalise(text), normalise(term)
    if language == "en":
        # placeholders ({indicators}) and paths (indicators/) are not words of the text
        text = _NOT_WORDS.sub(" ", text)
        return _source_pattern(term).search(text) is not None
    return wanted in text


@dataclass(frozen=True)
class GlossaryFinding:
    concept: str
    message: str


def check_translation(
    concepts: list[Concept], source: str, translation: str, language: str, comments: str = ""
) -> list[GlossaryFinding]:
    """How `translation` departs from the glossary, for a `source` that uses its terms."""
    findings = []
    for concept in concepts:
        if not any(uses(source, term, "en") for term in concept.accepted("en")):
            continue
        if re.search(rf"glossary:\s*{re.escape(concept.id)}\b", comments):
            continue  # the translator explained the departure in the entry
        accepted = concept.accepted(language)
        bad = [term for term in concept.deprecated(language) if uses(translation, term, language)]
        if bad:
            text = _(
                "'{concept}' is translated with {found}, which the glossary rules out; "
                "use {preferred}"
            ).format(
                concept=concept.id, found=", ".join(bad), preferred=concept.preferred(language)
            )
            findings.append(GlossaryFinding(concept.id, text))
        elif accepted and not any(uses(translation, term, language) for term in accepted):
            text = _("the source uses '{concept}' but the translation has none of: {terms}")
            findings.append(
                GlossaryFinding(
                    concept.id, text.format(concept=concept.id, terms=" / ".join(accepted))
                )
            )
    return findings
