"""The oral layer beneath a read-aloud text: Darija under the Modern Standard Arabic.

The officer switches it on and off with one key (T, shown in the key bar and in F1); it
stays as chosen for the rest of the run. It is shown only under texts addressed to the
person, when the person's language has an oral layer (guide/i18n/languages.py), and always
*beneath* the written text, never instead of it. Each rendering carries its review state: a
small "unreviewed" mark until a native speaker has checked it (guide/i18n/oral.py). A
rendering that is missing, or outdated because the source changed, is not shown: the panel
says so and the officer reads the written text.

Screens use it with a small hook: `OralPanel.for_question(q)` / `for_intro(module)` composed
under the text (`show_question` when a question is loaded in place), `ORAL_KEY` bound to
`toggle_oral(screen)`, and `oral_keys(screen)` in their key bar.
"""

from __future__ import annotations

import weakref
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Vertical

from guide.core.text_context import context
from guide.i18n import pgettext
from guide.i18n.languages import Language, is_rtl
from guide.i18n.names import language_name
from guide.i18n.oral import OralEntry, OralTexts, layers_beneath
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText

ORAL_KEY = "t"

# Whether the officer switched the layer on, per running app (not saved: off at each start).
_switched_on: weakref.WeakKeyDictionary[App[Any], bool] = weakref.WeakKeyDictionary()
_shared_texts = OralTexts()


def is_on(app: App[Any]) -> bool:
    return _switched_on.get(app, False)


def oral_source(app: App[Any]) -> Any:
    """Where the renderings come from: the app's own (a test sets `oral_texts`), else the
    shipped catalogs."""
    return getattr(app, "oral_texts", None) or _shared_texts


def _layers(app: Any) -> tuple[Language, ...]:
    languages = getattr(app, "languages", None)
    return layers_beneath(languages.person) if languages is not None else ()


def layer_label(layer: Language) -> str:
    """The layer's name in the interface language: its registry name through the catalog."""
    return _(layer.name)


def oral_keys(screen: Any) -> list[tuple[str, str]]:
    """The key bar entry, when the person's language has an oral layer."""
    layers = _layers(screen.app)
    if not layers:
        return []
    return [(ORAL_KEY.upper(), " / ".join(layer_label(layer) for layer in layers))]


def oral_help_keys() -> list[tuple[str, str]]:
    """The F1 help line for the key, when any oral layer is offered."""
    from guide.i18n.languages import oral_layers

    layers = oral_layers()
    if not layers:
        return []
    names = " / ".join(layer_label(layer) for layer in layers)
    return [
        (
            ORAL_KEY.upper(),
            _("Show or hide the spoken version ({names}) under a text read aloud").format(
                names=names
            ),
        )
    ]


def toggle_oral(screen: Any) -> None:
    """The key: show or hide the oral layer on every panel of `screen` (and later ones)."""
    app = screen.app
    if not _layers(app):
        person = app.languages.person
        screen.say(
            _("No spoken version is offered beneath {language}.").format(
                language=language_name(person, app.languages.ui)
            )
        )
        return
    _switched_on[app] = not is_on(app)
    for panel in screen.query(OralPanel):
        panel.refresh_panel()


def _state_text(entry: OralEntry) -> str:
    return {
        "reviewed": pgettext("oral layer", "reviewed"),
        "unreviewed": pgettext("oral layer", "unreviewed"),
        "outdated": pgettext("oral layer", "outdated"),
        "missing": pgettext("oral layer", "not written yet"),
    }[entry.state]


def _question_text(question: Any) -> tuple[str, str]:
    """(context, source) of a question read aloud; an observation has none."""
    if question.kind == "observe":
        return "", ""
    return context("question", question.id, field="text"), question.text


def _none_text(entry: OralEntry, layer: Language, ui: str) -> str:
    """What the panel says where no rendering may be shown."""
    base = language_name(layer.oral_of or "", ui)
    if entry.state == "outdated":
        return _(
            "The spoken version is being revised after a change to the text: read the "
            "{language} text above."
        ).format(language=base)
    return _("No spoken version of this text yet: read the {language} text above.").format(
        language=base
    )


class OralPanel(Vertical):
    """The oral renderings of one text (the context and source of the written text), one
    label line and one text line per oral layer of the person's language."""

    DEFAULT_CSS = """
    OralPanel { height: auto; margin: 0 0 1 0; }
    OralPanel .oral-label { color: $text-muted; }
    OralPanel .oral-label.-unreviewed { color: $warning; }
    OralPanel .oral-text { text-style: bold; }
    OralPanel .oral-none { color: $text-muted; text-style: italic; }
    """

    def __init__(self, context: str = "", source: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="oral-panel")
        self.context = context
        self.source = source

    @classmethod
    def for_question(cls, question: Any) -> OralPanel:
        panel = cls(id="oral")
        panel.context, panel.source = _question_text(question)
        return panel

    @classmethod
    def for_intro(cls, module: Any) -> OralPanel:
        """The panel under a module's introduction (shown only under one read to the person)."""
        read_aloud = getattr(module, "intro_for", "person") == "person"
        source = (module.intro or "") if read_aloud else ""
        return cls(context("module", module.id, field="intro"), source, id="oral")

    def compose(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.refresh_panel()

    def show_question(self, question: Any) -> None:
        """Show the renderings of another question (loaded in place on the same screen)."""
        self.context, self.source = _question_text(question)
        self.refresh_panel()

    def refresh_panel(self) -> None:
        app = self.app
        layers = _layers(app)
        on = is_on(app) and bool(layers) and bool(self.source.strip())
        self.display = on
        if not on:
            return
        ui = app.languages.ui  # type: ignore[attr-defined]
        ui_rtl = True if is_rtl(ui) else None
        rows: list[tuple[str, str, str, bool | None]] = []  # (text, classes, id, rtl)
        for layer in layers:
            entry = oral_source(app).entry(layer.code, self.context, self.source)
            label = layer_label(layer)
            if entry.state != "reviewed":
                label = f"{label} · {_state_text(entry)}"
            label_classes = "oral-label" + ("" if entry.state == "reviewed" else " -unreviewed")
            rows.append((label, label_classes, f"oral-label-{layer.code}", ui_rtl))
            if entry.shown:
                rows.append(
                    (entry.text, "oral-text", f"oral-text-{layer.code}", layer.direction == "rtl")
                )
            else:
                rows.append(
                    (_none_text(entry, layer, ui), "oral-none", f"oral-text-{layer.code}", ui_rtl)
                )
        children = list(self.children)
        if len(children) == len(rows) and all(
            isinstance(c, BidiText) and c.id == row[2]
            for c, row in zip(children, rows, strict=True)
        ):
            for child, (text, classes, _id, rtl) in zip(children, rows, strict=True):
                assert isinstance(child, BidiText)
                child.rtl = rtl
                child.set_classes(classes)
                child.update(text)
                child.refresh(layout=True)
            return
        self.remove_children()
        self.mount_all(
            [BidiText(text, classes=classes, id=wid, rtl=rtl) for text, classes, wid, rtl in rows]
        )
