"""dalil new-scenario: walk the interview at a plain prompt and save the answers as a
scenario, with the outcome the guide gives today filled in for the trainer to review."""

from __future__ import annotations

import argparse
import re
import sys
from typing import IO, TYPE_CHECKING, Any

from guide.commands.common import add_guide_argument, load_or_report
from guide.i18n import N_, _
from guide.i18n.lazy import translated
from guide.i18n.oserrors import os_reason

if TYPE_CHECKING:
    from guide.core.assessment import Assessment
    from guide.core.engine import Interview
    from guide.core.model import Guide, Question

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
HELP = N_(
    "Answer as the person in your scenario would: the number or the id of an answer "
    "(y/n for yes/no), a number for number questions; ? = don't know, - = declined, "
    "s = skip, b = back, q = stop here and save."
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new-scenario",
        help=_("write a scenario by walking the interview at a plain prompt"),
        description=_(
            "Ask the guide's questions one by one (stdin/stdout), then save the "
            "answers given as a scenario in the docs/format.md format, with the verdict, "
            "elements, steps and urgency the guide gives for them, for you to review."
        ),
    )
    add_guide_argument(p)
    p.add_argument("-o", "--output", metavar="FILE", help=_("save here (default: print it)"))
    p.add_argument("--id", dest="scenario_id", help=_("the scenario's id (asked if not given)"))
    p.add_argument("--title", help=_("the scenario's title (asked if not given)"))
    p.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    p.set_defaults(func=run)


