"""The assessment in words, in one language: used by the result screen and the text export."""

from __future__ import annotations

from typing import Any

from guide.tui.guide_text import GuideText, answer_word
from guide.tui.text import _

URGENCY_WORDS = {
    "immediate": lambda: _("now"),
    "urgent": lambda: _("urgent"),
    "soon": lambda: _("soon"),
    "routine": lambda: _("routine"),
}
STRENGTH_WORDS = {
    "strong": lambda: _("strong"),
    "medium": lambda: _("medium"),
    "weak": lambda: _("weak"),
}
STATUS_WORDS = {
    "not_asked": lambda: _("not asked"),
    "dont_know": lambda: _("don't know"),
    "declined": lambda: _("declined"),
    "skipped": lambda: _("skipped"),
}


class ResultText:
    def __init__(self, guide: Any, texts: GuideText, lang: str) -> None:
        self.guide = guide
        self.texts = texts
        self.lang = lang

    def verdict_title(self, assessment: Any) -> str:
        return self.texts.verdict_title(assessment.verdict.verdict, self.lang)

    def verdict_explanation(self, assessment: Any) -> str:
        return self.texts.verdict_explanation(assessment.verdict.verdict, self.lang)

    def answer_text(self, question: Any, value: Any) -> str:
        option = question.option(value) if isinstance(value, str) else None
        if option is not None:
            return self.texts.option(question, option, self.lang)
        if isinstance(value, int | float) and not isinstance(value, bool):
            unit = self.texts.unit(question, self.lang)
            return f"{value:g} {unit}".strip()
        return answer_word(value)

    def element_summary(self, result: Any) -> str:
        label = self.texts.element(result.element, self.lang)
        mark = "✔" if result.present else "–"
        counts = ", ".join(
            f"{result.counts.get(s, 0)} {STRENGTH_WORDS[s]()}" for s in ("strong", "medium", "weak")
        )
        state = _("present") if result.present else _("not present")
        return f"{mark} {label}: {state} ({counts})"

    def indicator_lines(self, result: Any) -> list[str]:
        lines = []
        for raised in result.indicators:
            label = self.texts.indicator(raised.indicator, self.lang)
            lines.append(f"• {label} ({STRENGTH_WORDS[raised.strength]()})")
            for qid, value in raised.sources:
                question = self.guide.question(qid)
                lines.append(
                    "   "
                    + _("because: “{question}” → {answer}").format(
                        question=self.texts.question(question, self.lang),
                        answer=self.answer_text(question, value),
                    )
                )
        return lines

    def unknown_line(self, unknown: Any) -> str:
        question = self.texts.question(unknown.question, self.lang)
        line = f"• {question} ({STATUS_WORDS.get(unknown.status, lambda: unknown.status)()})"
        changes = []
        for value, verdict_id in unknown.could_change:
            verdict = next((v for v in self.guide.verdicts if v.id == verdict_id), None)
            title = self.texts.verdict_title(verdict, self.lang) if verdict else verdict_id
            changes.append(
                _("“{answer}” would give: {verdict}").format(
                    answer=self.answer_text(unknown.question, _number_or_text(value)),
                    verdict=title,
                )
            )
        if changes:
            line += "\n   " + "\n   ".join(changes)
        return line

    def step_lines(self, number: int, result: Any) -> list[str]:
        urgency = URGENCY_WORDS.get(result.step.urgency, lambda: result.step.urgency)()
        lines = [f"{number}. [{urgency}] {self.texts.step(result.step, self.lang)}"]
        lines += [f"   → {self.texts.contact_line(c, self.lang)}" for c in result.contacts]
        return lines

    def plain_report(self, assessment: Any) -> str:
        """The whole result as plain text (until the report renderers are used here)."""
        out = [
            _("Dalil — screening result"),
            self.texts.guide_title(self.guide, self.lang) + f" ({self.guide.version})",
            "",
            _("Result: {verdict}").format(verdict=self.verdict_title(assessment)),
            self.verdict_explanation(assessment),
            "",
            _("Elements"),
        ]
        for result in assessment.elements:
            out.append(self.element_summary(result))
            out += ["  " + line for line in self.indicator_lines(result)]
        out += ["", _("Referral steps")]
        for number, result in enumerate(assessment.steps, start=1):
            out += self.step_lines(number, result)
        answered_unknowns = [u for u in assessment.unknowns if u.status != "not_asked"]
        if answered_unknowns or any(u.could_change for u in assessment.unknowns):
            out += ["", _("Still unknown")]
            out += [
                self.unknown_line(u)
                for u in assessment.unknowns
                if u.status != "not_asked" or u.could_change
            ]
        out += ["", _("Dalil shows indicators; it does not decide that a person is a victim.")]
        return "\n".join(out) + "\n"


def _number_or_text(value: str) -> Any:
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number
