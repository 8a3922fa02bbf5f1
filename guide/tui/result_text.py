"""The result screen's lines: the result view (guide.report.result_view) in one language.

The words are the ones every front end uses (`guide.report.result_view`): a step reads
"[Immediate]" here as in the report, a contact has its region, note and verification here
as in the report. This module only decides the lines and their marks (✔, •, →).
"""

from __future__ import annotations

from typing import Any

from guide.report.result_view import (
    ChangeSetLine,
    ElementLine,
    ResultView,
    StepLine,
    UnknownLine,
    Words,
    term_mark,
)
from guide.tui.guide_text import GuideText, contact_text
from guide.tui.text import _, ngettext


class ResultText:
    def __init__(self, guide: Any, texts: GuideText, lang: str) -> None:
        self.guide = guide
        self.texts = texts
        self.lang = lang
        self.words = Words(lang, texts.lookup, _)

    def verdict_title(self, view: ResultView) -> str:
        return self.words.text(view.verdict.title)

    def verdict_explanation(self, view: ResultView) -> str:
        return self.words.text(view.verdict.explanation)

    def verdict_basis(self, view: ResultView) -> str:
        """“Basis: …” for the verdict, or "" when the guide gives none."""
        basis = self.words.text(view.verdict.basis)
        return _("Basis: {basis}").format(basis=basis) if basis else ""

    def term_lines(self, view: ResultView, with_basis: bool = True) -> list[str]:
        """The named terms (act, means, purpose…) and whether they hold for this person."""
        lines = []
        for term in view.terms:
            label = self.words.text(term.label)
            state = self.words.term_state(term.holds)
            line = f"{term_mark(term.holds, _)} {self.words.labelled(label, state)}"
            basis = self.words.text(term.basis) if with_basis else ""
            if basis:
                line += "\n   " + _("Basis: {basis}").format(basis=basis)
            lines.append(line)
        return lines

    def change_set_line(self, change: ChangeSetLine) -> str:
        """“question” → answer (+ “question” → answer…) ⇒ the verdict they would give."""
        answers = " + ".join(
            _("“{question}” → {answer}").format(
                question=self.words.text(ref.question), answer=self.words.answer(ref)
            )
            for ref in change.answers
        )
        verdict = self.words.text(change.verdict.title)
        return "• " + _("{answers} would give: {verdict}").format(answers=answers, verdict=verdict)

    def what_if_lines(self, view: ResultView, shown: int = 6) -> list[str]:
        """The answers that would change the result, fewest first, at most `shown` of them,
        then an honest word on how far the search went."""
        if view.what_if is None or not view.unknowns:
            return []
        distinct = view.what_if.distinct()
        lines = [self.change_set_line(change) for change in distinct[:shown]]
        more = len(distinct) - shown
        if more > 0:
            lines.append(
                ngettext(
                    "…and {count} more set of answers", "…and {count} more sets of answers", more
                ).format(count=more)
            )
        summary = search_summary(view.what_if)
        if summary:
            lines.append(summary)
        return lines

    def element_summary(self, element: ElementLine) -> str:
        label = self.words.text(element.label)
        mark = "✔" if element.present else "–"
        counts = self.words.counts(element)
        state = self.words.element_state(element.present)
        return f"{mark} {self.words.labelled(label, state)} ({counts})"

    def indicator_lines(self, element: ElementLine) -> list[str]:
        lines = []
        for indicator in element.indicators:
            label = self.words.text(indicator.label)
            lines.append(f"• {label} ({self.words.strength(indicator.strength)})")
            for ref in indicator.raised_by:
                lines.append(
                    "   "
                    + _("because: “{question}” → {answer}").format(
                        question=self.words.text(ref.question), answer=self.words.answer(ref)
                    )
                )
        return lines

    def unknown_line(self, unknown: UnknownLine, compact: bool = False) -> str:
        """A question without an answer and what its answer would do; `compact`: one short
        line for the answers listed already under "what could change the result"."""
        question = self.words.text(unknown.question)
        line = f"• {question} ({self.words.status(unknown.reason)})"
        if compact and unknown.could_change:
            return line + "\n   " + _("could change the result alone")
        changes = [
            _("“{answer}” would give: {verdict}").format(
                answer=self.words.answer(ref), verdict=self.words.text(verdict.title)
            )
            for ref, verdict in unknown.could_change
        ]
        if not changes and unknown.rank is not None and unknown.rank > 1:
            changes.append(
                ngettext(
                    "could change the result together with {count} other answer",
                    "could change the result together with {count} other answers",
                    unknown.rank - 1,
                ).format(count=unknown.rank - 1)
            )
        if changes:
            line += "\n   " + "\n   ".join(changes)
        return line

    def unknown_lines(self, view: ResultView, shown: int = 8, compact: bool = False) -> list[str]:
        """The unknowns that matter first (all of them), then the others up to `shown`
        lines in all, then how many more there are."""
        ordered = view.unknowns_that_matter_first()
        matter = sum(1 for u in ordered if u.matters)
        listed = ordered[: max(shown, matter)]
        lines = [self.unknown_line(u, compact) for u in listed]
        more = len(ordered) - len(listed)
        if more > 0:
            lines.append(
                ngettext(
                    "…and {count} more question without an answer",
                    "…and {count} more questions without an answer",
                    more,
                ).format(count=more)
            )
        return lines

    def step_lines(self, number: int, step: StepLine) -> list[str]:
        lines = [f"{number}. [{self.words.urgency(step)}] {self.words.text(step.text)}"]
        basis = self.words.text(step.basis)
        if basis:
            lines.append("   " + _("Basis: {basis}").format(basis=basis))
        # TRANSLATORS: a contact under a referral step; right-to-left languages point "←".
        lines += [
            "   " + _("→ {contact}").format(contact=contact_text(c, self.words))
            for c in step.contacts
        ]
        return lines


def search_summary(search: Any) -> str:
    """One sentence on how far the search for answers that change the result went; "" when
    it found sets and tried everything. The same sentences as the reports."""
    from guide.report.texts import what_if_summary

    return what_if_summary(search, _)
