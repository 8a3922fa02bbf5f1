"""Oral layers: a spoken rendering of every text addressed to the person (Moroccan Darija).

The questions and the consent script are written in Modern Standard Arabic; officers say them
in Darija. An oral layer (a registry entry with `oral_of`, guide/i18n/languages.py) gives one
checked Darija rendering of each such text, shown *beneath* the written one when the officer
switches it on, never instead of it.

* **Which texts.** Those addressed to the person (`person_texts`): the introductions of the
  modules marked `intro_for: person` (the consent script among them) and every question that
  is asked (not `kind: observe`). Answer options are the officer's categories and guidance is
  the officer's: neither is read aloud, so neither is in the layer.
* **Catalogs.** One domain, `oral`: the template `locales/oral.pot` holds exactly those texts,
  under the same contexts and source texts as `guide.pot` (so a changed English text makes the
  rendering fuzzy, as everywhere); each layer has `locales/CODE/LC_MESSAGES/oral.po`. Each
  entry's comments show the written text it is read beneath (`Arabic (read first): ...`).
* **Review state.** A rendering is shown only when a native speaker has checked it; until then
  it is shown with an "unreviewed" mark. The state is a translator comment, which Poedit,
  Weblate, Lokalize and msgmerge all keep: `# review: unreviewed`, changed by the reviewer to
  `# review: reviewed by NAME, DATE`. Anything else (or no such line) is unreviewed, so a tool
  that drops comments can only make entries *less* trusted. `dalil i18n update` writes the
  line on new entries and resets it when the English source changes (the entry turns fuzzy).
* **Run time.** A fuzzy or missing rendering is never shown (an outdated spoken version could
  say something the text no longer says): the wizard says that there is none yet, and the
  officer reads the written text.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from guide.i18n.catalogs import CatalogWarning, catalog_path, read_po_file
from guide.i18n.checks import translation_problems
from guide.i18n.languages import Language, get_language, is_oral_layer, oral_layers

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

ORAL_DOMAIN = "oral"
REVIEW_PREFIX = "review:"
UNREVIEWED = "review: unreviewed"
# The comment (extracted-comment style, rewritten by each update) that shows the translator
# the written text the rendering is read beneath.
BASE_COMMENT = "{name} (read first): {text}"
BASE_COMMENT_START = re.compile(r"^[^:()]+ \(read first\): ")

State = Literal["reviewed", "unreviewed", "outdated", "missing"]


# --- which texts --------------------------------------------------------------------------


def person_texts(guide: Any) -> list[tuple[str, str]]:
    """(context, source text) of every text addressed to the person, in the guide's order."""
    from guide.core.text_context import context

    found: list[tuple[str, str]] = []
    for module in guide.modules:
        intro = (getattr(module, "intro", None) or "").strip()
        if intro and getattr(module, "intro_for", "person") == "person":
            found.append((context("module", module.id, field="intro"), intro))
        for question in module.questions:
            if question.kind != "observe" and question.text.strip():
                found.append((context("question", question.id, field="text"), question.text))
    return found


# --- review state -------------------------------------------------------------------------


def is_reviewed(comments: list[str] | tuple[str, ...]) -> bool:
    """True when the translator comments say `review: reviewed ...` (and nothing else does
    say unreviewed): the only way an entry counts as checked by a reviewer."""
    states = [
        comment.strip()[len(REVIEW_PREFIX) :].strip().lower()
        for comment in comments
        if comment.strip().lower().startswith(REVIEW_PREFIX)
    ]
    return bool(states) and all(state.split()[:1] == ["reviewed"] for state in states)


def mark_unreviewed(message: Message) -> None:
    """Replace the entry's review lines with `review: unreviewed`."""
    kept = [
        comment
        for comment in message.user_comments
        # (a "|" comment is a `#| msgid` line Babel's reader misread: never written back)
        if not comment.strip().lower().startswith(REVIEW_PREFIX) and not comment.startswith("|")
    ]
    message.user_comments = [*kept, UNREVIEWED]


# --- the catalogs: template and update ------------------------------------------------------


def build_template(guide_template: Catalog, guide: Any, header_comment: str) -> Catalog:
    """The oral template: the entries of `guide.pot` addressed to the person, same order."""
    from babel.messages.catalog import Catalog

    wanted = {ctx for ctx, _source in person_texts(guide)}
    template = Catalog(
        domain=ORAL_DOMAIN,
        project=guide_template.project,
        version=guide_template.version,
        copyright_holder=guide_template.copyright_holder,
        msgid_bugs_address=guide_template.msgid_bugs_address,
        creation_date=guide_template.creation_date,
        header_comment=header_comment,
        fuzzy=guide_template.fuzzy,
    )
    for message in guide_template:
        if message.id and message.context in wanted:
            entry = message.clone()
            entry.auto_comments = [
                *message.auto_comments,
                "Oral layer: say it as one would say it to this person, in everyday words; "
                "do not add, soften or suggest an answer.",
            ]
            template[message.id] = entry
    return template


