"""One question: in the person's language, with the officer's guidance and the answer keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Click, DescendantFocus, Resize
from textual.message import Message

from guide.i18n.names import language_name
from guide.tui.guide_text import answer_word
from guide.tui.screens.base import WizardScreen
from guide.tui.text import _, ngettext
from guide.tui.widgets.bidi_text import BidiText
from guide.tui.widgets.oral_layer import ORAL_KEY, OralPanel, oral_keys, toggle_oral

if TYPE_CHECKING:
    from guide.core.model import Question
    from guide.tui.wizard import Answer

# The longest number the entry takes when the question has no maximum.
MAX_DIGITS = 12
# Below this width the guidance goes under the question instead of beside it.
SIDE_BY_SIDE_MIN_WIDTH = 100


class AnswerRow(BidiText):
    """One answer with its key; the arrows or Tab focus it (Enter then chooses it), and a
    click chooses it too (the mouse is optional): the row posts `AnswerRow.Chosen`."""

    can_focus = True

    @dataclass
    class Chosen(Message):
        """The officer clicked this answer."""

        row: AnswerRow
        value: Answer

        @property
        def control(self) -> AnswerRow:
            return self.row

    def __init__(self, key: str, label: str, value: Answer, *, rtl: bool | None, chosen: bool):
        super().__init__(
            self.line(key, label), rtl=rtl, classes="answer -chosen" if chosen else "answer"
        )
        self.answer_key = key
        self.value = value

    @staticmethod
    def line(key: str, label: str) -> str:
        return f"\u2068{key}\u2069  {label}"

    def show(self, key: str, label: str, value: Answer, chosen: bool) -> None:
        """This row for another answer (the question screen is updated in place)."""
        self.answer_key = key
        self.value = value
        self.update(self.line(key, label))
        if chosen != self.has_class("-chosen"):
            self.set_class(chosen, "-chosen")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self.value))


class QuestionScreen(WizardScreen):
    # Nothing is focused at first: Enter must not choose the first answer by itself.
    AUTO_FOCUS = ""

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
        Binding("down", "move_focus(1)", show=False),
        Binding("up", "move_focus(-1)", show=False),
        Binding("l", "language", show=False),
        Binding("g", "toggle_guidance", show=False),
        Binding("v", "review", show=False),
        Binding("o", "notes", show=False),
        Binding("i", "case", show=False),
        Binding(ORAL_KEY, "toggle_oral", show=False),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question
        self.typed = ""
        self._parts: dict[str, Any] = {}
        # The answer rows, in order (looked up once; rows are only ever added).
        self._slots: list[AnswerRow] | None = None
        self._pending_focus: Any = None
        # A number given before is shown; the first digit typed replaces it.
        self.prefilled = False
        self._refusal_shown = False
        self._prefill()

    def _prefill(self) -> None:
        question = self.question
        self.typed, self.prefilled = "", False
        session = self.dalil.session
        assert session is not None  # a question is only shown during an interview
        previous = session.previous_value(question)
        if question.type == "number" and isinstance(previous, int | float):
            self.typed = _format_number(previous)
            self.prefilled = True

    # --- layout ---------------------------------------------------------------------------

    def screen_keys(self) -> list[tuple[str, str]]:
        if self.question.type == "number":
            keys = [("0-9", _("Type the number")), ("Enter", _("Confirm"))]
        else:
            keys = [("1-9", _("Answer"))]
        if self.question.kind == "observe":
            # The officer's own observation: unsure, never declined (see _answer_rows).
            unknowns = [("D", _("Not sure"))]
        else:
            unknowns = [("D", _("Don't know")), ("R", _("Declined"))]
        return [
            *keys,
            *unknowns,
            ("S", _("Skip")),
            ("B", _("Back")),
            ("V", _("Review")),
            ("O", _("Notes")),
            ("L", _("Language")),
            *oral_keys(self),
        ]

    def compose(self) -> ComposeResult:
        # Every part that some question needs is composed once; load() fills them in for the
        # next question, so an answer repaints this screen instead of building a new one.
        ui_rtl = self.ui_rtl()
        with Horizontal(id="q-header"):
            header = [
                BidiText(self._module_line(), id="module-line", rtl=ui_rtl),
                BidiText(self._progress_line(), id="progress", rtl=ui_rtl),
            ]
            yield from self.mirrored(header)

        with Horizontal(id="q-body"):
            # The order of the two panes is set by _fit: guidance beside (mirrored in Arabic)
            # when there is room, below the question when narrow.
            with VerticalScroll(id="question-pane"):
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

    def _module_line(self) -> str:
        app = self.dalil
        session = app.session
        assert session is not None  # a question is only shown during an interview
        part, parts = session.module_position(self.question)
        title = app.texts.module_title(session.module(self.question), app.languages.ui)
        return _("Part {part} of {parts}: {title}").format(part=part, parts=parts, title=title)

    def _progress_line(self) -> str:
        app = self.dalil
        session = app.session
        assert session is not None
        answered, remaining = session.progress()
        progress = (
            ngettext("{n} answered", "{n} answered", answered).format(n=answered)
            + " · "
            + ngettext("about {n} more", "about {n} more", remaining).format(n=remaining)
        )
        if not app.link.recording:
            progress += " · " + _("not saved")
        return progress

    def _question_text(self, question: Question) -> str:
        """The question in the person's language; an observation in the officer's."""
        langs = self.dalil.languages
        lang = langs.ui if question.kind == "observe" else langs.person
        return self.dalil.texts.question(question, lang)

    def _observe_text(self) -> str:
        if self.question.kind == "observe":
            return _("Your own observation: do not read it aloud.")
        return ""

    def _question_widgets(self) -> ComposeResult:
        app = self.dalil
        langs = app.languages
        texts = app.texts
        q = self.question
        ui_rtl = self.ui_rtl()
        yield BidiText(self._observe_text(), id="observe-label", classes="label", rtl=ui_rtl)
        yield BidiText(self._question_text(q), id="question-text", classes="question")
        yield OralPanel.for_question(q)
        if langs.two_languages:
            # An observation is the officer's own: shown once, in the officer's language.
            second_label = BidiText(
                _("In {language}:").format(language=language_name(langs.ui, langs.ui)),
                id="question-label-ui",
                classes="label",
                rtl=ui_rtl,
            )
            second = BidiText(
                texts.question(q, langs.ui), id="question-text-ui", classes="question-second"
            )
            second_label.display = second.display = q.kind != "observe"
            yield second_label
            yield second
        with Vertical(id="answers"):
            yield from self._answer_widgets()
        yield BidiText("", id="message", classes="error", rtl=ui_rtl)
        yield BidiText(self._question_note(), id="question-note", classes="hint", rtl=ui_rtl)

    def _question_note(self) -> str:
        session = self.dalil.session
        assert session is not None
        note = session.note_for(self.question.id)
        return _("Your note: {note}").format(note=note) if note else ""

    def _answer_rows(self) -> list[tuple[str, str, Answer, bool]]:
        """(key, label, value, chosen before) for each answer of the current question."""
        app = self.dalil
        q = self.question
        session = app.session
        assert session is not None
        previous = session.previous_value(q)
        rows: list[tuple[str, str, Answer, bool]] = []
        if q.type != "number":
            lang = app.languages.ui
            for number, option in enumerate(q.options[:9], start=1):
                label = app.texts.option(q, option, lang)
                rows.append((str(number), label, option.id, previous == option.id))
        observe = q.kind == "observe"
        # The officer may be unsure of what they saw: "not sure" (kept as don't know).
        unsure = _("Not sure") if observe else answer_word("dont_know")
        rows.append(("D", unsure, "dont_know", previous == "dont_know"))
        rows.append(("R", answer_word("declined"), "declined", previous == "declined"))
        return rows

    def offers_declined(self) -> bool:
        """Is "declined" an answer here? The person declines a question read to them, never
        the officer's own observation (wizard review 6). An observation saved as declined
        by an earlier Dalil still shows it, chosen, so the interview reads as it was."""
        question = self.question
        if question.kind != "observe":
            return True
        session = self.dalil.session
        return session is not None and session.previous_value(question) == "declined"

    def _answer_widgets(self) -> list[BidiText]:
        """The number entry and its bounds (hidden for a question with options), a row per
        option, then don't know and declined: every question is shown in these widgets,
        updated in place (_load_answers), so no key press mounts or removes one."""
        ui_rtl = self.ui_rtl()
        number = self.question.type == "number"
        bounds_text = self._bounds_text() if number else ""
        entry = BidiText(self._number_line(), id="number-entry", classes="number", rtl=ui_rtl)
        bounds = BidiText(bounds_text, id="bounds", classes="hint", rtl=ui_rtl)
        entry.display, bounds.display = number, bool(bounds_text)
        rows = [
            AnswerRow(key, label, value, rtl=ui_rtl, chosen=chosen)
            for key, label, value, chosen in self._answer_rows()
        ]
        rows[-1].display = self.offers_declined()
        return [entry, bounds, *rows]

    def _guidance_widgets(self) -> ComposeResult:
        ui_rtl = self.ui_rtl()
        yield BidiText(_("Note for the officer"), id="note-title", classes="note-title", rtl=ui_rtl)
        yield BidiText("", id="officer-note", classes="note", rtl=ui_rtl)
        yield BidiText(_("Guidance for the officer"), classes="label", rtl=ui_rtl)
        yield BidiText(self._guidance_text(), id="guidance-text", classes="guidance")

    def _guidance_text(self) -> str:
        app = self.dalil
        guidance = app.texts.guidance(self.question, app.languages.ui)
        return guidance or _("No guidance for this question.")

    def _part(self, widget_id: str) -> Any:
        """A widget of this screen by its id, looked up once: a key press must not walk the
        whole tree a dozen times (each query matches every node)."""
        part = self._parts.get(widget_id)
        if part is None or not part.is_attached:
            part = self._parts[widget_id] = self.query_one(f"#{widget_id}")
        return part

    def _show_note(self) -> None:
        note = self.dalil.officer_note or ""
        self._part("officer-note").display = bool(note)
        self._part("note-title").display = bool(note)
        self._part("officer-note").update(note)
        if note:  # the note must be read: never hidden with the guidance
            self.remove_class("-no-guidance")

    # --- in place ---------------------------------------------------------------------------

    def load(self, question: Question) -> None:
        """Show `question` on this screen: texts replaced, answer rows reused when the new
        question has as many (the usual yes/no), the key bar changed only when it must."""
        old = self.question
        self.question = question
        self._prefill()
        if self.focused is not None:
            self.set_focus(None)
        self._pending_focus = None
        app = self.dalil
        langs = app.languages
        part = self._part
        part("module-line").update(self._module_line())
        part("progress").update(self._progress_line())
        observe = part("observe-label")
        observe.display = question.kind == "observe"  # (a hidden text takes no layout)
        observe.update(self._observe_text())
        part("question-text").update(self._question_text(question))
        part("oral").show_question(question)
        if langs.two_languages:
            for widget_id in ("question-text-ui", "question-label-ui"):
                part(widget_id).display = question.kind != "observe"
            part("question-text-ui").update(app.texts.question(question, langs.ui))
        self._load_answers()
        part("message").update("")
        self._refusal_shown = False
        part("question-note").update(self._question_note())
        part("guidance-text").update(self._guidance_text())
        self._show_note()
        if (old.type == "number") != (question.type == "number") or old.kind != question.kind:
            self.refresh_keys()
        for pane_id in ("question-pane", "guidance-pane"):
            pane = part(pane_id)
            if pane.scroll_y:
                pane.scroll_home(animate=False)
        self.call_after_refresh(self.update_scroll_cue)

    def _load_answers(self) -> None:
        number = self.question.type == "number"
        bounds_text = self._bounds_text() if number else ""
        entry, bounds = self._part("number-entry"), self._part("bounds")
        entry.display, bounds.display = number, bool(bounds_text)
        entry.update(self._number_line() if number else "")
        bounds.update(bounds_text)
        fresh = self._answer_rows()
        options, unknowns = fresh[:-2], fresh[-2:]
        slots = self._slots
        if slots is None or not all(slot.is_attached for slot in slots):
            slots = self._slots = list(self._part("answers").query_children(AnswerRow))
        option_slots, unknown_slots = slots[:-2], slots[-2:]
        if len(option_slots) < len(options):  # more options than any question before
            extra = [
                AnswerRow(key, label, value, rtl=self.ui_rtl(), chosen=chosen)
                for key, label, value, chosen in options[len(option_slots) :]
            ]
            self._part("answers").mount_all(extra, before=unknown_slots[0])
            self._slots = [*option_slots, *extra, *unknown_slots]
        for slot, (key, label, value, chosen) in zip(option_slots, options, strict=False):
            slot.show(key, label, value, chosen)
            slot.display = True
        for slot in option_slots[len(options) :]:
            slot.display = False
        for slot, (key, label, value, chosen) in zip(unknown_slots, unknowns, strict=True):
            slot.show(key, label, value, chosen)
        unknown_slots[-1].display = self.offers_declined()

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
        self.query_one("#observe-label").display = self.question.kind == "observe"
        self._show_note()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def on_screen_resume(self) -> None:
        # Shown again after an introduction or the review: the terminal may have changed.
        self._fit(self.app.size.width)

    def _fit(self, width: int) -> None:
        narrow = width < SIDE_BY_SIDE_MIN_WIDTH
        self.set_class(narrow, "-narrow")
        body = self.query_one("#q-body")
        question = self.query_one("#question-pane")
        guidance = self.query_one("#guidance-pane")
        header = self.query_one("#q-header")
        module_line, progress = self.query_one("#module-line"), self.query_one("#progress")
        # Side by side the header is mirrored in Arabic; stacked, the part's title comes first.
        module_first = narrow or not self.rtl
        if module_first != (header.children.index(module_line) < header.children.index(progress)):
            if module_first:
                header.move_child(module_line, before=progress)
            else:
                header.move_child(module_line, after=progress)
        guidance_first = self.rtl and not narrow
        in_order = body.children.index(guidance) < body.children.index(question)
        if guidance_first != in_order:
            if guidance_first:
                body.move_child(guidance, before=question)
            else:
                body.move_child(guidance, after=question)

    # --- intents --------------------------------------------------------------------------

    @on(AnswerRow.Chosen)
    def _clicked(self, event: AnswerRow.Chosen) -> None:
        self.choose(event.value)

    def choose(self, value: Answer, key: str = "") -> None:
        if key and self.dalil.is_bounce(key):
            return  # the key bounced: the same key again right after it answered
        if key:
            self.dalil.answered_with(key)
        self.dalil.give_answer(value)

    def show_message(self, text: str) -> None:
        message = self._part("message")
        message.update(text)
        if text:  # never left below the fold (80x24, a long question)
            self.call_after_refresh(message.scroll_visible, animate=False)

    def action_digit(self, digit: str) -> None:
        if self.question.type == "number":
            if self.prefilled:
                self.typed, self.prefilled = "", False
            if digit == "." and "." in self.typed:
                return
            refused = self._refused_digit(digit)
            if refused:
                self.show_message(refused)  # what was typed stays, Enter still confirms it
                self._refusal_shown = True
                return
            self.typed += digit
            self._part("number-entry").update(self._number_line())
            self._clear_refusal()
            return
        if digit.isdigit() and digit != "0":
            index = int(digit) - 1
            if index < len(self.question.options[:9]):
                self.choose(self.question.options[index].id, digit)
                return
        self.show_message(
            _("The key {key} is not an answer here. F1 shows the keys.").format(key=digit)
        )

    def _refused_digit(self, digit: str) -> str:
        """Why `digit` cannot be added to the number typed ("" when it can): the number would
        be above the question's maximum (16 hours, then 5: 165 hours a day cannot be), or
        longer than any number (wizard review 6: the hours took 12 digits until Enter)."""
        candidate = self.typed + digit
        value = _parse_number(candidate)
        high = self.question.max
        typed = self.typed or "0"
        if high is not None and value is not None and value > high:
            return _(
                "At most {high} here: {digit} was not added. Enter confirms {typed},"
                " Backspace corrects it."
            ).format(high=_format_number(high), digit=digit, typed=typed)
        if len(candidate) > MAX_DIGITS:
            return _(
                "No more digits here: {digit} was not added. Enter confirms {typed},"
                " Backspace corrects it."
            ).format(digit=digit, typed=typed)
        return ""

    def action_erase(self) -> None:
        if self.question.type == "number" and self.typed:
            self.prefilled = False
            self.typed = self.typed[:-1]
            self._part("number-entry").update(self._number_line())
            self._clear_refusal()

    def _clear_refusal(self) -> None:
        """A digit refused is no longer the news once the number changed (another message,
        an answer not saved, stays)."""
        if self._refusal_shown:
            self._refusal_shown = False
            self.show_message("")

    def action_confirm(self) -> None:
        focused = self._highlighted()
        if isinstance(focused, AnswerRow):  # the answer the arrows or Tab highlighted
            self.choose(focused.value, f"enter:{focused.value}")
            return
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
        if value == "declined" and not self.offers_declined():
            self.show_message(
                _(
                    "This is your own observation: the person cannot decline it. Answer it,"
                    " or press D if you are not sure."
                )
            )
            return
        self.choose(value, value)

    def _highlighted(self) -> Any:
        """The answer row the arrows or Tab highlighted. Focus moves after the key is
        handled: a second key in the same read (a held or fast-repeated arrow, Down then
        Enter typed quickly) must see where the first one moved to, not where focus still is."""
        pending = self._pending_focus
        if pending is not None and pending.is_attached and pending.display:
            return pending
        return self.focused

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # Focus has caught up with the arrows, or Tab or a click moved it elsewhere.
        if event.widget is self._pending_focus or not isinstance(event.widget, AnswerRow):
            self._pending_focus = None

    def action_move_focus(self, step: int) -> None:
        """Up and Down move a visible highlight over the answers (Enter chooses it)."""
        rows = [row for row in self.query(AnswerRow) if row.display]
        if not rows:
            return
        focused = self._highlighted()
        if isinstance(focused, AnswerRow) and focused in rows:
            index = (rows.index(focused) + step) % len(rows)
        else:
            chosen = [row for row in rows if row.has_class("-chosen")]
            index = rows.index(chosen[0]) if chosen else (0 if step > 0 else len(rows) - 1)
        rows[index].focus()
        self._pending_focus = rows[index]

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

    def action_toggle_oral(self) -> None:
        toggle_oral(self)

    def action_toggle_guidance(self) -> None:
        self.toggle_class("-no-guidance")

    def action_review(self) -> None:
        self.dalil.open_review(self.question.id)

    def action_notes(self) -> None:
        self.dalil.open_notes(self.question)

    def action_case(self) -> None:
        self.dalil.open_case()


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
