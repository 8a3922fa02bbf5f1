"""The translator's workflow (extract, update, init, compile) through Babel's Python API.

`extract` is exactly `pybabel extract` with the project's mapping file and options (the
shipped templates are what `pybabel` produces), except that the YAML extractor is taken
from this source tree, so it works before the project is installed.

`update` differs from `pybabel update` in the domain "guide": there every context is the
unique id of a place in the guide, so a changed source text keeps its translation under the
same context, marked fuzzy with the previous source (`#| msgid`), and Babel's guessing by
similar text (which could move a translation to another place) is switched off.

The domain "oral" (guide/i18n/oral.py) is the part of "guide" read aloud to the person, for
the oral layers (Darija): its template is made from `guide.pot` and the guide itself, and its
catalogs are merged like the guide's, plus their review lines.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from guide.i18n.catalogs import DOMAINS, catalog_path, read_po_file
from guide.i18n.languages import SOURCE_LANGUAGE, is_oral_layer, language_codes, oral_layers
from guide.i18n.oral import ORAL_DOMAIN, after_update, build_template, domain_languages
from guide.i18n.translate import _

# Every domain the workflow handles: the ui and guide catalogs of each language, and the
# oral catalogs of the oral layers.
ALL_DOMAINS: tuple[str, ...] = (*DOMAINS, ORAL_DOMAIN)
# Domains where a context names one place: a changed source keeps its translation (fuzzy).
_BY_PLACE = ("guide", ORAL_DOMAIN)

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

HEADER_COMMENT = "# Dalil translation template, domain {domain}: rebuilt by `dalil i18n extract`."
COMMENT_TAG = "TRANSLATORS:"
WIDTH = 76


class WorkflowError(Exception):
    """A problem the translator can fix (missing template, unknown language...)."""


@dataclass(frozen=True)
class Project:
    """Where the sources and catalogs of one checkout (or a trainer's copy) are."""

    root: Path
    package_dir: Path  # Python sources of the UI strings (domain "ui")
    guide_dir: Path  # indicator YAML (domain "guide")
    locales_dir: Path

    @classmethod
    def at(cls, root: Path, guide_dir: Path | None = None, locales_dir: Path | None = None):
        root = root.resolve()
        return cls(
            root=root,
            package_dir=root / "guide",
            guide_dir=(guide_dir or root / "indicators").resolve(),
            locales_dir=(locales_dir or root / "locales").resolve(),
        )

    @property
    def mapping_file(self) -> Path:
        return self.locales_dir / "babel.cfg"

    def template(self, domain: str) -> Path:
        return self.locales_dir / f"{domain}.pot"

    def source_dir(self, domain: str) -> Path:
        return self.package_dir if domain == "ui" else self.guide_dir

    def catalogs(self, languages: list[str], domains: tuple[str, ...]) -> list[tuple[str, str]]:
        """The (language, domain) pairs that have a catalog: the oral layers have only the
        oral domain, the other languages only ui and guide."""
        return [
            (language, domain)
            for language in languages
            for domain in domains
            if language in domain_languages(domain, [language])
        ]

    def shown(self, path: Path) -> str:
        """`path` relative to the project root when inside it, as it appears in catalogs."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def catalog_languages(self) -> list[str]:
        """The configured languages, then any other language that already has a catalog."""
        codes = [*language_codes(), *(layer.code for layer in oral_layers())]
        if self.locales_dir.is_dir():
            for folder in sorted(self.locales_dir.iterdir()):
                if (folder / "LC_MESSAGES").is_dir() and folder.name not in codes:
                    codes.append(folder.name)
        return codes


def pybabel_extract_args(project: Project, domain: str) -> list[str]:
    """The `pybabel extract` arguments that build the template of `domain` (from the root)."""
    from guide import __version__

    # UI strings are referenced by file only, so moving code does not make the template
    # stale; guide texts keep their YAML line, which the translator needs.
    location = ["--add-location", "file"] if domain == "ui" else []
    return [
        "extract",
        *location,
        "--mapping-file", project.shown(project.mapping_file),
        "--add-comments", COMMENT_TAG,
        "--project", "Dalil",
        "--version", __version__,
        "--header-comment", HEADER_COMMENT.format(domain=domain),
        "--width", str(WIDTH),
        "--output-file", project.shown(project.template(domain)),
        project.shown(project.source_dir(domain)),
    ]  # fmt: skip


@contextlib.contextmanager
def _working_dir(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def extract(project: Project, domains: tuple[str, ...] = ALL_DOMAINS) -> list[Path]:
    """Write locales/<domain>.pot for each domain; returns the templates written."""
    from babel.messages import frontend

    from guide.i18n.extract import extract_dalil_yaml

    class _Extract(frontend.ExtractMessages):
        # Use the YAML extractor of this source tree even when no entry point is installed.
        def _get_mappings(self):  # type: ignore[no-untyped-def]
            return [
                (
                    path,
                    [
                        (pattern, extract_dalil_yaml if method == "dalil_yaml" else method)
                        for pattern, method in method_map
                    ],
                    options_map,
                )
                for path, method_map, options_map in super()._get_mappings()
            ]

    if not project.mapping_file.is_file():
        raise WorkflowError(_("no Babel mapping file at {file}").format(file=project.mapping_file))
    written = []
    for domain in domains:
        if domain == ORAL_DOMAIN:
            written.append(_extract_oral(project))
            continue
        if not project.source_dir(domain).is_dir():
            raise WorkflowError(
                _("no {domain} sources at {folder}").format(
                    domain=domain, folder=project.source_dir(domain)
                )
            )
        template = project.template(domain)
        before = template.read_bytes() if template.is_file() else None
        interface = frontend.CommandLineInterface()
        interface.command_classes = {**interface.command_classes, "extract": _Extract}
        with _working_dir(project.root):
            status = interface.run(["pybabel", "--quiet", *pybabel_extract_args(project, domain)])
        if status:
            raise WorkflowError(_("extraction of the {domain} domain failed").format(domain=domain))
        if before is not None and _undated(before) == _undated(template.read_bytes()):
            template.write_bytes(before)  # nothing changed: keep the date, spare the diff
        written.append(template)
    return written


def _extract_oral(project: Project) -> Path:
    """locales/oral.pot: the entries of guide.pot addressed to the person (read from the
    guide: intro_for, kind), so `guide.pot` must be current (extract it first)."""
    from babel.messages.pofile import write_po

    from guide.loader import load_guide

    result = load_guide(project.guide_dir)
    if result.guide is None:
        raise WorkflowError(
            _(
                "the oral template was not rebuilt: the guide at {folder} has errors "
                "(dalil validate lists them)"
            ).format(folder=project.guide_dir)
        )
    template = build_template(
        _read_template(project, "guide"),
        result.guide,
        HEADER_COMMENT.format(domain=ORAL_DOMAIN),
    )
    path = project.template(ORAL_DOMAIN)
    before = path.read_bytes() if path.is_file() else None
    buffer = io.BytesIO()
    write_po(buffer, template, width=WIDTH)
    if before is None or _undated(before) != _undated(buffer.getvalue()):
        path.write_bytes(buffer.getvalue())
    return path


def _undated(template: bytes) -> list[bytes]:
    return [line for line in template.splitlines() if not line.startswith(b'"POT-Creation-Date:')]


def _read_template(project: Project, domain: str) -> Catalog:
    path = project.template(domain)
    if not path.is_file():
        raise WorkflowError(
            _("no template {file}: run `dalil i18n extract` first").format(file=path)
        )
    catalog, problems = read_po_file(path)
    if catalog is None or problems:
        raise WorkflowError("; ".join(str(problem) for problem in problems))
    return catalog


def _write_po(path: Path, catalog: Catalog) -> None:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _new_catalog(template: Catalog, language: str, domain: str) -> Catalog:
    from babel import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError) as error:
        raise WorkflowError(
            _("Babel has no locale data for {language}: {problem}").format(
                language=repr(language), problem=error
            )
        ) from error
    catalog = Catalog(
        locale=locale,
        domain=domain,
        project=template.project,
        version=template.version,
        creation_date=template.creation_date,
        header_comment=(
            f"# {locale.english_name} translation of Dalil, domain {domain}.\n"
            "# Distributed under the same license as Dalil. See docs/translators.md."
        ),
        language_team="Dalil translators",
        last_translator="Dalil translators",
        revision_date=template.creation_date,
        fuzzy=False,
    )
    for message in template:
        if message.id:
            catalog[message.id] = message.clone()
    return catalog


def _fill_source_language(catalog: Catalog) -> None:
    """The source-language catalog translates each text as itself, unless edited by hand."""
    for message in catalog:
        if not message.id:
            continue
        previous = message.previous_id[0] if message.previous_id else None
        empty = not any(message.string) if isinstance(message.string, tuple) else not message.string
        copied = message.fuzzy and previous is not None and _first(message.string) == previous
        if empty or copied:
            if isinstance(message.id, (list, tuple)):
                forms = [message.id[0]] + [message.id[1]] * (catalog.num_plurals - 1)
                message.string = tuple(forms)
            else:
                message.string = message.id
            message.flags.discard("fuzzy")
            message.previous_id = []


def _forms(string: str | tuple[str, ...] | list[str] | None) -> list[str]:
    return [string] if isinstance(string, str) else list(string or ())


def _first(string: str | tuple[str, ...] | list[str] | None) -> str:
    return string if isinstance(string, str) else (string[0] if string else "")


def _carry_over_by_context(catalog: Catalog, template: Catalog) -> dict[str, list[str]]:
    """Give a changed source text the translation of the same place, marked fuzzy.

    Returns {context: [previous msgid]} for the entries moved.
    """
    by_context: dict[str, list] = {}
    for message in catalog:
        if message.id and message.context:
            by_context.setdefault(message.context, []).append(message)
    moved: dict[str, list[str]] = {}
    for new in template:
        if not new.id or not new.context or catalog.get(new.id, context=new.context):
            continue
        olds = by_context.get(new.context, [])
        if len(olds) != 1 or not olds[0].string:
            continue
        old = olds[0]
        catalog.delete(old.id, context=old.context)
        carried = new.clone()
        carried.string = old.string
        carried.flags = set(old.flags) | {"fuzzy"}
        carried.user_comments = list(old.user_comments)
        catalog[new.id] = carried
        moved[new.context] = [old.id] if isinstance(old.id, str) else list(old.id)
    return moved


_PREVIOUS = re.compile(
    r'^#\| msgid (".*"(?:\n#\| ".*")*)\n(?:#.*\n)*msgctxt (".*"(?:\n".*")*)$', re.MULTILINE
)


def _previous_ids(text: str) -> dict[str, str]:
    """{context: previous msgid} from the `#| msgid` lines, which Babel's reader drops."""
    from babel.messages.pofile import denormalize

    return {
        denormalize(context): denormalize(previous.replace("#| ", ""))
        for previous, context in _PREVIOUS.findall(text)
    }


def _drop_misread_previous_ids(catalog: Catalog) -> None:
    """Babel's reader takes `#| msgid ...` lines for translator comments: remove those."""
    for message in [*catalog, *catalog.obsolete.values()]:
        message.user_comments = [
            comment for comment in message.user_comments if not comment.startswith("|")
        ]


def update_catalog(
    project: Project, language: str, domain: str, keep_obsolete: bool = True
) -> Path:
    """Merge the template of `domain` into the catalog of `language` (creating it if new)."""
    template = _read_template(project, domain)
    path = catalog_path(project.locales_dir, language, domain)
    if not path.is_file():
        return init_catalog(project, language, domain)
    catalog, problems = read_po_file(path)
    if catalog is None or problems:
        raise WorkflowError(
            _("fix the catalog before updating it: {problems}").format(
                problems="; ".join(str(p) for p in problems)
            )
        )
    kept = _previous_ids(path.read_text(encoding="utf-8", errors="replace"))
    _drop_misread_previous_ids(catalog)
    moved = _carry_over_by_context(catalog, template) if domain in _BY_PLACE else {}
    catalog.update(template, no_fuzzy_matching=domain in _BY_PLACE, update_header_comment=False)
    for message in catalog:
        if message.context in moved:
            message.previous_id = moved[message.context]
        elif message.fuzzy and not message.previous_id and message.context in kept:
            message.previous_id = [kept[message.context]]
    if language == SOURCE_LANGUAGE:
        _fill_source_language(catalog)
    if domain == ORAL_DOMAIN:
        after_update(catalog, project.locales_dir, language, set(moved))
    # An obsolete entry is kept only as a translation to reuse: empty ones, and copies of
    # the source in the source language, are noise.
    for key, message in list(catalog.obsolete.items()):
        if not keep_obsolete or language == SOURCE_LANGUAGE or not any(_forms(message.string)):
            del catalog.obsolete[key]
    _write_po(path, catalog)
    return path


def init_catalog(project: Project, language: str, domain: str) -> Path:
    path = catalog_path(project.locales_dir, language, domain)
    if path.exists():
        raise WorkflowError(_("{file} already exists; use `dalil i18n update`").format(file=path))
    if (domain == ORAL_DOMAIN) != is_oral_layer(language):
        raise WorkflowError(
            _(
                "{language} has no {domain} catalog: the oral domain is for the oral layers "
                "(registry entries with oral_of), ui and guide for the other languages"
            ).format(language=language, domain=domain)
        )
    catalog = _new_catalog(_read_template(project, domain), language, domain)
    if language == SOURCE_LANGUAGE:
        _fill_source_language(catalog)
    if domain == ORAL_DOMAIN:
        after_update(catalog, project.locales_dir, language, set())
    _write_po(path, catalog)
    return path


def compile_catalog(project: Project, language: str, domain: str) -> Path | None:
    """Write the .mo beside the .po (optional: the run time reads .po files directly)."""
    from babel.messages.mofile import write_mo

    path = catalog_path(project.locales_dir, language, domain)
    if not path.is_file():
        return None
    catalog, problems = read_po_file(path)
    if catalog is None or problems:
        raise WorkflowError("; ".join(str(problem) for problem in problems))
    target = path.with_suffix(".mo")
    # The header carries Plural-Forms; Babel leaves a fuzzy header out of the .mo.
    catalog.fuzzy = False
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    target.write_bytes(buffer.getvalue())
    return target
