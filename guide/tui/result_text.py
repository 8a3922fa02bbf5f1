"""The assessment in words, in one language: used by the result screen and the text export."""

from __future__ import annotations

from typing import Any

from guide.tui.guide_text import GuideText, answer_word
from guide.tui.text import _, ngettext

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
TERM_MARKS = {True: "✔", False: "–", None: "?"}
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

    def _content(self, context: str, source: str | None) -> str:
        """A guide text by its catalog context (basis, terms), in this screen's language."""
        if not source:
            return ""
        lookup = getattr(self.texts, "_t", None)
        return lookup(context, source, self.lang) if lookup is not None else source

    def verdict_basis(self, assessment: Any) -> str:
        """“Basis: …” for the verdict, or "" when the guide gives none."""
        verdict = assessment.verdict.verdict
        basis = self._content(f"verdict.{verdict.id}.basis", getattr(verdict, "basis", None))
        return _("Basis: {basis}").format(basis=basis) if basis else ""

    def term_lines(self, assessment: Any, with_basis: bool = True) -> list[str]:
        """The named terms (act, means, purpose…) and whether they hold for this person."""
        from guide.assessment import term_results

        lines = []
        for term, held in term_results(assessment):
            label = self._content(f"term.{term.id}.label", term.label)
            state = {True: _("holds"), False: _("not shown by the answers"), None: _("not known")}[
                held
            ]
            line = f"{TERM_MARKS[held]} {label}: {state}"
            basis = self._content(f"term.{term.id}.basis", term.basis) if with_basis else ""
            if basis:
                line += "\n   " + _("Basis: {basis}").format(basis=basis)
            lines.append(line)
        return lines

    def change_set_line(self, change: Any) -> str:
        """“question” → answer (+ “question” → answer…) ⇒ the verdict they would give."""
        answers = " + ".join(
            _("“{question}” → {answer}").format(
                question=self.texts.question(question, self.lang),
                answer=self.answer_text(question, value),
            )
            for question, value in change.answers
        )
        verdict = self.texts.verdict_title(change.verdict, self.lang)
        return "• " + _("{answers} would give: {verdict}").format(answers=answers, verdict=verdict)

    def what_if_lines(self, assessment: Any, shown: int = 6) -> list[str]:
        """The answers that would change the result, fewest first, at most `shown` of them,
        then an honest word on how far the search went."""
        search = getattr(assessment, "what_if_search", None)
        if search is None or not assessment.unknowns:
            return []
        # One line for the same questions giving the same verdict (e.g. 12, 13 or 24 hours).
        distinct: dict[tuple[Any, ...], Any] = {}
        for change in search.change_sets:
            distinct.setdefault((change.question_ids, change.verdict.id), change)
        lines = [self.change_set_line(change) for change in list(distinct.values())[:shown]]
        more = len(distinct) - shown
        if more > 0:
            lines.append(
                ngettext(
                    "…and {count} more set of answers", "…and {count} more sets of answers", more
                ).format(count=more)
            )
        summary = self.search_summary(search)
        if summary:
            lines.append(summary)
        return lines

    def answer_text(self, question: Any, value: Any) -> str:
        option = question.option(value) if isinstance(value, str) else None
        if option is not None:
            return self.texts.option(question, option, self.lang)
        if isinstance(value, int | float) and not isinstance(value, bool):
            from guide.i18n.quantities import quantity

            unit = self.texts.unit(question, self.lang) if question.unit else ""
            return quantity(value, question.unit, unit, self.lang)
        return answer_word(value)

    def element_summary(self, result: Any) -> str:
        label = self.texts.element(result.element, self.lang)
        mark = "✔" if result.present else "–"
        from guide.i18n.quantities import strength_counts

        counts = strength_counts(result.counts, self.lang)
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

    @staticmethod
    def search_summary(search: Any) -> str:
        """What the search found, honestly: never "nothing matters" unless it tried it all.
        Whole sentences for the usual sizes, so that translators see each one entire."""
        return search_summary(search)

    def unknown_line(self, unknown: Any, compact: bool = False) -> str:
        """A question without an answer and what its answer would do; `compact`: one short
        line for the answers listed already under "what could change the result"."""
        question = self.texts.question(unknown.question, self.lang)
        line = f"• {question} ({STATUS_WORDS.get(unknown.status, lambda: unknown.status)()})"
        if compact and unknown.could_change:
            return line + "\n   " + _("could change the result alone")
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
        rank = getattr(unknown, "rank", None)
        if not changes and rank is not None and rank > 1:
            changes.append(
                ngettext(
                    "could change the result together with {count} other answer",
                    "could change the result together with {count} other answers",
                    rank - 1,
                ).format(count=rank - 1)
            )
        if changes:
            line += "\n   " + "\n   ".join(changes)
        return line

    def unknown_lines(self, assessment: Any, shown: int = 8, compact: bool = False) -> list[str]:
        """The unknowns that matter first (all of them), then the others up to `shown`
        lines in all, then how many more there are."""
        unknowns = list(assessment.unknowns)
        matter = [u for u in unknowns if getattr(u, "rank", None) is not None or u.could_change]
        chosen = {u.question.id for u in matter}
        rest = [u for u in unknowns if u.question.id not in chosen]
        # answers the person gave as unknown before questions not reached yet
        rest.sort(key=lambda u: u.status == "not_asked")
        listed = matter + rest[: max(0, shown - len(matter))]
        lines = [self.unknown_line(u, compact) for u in listed]
        more = len(unknowns) - len(listed)
        if more > 0:
            lines.append(
                ngettext(
                    "…and {count} more question without an answer",
                    "…and {count} more questions without an answer",
                    more,
                ).format(count=more)
            )
        return lines

    def step_lines(self, number: int, result: Any) -> list[str]:
        urgency = URGENCY_WORDS.get(result.step.urgency, lambda: result.step.urgency)()
        lines = [f"{number}. [{urgency}] {self.texts.step(result.step, self.lang)}"]
        step = result.step
        basis = self._content(f"step.{step.id}.basis", getattr(step, "basis", None))
        if basis:
            lines.append("   " + _("Basis: {basis}").format(basis=basis))
        # TRANSLATORS: a contact under a referral step; right-to-left languages point "←".
        lines += [
            "   " + _("→ {contact}").format(contact=self.texts.contact_line(c, self.lang))
            for c in result.contacts
        ]
        return lines

    def plain_report(self, assessment: Any) -> str:
        """The whole result as plain text (until the report renderers are used here)."""
        out = [
            _("Dalil — screening result"),
            self.texts.guide_title(self.guide, self.lang) + f" ({self.guide.version})",
            "",
            _("Result: {verdict}").format(verdict=self.verdict_title(assessment)),
            self.verdict_explanation(assessment),
        ]
        basis = self.verdict_basis(assessment)
        if basis:
            out.append(basis)
        terms = self.term_lines(assessment)
        if terms:
            out += ["", _("The terms behind the result"), *terms]
        out += ["", _("Elements")]
        for result in assessment.elements:
            out.append(self.element_summary(result))
            out += ["  " + line for line in self.indicator_lines(result)]
        out += ["", _("Referral steps")]
        for number, result in enumerate(assessment.steps, start=1):
            out += self.step_lines(number, result)
        what_if = self.what_if_lines(assessment, shown=20)
        if what_if:
            out += ["", _("What could change the result"), *what_if]
        if assessment.unknowns:
            out += ["", _("Still unknown")]
            out += self.unknown_lines(assessment, shown=30)
        out += ["", _("Dalil shows indicators; it does not decide that a person is a victim.")]
        return "\n".join(out) + "\n"


def search_summary(search: Any) -> str:
    """One sentence on how far the search for answers that change the result went; "" when
    it found sets and tried everything. The same sentences as the reports."""
    from guide.report.texts import what_if_summary

    return what_if_summary(search, _)


def _number_or_text(value: str) -> Any:
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number