class Prompt:
    """The conversation, on any pair of text streams (tests feed stdin)."""

    def __init__(self, guide: Guide, stdin: IO[str], stdout: IO[str]) -> None:
        self.guide = guide
        self.stdin = stdin
        self.stdout = stdout
        self.eof = False

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def ask(self, prompt: str) -> str | None:
        """One line of input, stripped; None at the end of input."""
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.eof = True
            self.say()
            return None
        if not self.stdin.isatty():
            self.say(line.rstrip("\n"))  # echo piped input, so the transcript reads well
        return line.strip()

    # ---------------------------------------------------------------- interview
    def interview(self) -> Interview:
        from guide.core.engine import AnswerError, Interview

        iv = Interview(self.guide)
        self.say(_(HELP))
        module = None
        while (q := iv.current()) is not None:
            if q.module != module:
                module = q.module
                m = self.guide.module_by_id[module]
                self.say(f"\n== {m.title} ==")
                if m.intro:
                    self.say(m.intro)
            self.show(q, iv)
            reply = self.ask("> ")
            if reply is None or reply.lower() == "q":
                break
            try:
                urgent = self.apply(iv, q, reply)
            except AnswerError as exc:
                self.say(f"  {exc}. {_(HELP)}")
                continue
            for uq, value in urgent:
                contacts = ", ".join(
                    self.guide.contacts[c].name for c in self.guide.emergency_contacts
                )
                if contacts:
                    text = _(
                        "URGENT: '{question}' = {value} calls for the emergency steps ({contacts})."
                    )
                else:
                    text = _("URGENT: '{question}' = {value} calls for the emergency steps.")
                self.say("  " + text.format(question=uq.id, value=value, contacts=contacts))
        return iv

    def show(self, q: Question, iv: Interview) -> None:
        answered, remaining = iv.progress()
        observe = " " + _("(observe)") if q.kind == "observe" else ""
        progress = _("{answered} answered, ~{remaining} to go").format(
            answered=answered, remaining=remaining
        )
        self.say(f"\n[{q.id}]{observe} {q.text}   ({progress})")
        if q.guidance:
            self.say("  " + _("guidance: {guidance}").format(guidance=q.guidance))
        previous = iv.answers.get(q.id)
        if previous is not None:
            self.say("  " + _("current answer: {answer}").format(answer=previous))
        if q.type == "number":
            low = "" if q.min is None else " " + _("from {low}").format(low=f"{q.min:g}")
            high = "" if q.max is None else " " + _("to {high}").format(high=f"{q.max:g}")
            unit = f" ({q.unit})" if q.unit else ""
            self.say("  " + _("a number") + f"{low}{high}{unit}")
        else:
            for n, opt in enumerate(q.options, start=1):
                text = f" — {opt.text}" if opt.text else ""
                self.say(f"  {n}) {opt.id}{text}")

    def apply(self, iv: Interview, q: Question, reply: str) -> list[tuple[Question, Any]]:
        from guide.core.engine import AnswerError
        from guide.core.model import DECLINED, DONT_KNOW

        lowered = reply.lower()
        if lowered == "b":
            iv.back()
            return []
        if lowered in ("s", "skip", "skipped"):
            iv.skip(q.id)
            return []
        if lowered in ("?", DONT_KNOW):
            return iv.answer(q.id, DONT_KNOW)
        if lowered in ("-", DECLINED):
            return iv.answer(q.id, DECLINED)
        if q.type == "number":
            return iv.answer(q.id, reply)  # the engine reads the number and checks the range
        if reply.isdigit() and 1 <= int(reply) <= len(q.options):
            return iv.answer(q.id, q.options[int(reply) - 1].id)
        if q.type == "yes_no" and lowered in ("y", "n"):
            return iv.answer(q.id, "yes" if lowered == "y" else "no")
        if q.option(lowered) is None:
            raise AnswerError(
                _("'{reply}' is not an answer to '{question}'").format(reply=reply, question=q.id)
            )
        return iv.answer(q.id, lowered)

    # ---------------------------------------------------------------- naming
    def scenario_id(self, given: str | None) -> str:
        taken = {s.id for s in self.guide.scenarios}
        default = "new_scenario"
        n = 2
        while default in taken:
            default = f"new_scenario_{n}"
            n += 1
        candidate = given
        while True:
            if candidate is None:
                if self.eof:
                    return default
                candidate = self.ask(_("Scenario id [{default}]: ").format(default=default))
                if not candidate:
                    return default
            if not ID_PATTERN.match(candidate):
                self.say(
                    "  " + _("Ids are lower_snake_case: a-z, 0-9 and _, starting with a letter.")
                )
            elif candidate in taken:
                self.say("  " + _("The guide already has a scenario '{id}'.").format(id=candidate))
            else:
                return candidate
            candidate = None

    def title(self, given: str | None) -> str:
        default = "Scenario written with dalil new-scenario"
        if given:
            return given
        if self.eof:
            return default
        return self.ask(_("Title [{default}]: ").format(default=default)) or default


# --------------------------------------------------------------------------- YAML


