"""One question: in the person's language, with the officer's guidance and the answer keys."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Click, Resize

from guide.i18n.names import language_name
from guide.tui.guide_text import answer_word
from guide.tui.screens.base import WizardScreen
from guide.tui.text import _, ngettext
from guide.tui.widgets.bidi_text import BidiText

# Below this width the guidance goes under the question instead of beside it.
SIDE_BY_SIDE_MIN_WIDTH = 100


class AnswerRow(BidiText):
    """One answer with its key; a click chooses it too (the mouse is optional)."""

    def __init__(self, key: str, label: str, value: Any, *, rtl: bool | None, chosen: bool):
        super().__init__(
            f"{key}  {label}", rtl=rtl, classes="answer -chosen" if chosen else "answer"
        )
        self.value = value

    def on_click(self, event: Click) -> None:
        event.stop()
        self.screen.choose(self.value)  # type: ignore[attr-defined]


class QuestionScreen(WizardScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"digit('{n}')", show=False) for n in range(10)),
        Binding("full_stop,comma", "digit('.')", show=False),
        Binding("backspace", "erase", show=False),
        Binding("enter", "confirm", show=False),
        Binding("d", "choose_unknown('dont_know')", show=False),
        Binding("r", "choose_unknown('declined')", show=False),
        Binding("s", "skip", show=False),
        Binding("b", "back", show=False),
        Binding("n", "next", show=False),
        Binding("left", "arrow('left')", show=False),
        Binding("right", "arrow('right')", show=False),
        Binding("l", "language", show=False),
        Binding("g", "toggle_guidance", show=False),
    ]

    def __init__(self, question: Any) -> None:
        super().__init__()
        self.question = question
        self.typed = ""
        # A number given before is shown; the first digit typed replaces it.
        self.prefilled = False
        previous = self.dalil.session.previous_value(question)
        if question.type == "number" and isinstance(previous, int | float):
            self.typed = _format_number(previous)
            self.prefilled = True

    # --- layout ---------------------------------------------------------------------------

    def screen_keys(self) -> list[tuple[str, str]]:
        if self.question.type == "number":
            keys = [("0-9", _("Type the number")), ("Enter", _("Confirm"))]
        else:
            keys = [("1-9", _("Answer"))]
        return [
            *keys,
            ("D", _("Don't know")),
            ("R", _("Declined")),
            ("S", _("Skip")),
            ("B", _("Back")),
            ("L", _("Language")),
        ]

    def compose(self) -> ComposeResult:
        app = self.dalil
        session = app.session
        langs = app.languages
        texts = app.texts
        q = self.question
        module = session.module(q)
        part, parts = session.module_position(q)
        ui_rtl = self.ui_rtl()
        answered, remaining = session.progress()
        progress = (
            ngettext("{n} answered", "{n} answered", answered).format(n=answered)
            + " · "
            + ngettext("about {n} more", "about {n} more", remaining).format(n=remaining)
        )
        if not app.link.recording:
            progress += " · " + _("not saved")

        with Horizontal(id="q-header"):
            header = [
                BidiText(
                    _("Part {part} of {parts}: {title}").format(
                        part=part, parts=parts, title=texts.module_title(module, langs.ui)
                    ),
                    id="module-line",
                    rtl=ui_rtl,
                ),
                BidiText(
                    progress,
                    id="progress",
                    rtl=ui_rtl,
                ),
            ]
            yield from self.mirrored(header)

        with Horizontal(id="q-body"):
            # The order of the two panes is set by _fit: guidance beside (mirrored in Arabic)
            # when there is room, below the question when narrow.
            with Vertical(id="question-pane"):
                yield from self._question_widgets()
            with VerticalScroll(id="guidance-pane"):
                yield from self._guidance_widgets()

        with Horizontal(id="nav"):
            # Back on the reading start side, Next on the far side: mirrored in Arabic.
            start, end = ("right", "left") if self.rtl else ("left", "right")
            nav = [
                BidiText(_("B: back"), id="nav-back", rtl=ui_rtl, align=start),
                BidiText(_("S: skip"), id="nav-skip", rtl=ui_rtl, align="center"),
                BidiText(_("N: next"), id="nav-next", rtl=ui_rtl, align=end),
            ]
            yield from self.mirrored(nav)
        yield self.key_bar()

    def _question_widgets(self) -> ComposeResult:
        app = self.dalil
        langs = app.languages
        texts = app.texts
        q = self.question
        ui_rtl = self.ui_rtl()
        if q.kind == "observe":
            yield BidiText(
                _("Your own observation: do not read it aloud."), classes="label", rtl=ui_rtl
            )
        yield BidiText(texts.question(q, langs.person), id="question-text", classes="question")
        if langs.two_languages:
            yield BidiText(
                _("In {language}:").format(language=language_name(langs.ui, langs.ui)),
                classes="label",
                rtl=ui_rtl,
            )
            yield BidiText(
                texts.question(q, langs.ui), id="question-text-ui", classes="question-second"
            )
        previous = app.session.previous_value(q)
        with Vertical(id="answers"):
            if q.type == "number":
                yield BidiText(self._number_line(), id="number-entry", classes="number", rtl=ui_rtl)
                bounds = self._bounds_text()
                if bounds:
                    yield BidiText(bounds, classes="hint", rtl=ui_rtl)
            else:
                for number, option in enumerate(q.options[:9], start=1):
                    yield AnswerRow(
                        str(number),
                        texts.option(q, option, langs.ui),
                        option.id,
                        rtl=ui_rtl,
                        chosen=previous == option.id,
                    )
            yield AnswerRow(
                "D",
                answer_word("dont_know"),
                "dont_know",
                rtl=ui_rtl,
                chosen=previous == "dont_know",
            )
            yield AnswerRow(
                "R", answer_word("declined"), "declined", rtl=ui_rtl, chosen=previous == "declined"
            )
        yield BidiText("", id="message", classes="error", rtl=ui_rtl)

    def _guidance_widgets(self) -> ComposeResult:
        app = self.dalil
        guidance = app.texts.guidance(self.question, app.languages.ui)
        yield BidiText(_("Guidance for the officer"), classes="label", rtl=self.ui_rtl())
        yield BidiText(
            guidance or _("No guidance for this question."), id="guidance-text", classes="guidance"
        )

    def _number_line(self) -> str:
        unit = self.dalil.texts.unit(self.question, self.dalil.languages.ui)
        value = self.typed or "_"
        return f"> {value} {unit}".rstrip()

    def _bounds_text(self) -> str:
        q = self.question
        if q.min is not None and q.max is not None:
            return _("A number from {low} to {high}").format(
                low=_format_number(q.min), high=_format_number(q.max)
            )
        if q.min is not None:
            return _("A number of at least {low}").format(low=_format_number(q.min))
        if q.max is not None:
            return _("A number of at most {high}").format(high=_format_number(q.max))
        return ""

    def on_mount(self) -> None:
        super().on_mount()
        self._fit(self.app.size.width)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        narrow = width < SIDE_BY_SIDE_MIN_WIDTH
        self.set_class(narrow, "-narrow")
        body = self.query_one("#q-body")
        question = self.query_one("#question-pane")
        guidance = self.query_one("#guidance-pane")
        guidance_first = self.rtl and not narrow
        in_order = body.children.index(guidance) < body.children.index(question)
        if guidance_first != in_order:
            if guidance_first:
                body.move_child(guidance, before=question)
            else:
                body.move_child(guidance, after=question)

    # --- intents --------------------------------------------------------------------------

    def choose(self, value: Any) -> None:
        self.dalil.give_answer(value)

    def show_message(self, text: str) -> None:
        self.query_one("#message", BidiText).update(text)

    def action_digit(self, digit: str) -> None:
        if self.question.type == "number":
            if self.prefilled:
                self.typed, self.prefilled = "", False
            if digit == "." and "." in self.typed:
                return
            if len(self.typed) < 12:
                self.typed += digit
                self.query_one("#number-entry", BidiText).update(self._number_line())
            return
        if digit.isdigit() and digit != "0":
            index = int(digit) - 1
            if index < len(self.question.options):
                self.choose(self.question.options[index].id)

    def action_erase(self) -> None:
        if self.question.type == "number" and self.typed:
            self.prefilled = False
            self.typed = self.typed[:-1]
            self.query_one("#number-entry", BidiText).update(self._number_line())

    def action_confirm(self) -> None:
        if self.question.type != "number":
            self.action_next()
            return
        value = _parse_number(self.typed)
        if value is None:
            self.show_message(_("Type a number, then press Enter."))
            return
        if not self.question.accepts(value):
            self.show_message(_("Out of range.") + " " + self._bounds_text())
            return
        self.choose(value)

    def action_choose_unknown(self, value: str) -> None:
        self.choose(value)

    def action_skip(self) -> None:
        self.dalil.skip_question()

    def action_back(self) -> None:
        self.dalil.go_back()

    def action_next(self) -> None:
        if not self.dalil.go_forward():
            self.show_message(_("Answer this question first, or press S to skip it."))

    def action_arrow(self, direction: str) -> None:
        # Back is on the left in a left-to-right interface, on the right in Arabic.
        back_side = "right" if self.rtl else "left"
        if direction == back_side:
            self.action_back()
        else:
            self.action_next()

    def action_language(self) -> None:
        self.dalil.choose_language()

    def action_toggle_guidance(self) -> None:
        self.toggle_class("-no-guidance")


def _parse_number(typed: str) -> int | float | None:
    if not typed or typed == ".":
        return None
    try:
        value = float(typed)
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in typed else value


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