def base_texts(locales_dir: Path, base: str) -> dict[tuple[str | None, str], str]:
    """The usable written translations of the guide in `base` (the layer's language)."""
    from guide.i18n.catalogs import load_translations

    table, _warnings = load_translations(locales_dir, base, "guide")
    return {key: value for key, value in table.messages.items() if isinstance(value, str)}


def after_update(catalog: Catalog, locales_dir: Path, language: str, moved: set[str]) -> None:
    """Finish an oral catalog after a merge: the written text each entry is read beneath,
    and its review line (new entries, and entries whose source changed, are unreviewed)."""
    layer = get_language(language)
    base = layer.oral_of if layer is not None else None
    written = base_texts(locales_dir, base) if base else {}
    base_language = get_language(base) if base else None
    base_name = base_language.name if base_language is not None else (base or "")
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        comments = [c for c in message.auto_comments if not BASE_COMMENT_START.match(c)]
        text = written.get((message.context, message.id))
        if text:
            comments.append(BASE_COMMENT.format(name=base_name, text=" ".join(text.split())))
        message.auto_comments = comments
        has_review = any(c.strip().lower().startswith(REVIEW_PREFIX) for c in message.user_comments)
        if message.context in moved or not has_review:
            mark_unreviewed(message)


# --- run time -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OralEntry:
    """The rendering of one text in one oral layer, and whether it may be shown."""

    language: str
    state: State
    text: str = ""

    @property
    def shown(self) -> bool:
        return self.state in ("reviewed", "unreviewed")


@dataclass
class OralTable:
    language: str
    file: Path | None = None
    # (context, source) -> (text, reviewed); fuzzy and empty entries are not here
    entries: dict[tuple[str | None, str], tuple[str, bool]] = field(default_factory=dict)
    # contexts that have a rendering, current or not: one for another (older) source text,
    # or a fuzzy one, is outdated
    rendered: set[str] = field(default_factory=set)
    warnings: list[CatalogWarning] = field(default_factory=list)


def read_oral_catalog(locales_dir: Path, language: str) -> OralTable:
    path = catalog_path(locales_dir, language, ORAL_DOMAIN)
    table = OralTable(language, file=path if path.is_file() else None)
    if table.file is None:
        return table
    catalog, warnings = read_po_file(path)
    table.warnings = list(warnings)
    if catalog is None:
        return table
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        text = message.string if isinstance(message.string, str) else ""
        if not text:
            continue
        if message.context:
            table.rendered.add(message.context)
        if message.fuzzy:
            continue
        problems = translation_problems([message.id], [text])
        if problems:
            table.warnings.append(
                CatalogWarning(
                    str(path), message.lineno, "; ".join(d for _k, d in problems) + "; not shown"
                )
            )
            continue
        table.entries[(message.context, message.id)] = (text, is_reviewed(message.user_comments))
    return table


class OralTexts:
    """The oral layers' renderings, read from the catalogs when first needed and again when a
    catalog file changes on disk (a reviewer saved it)."""

    def __init__(self, locales_dir: Path | None = None) -> None:
        self._locales_dir = locales_dir
        self._lock = threading.Lock()
        self._tables: dict[str, tuple[tuple[int, int] | None, OralTable]] = {}

    def locales_dir(self) -> Path:
        if self._locales_dir is not None:
            return self._locales_dir
        from guide.i18n.translate import locales_dir

        return locales_dir()

    def table(self, language: str) -> OralTable:
        path = catalog_path(self.locales_dir(), language, ORAL_DOMAIN)
        try:
            stat = path.stat()
            signature: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            signature = None
        with self._lock:
            cached = self._tables.get(language)
            if cached is not None and cached[0] == signature:
                return cached[1]
            table = read_oral_catalog(self.locales_dir(), language)
            self._tables[language] = (signature, table)
            return table

    def entry(self, language: str, context: str, source: str) -> OralEntry:
        table = self.table(language)
        found = table.entries.get((context, source.strip()))
        if found is not None:
            text, reviewed = found
            return OralEntry(language, "reviewed" if reviewed else "unreviewed", text)
        if context in table.rendered:
            return OralEntry(language, "outdated")
        return OralEntry(language, "missing")


def layers_beneath(written: str) -> tuple[Language, ...]:
    """The oral layers read beneath texts in `written` (the person's language)."""
    return oral_layers(written)


def domain_languages(domain: str, codes: list[str]) -> list[str]:
    """Of `codes`, the languages that have catalogs of `domain`: the oral layers for `oral`,
    the others for `ui` and `guide`."""
    if domain == ORAL_DOMAIN:
        return [code for code in codes if is_oral_layer(code)]
    return [code for code in codes if not is_oral_layer(code)]