def yaml_scalar(value: Any) -> str:
    """A value written so that Dalil's YAML reader gives it back unchanged."""
    import json

    from guide.loader.yamlio import resolve_plain

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if ID_PATTERN.match(text) and resolve_plain(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def scenario_yaml(
    guide: Guide,
    iv: Interview,
    a: Assessment,
    scenario_id: str,
    title: str,
    schema_ref: str | None = None,
) -> str:
    state = iv.state()
    lines = []
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines += [
        f"# Written by dalil new-scenario from guide {guide.id} {guide.version}.",
        "# The expectation is what the guide gives today: check that it is what it should give.",
        "scenarios:",
        f"  - id: {scenario_id}",
        f"    title: {yaml_scalar(title)}",
    ]
    if state.active:
        lines.append("    answers:")
        lines += [f"      {qid}: {yaml_scalar(v)}" for qid, v in state.active.items()]
    else:
        lines.append("    answers: {}")
    raised = [r.indicator.id for r in a.indicators]
    lines += [
        "    expect:",
        f"      verdict: {a.verdict.verdict.id}",
        f"      elements: [{', '.join(a.present_elements)}]",
        f"      steps: [{', '.join(a.step_ids)}]",
        f"      urgent: {yaml_scalar(bool(a.urgent))}",
    ]
    if raised:
        lines.append(f"      # indicators raised: {', '.join(raised)}")
    return "\n".join(lines) + "\n"


def _schema_ref(output: str) -> str:
    import os

    import guide.schema

    schema = os.path.join(os.path.dirname(guide.schema.__file__), "dalil-guide.schema.json")
    return os.path.relpath(schema, os.path.dirname(os.path.abspath(output))).replace(os.sep, "/")


def run(
    args: argparse.Namespace, stdin: IO[str] | None = None, stdout: IO[str] | None = None
) -> int:
    import os

    from guide.core.assessment import assess

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if args.output and os.path.exists(args.output) and not args.force:
        print(
            _("{file} exists; give another file, or --force to replace it.").format(
                file=args.output
            ),
            file=sys.stderr,
        )
        return 2
    if args.scenario_id is not None and not ID_PATTERN.match(args.scenario_id):
        print(_("--id: ids are lower_snake_case (a-z, 0-9 and _)."), file=sys.stderr)
        return 2
    result = load_or_report(args)
    if result.guide is None:
        print(_("The guide has errors; fix them first (dalil validate)."), file=sys.stderr)
        return 1
    guide = result.guide
    prompt = Prompt(guide, stdin, stdout)
    iv = prompt.interview()
    if prompt.eof and not iv.answers:
        # The input ended before any answer (Ctrl-D, or an empty pipe): nothing to keep.
        print(_("No answer was given: no scenario written."), file=sys.stderr)
        return 1
    a = assess(guide, iv.state())
    none = _("none")
    prompt.say("\n" + _("Outcome with these answers:"))
    verdict = f"{a.verdict.verdict.id} — {a.verdict.verdict.title}"
    prompt.say("  " + _("verdict: {verdict}").format(verdict=verdict))
    elements = ", ".join(a.present_elements) or none
    prompt.say("  " + _("elements present: {elements}").format(elements=elements))
    prompt.say("  " + _("steps: {steps}").format(steps=", ".join(a.step_ids) or none))
    prompt.say("  " + _("urgent: {urgent}").format(urgent=_("yes") if a.urgent else _("no")))
    sid = prompt.scenario_id(args.scenario_id)
    title = prompt.title(args.title)
    if not args.output:
        prompt.say("")
        prompt.say(scenario_yaml(guide, iv, a, sid, title).rstrip("\n"))
        return 0
    text = scenario_yaml(guide, iv, a, sid, title, _schema_ref(args.output))
    from guide.safe_files import write_output

    try:
        folder = os.path.dirname(os.path.abspath(args.output))
        os.makedirs(folder, exist_ok=True)
        write_output(args.output, text)
    except OSError as exc:
        print(
            _("Cannot write {file}: {problem}.").format(
                file=args.output[:300], problem=translated(os_reason(exc))
            ),
            file=sys.stderr,
        )
        return 2
    prompt.say(
        _("Saved scenario '{id}' to {file}. Review it, then run: dalil test").format(
            id=sid, file=args.output
        )
    )
    for hint in _placement_hints(guide.root, args.output):
        prompt.say(hint)
    return 0


def _placement_hints(guide_root: str, output: str) -> list[str]:
    """`dalil test` runs only scenarios in the guide's *.yaml files: say so when the file
    would not be read."""
    from pathlib import Path

    hints = []
    out = Path(output).resolve()
    if out.suffix not in (".yaml", ".yml"):
        hints.append(_("Note: the guide reads only .yaml files; rename it to end in .yaml."))
    root = Path(guide_root).resolve()
    if root.is_dir() and root not in out.parents:
        hints.append(
            _(
                "Note: the file is outside the guide folder {folder}; move it into "
                "its scenarios/ folder for dalil test to run it."
            ).format(folder=guide_root)
        )
    return hints
