"""How complete and how sound each catalog is, for `dalil i18n status`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from guide.i18n.catalogs import catalog_path, read_po_file
from guide.i18n.checks import plural_rule, translation_problems
from guide.i18n.glossary import (
    GLOSSARY_FILE,
    Concept,
    GlossaryError,
    check_translation,
    read_glossary,
)
from guide.i18n.lazy import translated
from guide.i18n.oral import ORAL_DOMAIN, domain_languages, is_reviewed
from guide.i18n.translate import _

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message


@dataclass(frozen=True)
class Problem:
    kind: str  # "placeholder" | "markup" | "control" | "plural" | "glossary" | "syntax" | "file"
    line: int | None
    message: str


@dataclass
class CatalogStatus:
    language: str
    domain: str
    file: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    obsolete: int = 0
    # Oral layers only: renderings shown with the "unreviewed" mark (guide/i18n/oral.py).
    unreviewed: int = 0
    problems: list[Problem] = field(default_factory=list)
    # (context, source) of the entries a translator still has to do, for --verbose.
    todo: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for problem in self.problems if problem.kind == kind)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.kind not in ("placeholder", "markup", "glossary"))

    @property
    def oral(self) -> bool:
        return self.domain == ORAL_DOMAIN

    @property
    def clean(self) -> bool:
        """Nothing to fix. An oral layer is optional: its missing, fuzzy (never shown) and
        unreviewed renderings are a backlog that status counts, not a fault; a broken entry,
        an obsolete one or a missing catalog still is."""
        if self.oral:
            return not (self.obsolete or self.problems)
        return not (self.fuzzy or self.missing or self.obsolete or self.problems)

    @property
    def backlog(self) -> int:
        """Oral renderings still to write or to review (0 for the other domains)."""
        return self.missing + self.fuzzy + self.unreviewed if self.oral else 0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["todo"] = [
            {"state": state, "context": context, "source": source}
            for state, context, source in self.todo
        ]
        data["placeholders"] = self.count("placeholder")
        data["markup"] = self.count("markup")
        data["glossary"] = self.count("glossary")
        data["errors"] = self.errors
        data["clean"] = self.clean
        return data


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def _forms(message: Message) -> list[str]:
    string = message.string
    return [string] if isinstance(string, str) else list(string or ())


def _sources(message: Message) -> list[str]:
    return [message.id] if isinstance(message.id, str) else list(message.id)


def _plural_gap(message: Message, nplurals: int) -> str:
    """What is wrong with the forms of a partly translated plural entry, or ""."""
    forms = _forms(message)
    written = [index for index, form in enumerate(forms) if form]
    if len(written) == nplurals and len(forms) == nplurals:
        return ""
    empty = [f"msgstr[{index}]" for index in range(nplurals) if index not in written]
    text = _("{written} of {total} plural forms written").format(
        written=len(written), total=nplurals
    )
    if empty:
        text += "; " + _("empty or absent: {forms}").format(forms=", ".join(empty))
    if len(forms) > nplurals:
        text += "; " + _("{count} more forms than Plural-Forms declares").format(
            count=len(forms) - nplurals
        )
    return text


def _check_glossary(
    message: Message, language: str, concepts: list[Concept], status: CatalogStatus
) -> None:
    forms, sources = _forms(message), _sources(message)
    comments = "\n".join(message.user_comments)
    seen: set[str] = set()
    for index, form in enumerate(forms):
        source = sources[0] if index == 0 or len(sources) == 1 else sources[-1]
        for finding in check_translation(concepts, source, form, language, comments):
            if finding.concept not in seen:
                seen.add(finding.concept)
                status.problems.append(Problem("glossary", message.lineno, finding.message))


def _check_translation(message: Message, nplurals: int, status: CatalogStatus) -> None:
    forms, sources = _forms(message), _sources(message)
    if len(sources) > 1 and len(forms) != nplurals:
        status.problems.append(
            Problem(
                "plural",
                message.lineno,
                _("{count} plural forms where Plural-Forms declares {total}").format(
                    count=len(forms), total=nplurals
                ),
            )
        )
    for kind, found in translation_problems(sources, forms):
        status.problems.append(Problem(kind, message.lineno, translated(found)))


def _expected_plurals(language: str) -> int | None:
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        return get_plural(Locale.parse(language)).num_plurals
    except (UnknownLocaleError, ValueError):
        return None


def catalog_status(
    locales_dir: Path,
    template: Catalog | None,
    language: str,
    domain: str,
    glossary: list[Concept] | None = None,
) -> CatalogStatus:
    path = catalog_path(locales_dir, language, domain)
    status = CatalogStatus(language, domain, str(path))
    catalog, warnings = read_po_file(path) if path.is_file() else (None, [])
    for warning in warnings:
        status.problems.append(Problem("syntax", warning.line, warning.message))
    wanted: list[Message] = [m for m in (template or catalog or ()) if m.id]
    status.total = len(wanted)
    if catalog is None:
        if not path.is_file():
            status.problems.append(
                Problem(
                    "file",
                    None,
                    _("no catalog: run `dalil i18n init {language}`").format(language=language),
                )
            )
        status.missing = status.total
        status.todo = [("missing", m.context or "", _key(m)[1]) for m in wanted]
        return status
    expected = _expected_plurals(language)
    if expected is not None and catalog.num_plurals != expected:
        status.problems.append(
            Problem(
                "plural",
                None,
                _(
                    "Plural-Forms declares {count} forms; "
                    "Babel's data for {language} has {expected}"
                ).format(count=catalog.num_plurals, language=language, expected=expected),
            )
        )
    _rule, plural_problem = plural_rule(catalog.plural_expr, catalog.num_plurals)
    if plural_problem:
        status.problems.append(
            Problem(
                "plural",
                None,
                _("Plural-Forms: {problem}").format(problem=translated(plural_problem)),
            )
        )
    present = {_key(message): message for message in catalog if message.id}
    for wanted_message in wanted:
        key = _key(wanted_message)
        message = present.get(key)
        if message is None or not any(_forms(message)):
            status.missing += 1
            status.todo.append(("missing", key[0] or "", key[1]))
        elif message.fuzzy:
            status.fuzzy += 1
            status.todo.append(("fuzzy", key[0] or "", key[1]))
        elif len(_sources(message)) > 1 and _plural_gap(message, catalog.num_plurals):
            # Some forms written, some not: a plural problem to name, not a missing entry.
            # The run time shows the source (marked) for every number until it is fixed.
            status.problems.append(
                Problem("plural", message.lineno, _plural_gap(message, catalog.num_plurals))
            )
            status.todo.append(("plural", key[0] or "", key[1]))
        elif not all(_forms(message)):
            status.missing += 1
            status.todo.append(("missing", key[0] or "", key[1]))
        else:
            status.translated += 1
            _check_translation(message, catalog.num_plurals, status)
            if domain == ORAL_DOMAIN:
                if not is_reviewed(message.user_comments):
                    status.unreviewed += 1
                    status.todo.append(("unreviewed", key[0] or "", key[1]))
            elif glossary:
                _check_glossary(message, language, glossary, status)
    wanted_keys = {_key(message) for message in wanted}
    stale = [key for key in present if key not in wanted_keys]
    status.obsolete = len(catalog.obsolete) + len(stale)
    status.todo += [("obsolete", context or "", msgid) for context, msgid in stale]
    return status


def _read_glossary(locales_dir: Path) -> tuple[list[Concept], str]:
    """The glossary's concepts (none without a glossary file), and what is wrong with it."""
    path = locales_dir / GLOSSARY_FILE
    if not path.is_file():
        return [], ""
    try:
        return read_glossary(path), ""
    except GlossaryError as error:
        return [], str(error)


def project_status(
    locales_dir: Path, languages: list[str], domains: tuple[str, ...]
) -> list[CatalogStatus]:
    result = []
    glossary, glossary_problem = _read_glossary(locales_dir)
    for domain in domains:
        template_path = locales_dir / f"{domain}.pot"
        template, problems = read_po_file(template_path) if template_path.is_file() else (None, [])
        for language in domain_languages(domain, languages):
            status = catalog_status(locales_dir, template, language, domain, glossary)
            if glossary_problem:
                status.problems.append(Problem("file", None, glossary_problem))
            if not template_path.is_file():
                status.problems.append(
                    Problem(
                        "file",
                        None,
                        _("no template {file}: run `dalil i18n extract`").format(
                            file=template_path
                        ),
                    )
                )
            status.problems += [
                Problem("syntax", p.line, _("template: {problem}").format(problem=p.message))
                for p in problems
            ]
            result.append(status)
    return result
