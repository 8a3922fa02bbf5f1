"""dalil graph: the guide as a map (Mermaid or Graphviz DOT)."""

from __future__ import annotations

import argparse
import shutil
import sys

from guide.commands.common import add_guide_argument, load_or_report
from guide.i18n import N_, _
from guide.i18n.lazy import translated
from guide.i18n.oserrors import os_reason


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "graph",
        help=_("draw the guide as a flow (Mermaid or Graphviz DOT)"),
        description=_(
            "Print the guide as a graph: modules and questions in interview order "
            "with the conditions on the arrows, the indicators each answer raises, the elements "
            "they feed, the verdicts and referral rules that read them, and the steps. "
            "Mermaid renders in Markdown viewers that support it; DOT in Graphviz "
            "(dot -Tsvg guide.dot -o guide.svg); --format svg runs Graphviz for you."
        ),
    )
    add_guide_argument(p)
    p.add_argument(
        "--format",
        choices=["mermaid", "dot", "svg"],
        default="mermaid",
        help=_("mermaid (default), dot, or svg (drawn by Graphviz's dot, which must be installed)"),
    )
    view = p.add_mutually_exclusive_group()
    view.add_argument(
        "--module", metavar="M", help=_("one module, with what its answers feed down to the steps")
    )
    view.add_argument(
        "--collapse",
        action="store_true",
        help=_("one node per module, indicators folded into their elements (for big guides)"),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("write to FILE instead of stdout; a .md file gets a ```mermaid block"),
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import difflib

    from guide.trainer.graph import (
        big_graph_note,
        build_graph,
        collapsed_view,
        mermaid_too_big,
        module_view,
        render,
    )

    dot_program = None
    if args.format == "svg":
        if args.output is None and sys.stdout.isatty():
            # A drawing is for a browser, and Graphviz's bytes are not Dalil's to vouch for
            # on a terminal (they are filtered like all output, but never meant for it).
            print(_(SVG_NOT_TO_A_TERMINAL), file=sys.stderr)
            return 2
        dot_program = shutil.which("dot")
        if dot_program is None:
            print(_(GRAPHVIZ_MISSING), file=sys.stderr)
            return 2

    result = load_or_report(args, with_tests=False)  # the map has no scenarios
    if result.guide is None:
        print(_("The guide has errors; fix them first (dalil validate)."), file=sys.stderr)
        return 1
    guide = result.guide
    graph = build_graph(guide)
    if args.module:
        if args.module not in guide.module_by_id:
            close = difflib.get_close_matches(args.module, list(guide.module_by_id), n=1)
            modules = ", ".join(m.id for m in guide.modules)
            if close:
                text = _(
                    "There is no module '{module}'. Did you mean '{close}'? Modules: {modules}"
                )
            else:
                text = _("There is no module '{module}'. Modules: {modules}")
            print(
                text.format(module=args.module, close=close[0] if close else "", modules=modules),
                file=sys.stderr,
            )
            return 2
        graph = module_view(graph, args.module)
    elif args.collapse:
        graph = collapsed_view(graph)
    text = render(graph, "dot" if args.format == "svg" else args.format)
    if args.format == "mermaid":
        note = mermaid_too_big(graph, text)
    else:
        note = "" if args.module or args.collapse else big_graph_note(graph)
    if note:
        print(translated(note), file=sys.stderr)
    if dot_program is not None:
        svg = _draw_svg(dot_program, text)
        if svg is None:
            return 2
        text = svg
    if args.output is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (head, less) stopped early: not an error. Point stdout at devnull
            # so the interpreter's final flush does not fail again (Python docs, "signal").
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if args.output.endswith(".md") and args.format != "svg":
        fence = "mermaid" if args.format == "mermaid" else "dot"
        text = f"# {graph.title}\n\n```{fence}\n{text}```\n"
    from guide.safe_files import write_output

    try:
        write_output(args.output, text)
    except OSError as exc:
        print(
            _("Cannot write {file}: {problem}.").format(
                file=args.output[:300], problem=translated(os_reason(exc))
            ),
            file=sys.stderr,
        )
        return 2
    print(_("Wrote {file}.").format(file=args.output), file=sys.stderr)
    return 0


SVG_NOT_TO_A_TERMINAL = N_(
    "--format svg writes a drawing, not text for the terminal: give a file with -o, for "
    "example -o guide.svg, then open it in a browser."
)
GRAPHVIZ_MISSING = N_(
    "--format svg needs Graphviz's 'dot' program, and it is not installed (not found on "
    "PATH). Install Graphviz (Debian/Ubuntu: sudo apt install graphviz; macOS: brew install "
    "graphviz; Windows: https://graphviz.org/download/), or write DOT with --format dot and "
    "draw it on a computer that has Graphviz."
)


def _draw_svg(dot_program: str, dot_text: str) -> str | None:
    """The picture drawn by Graphviz, or None (after saying why) when it fails."""
    import subprocess  # here: every command imports this module at start-up

    try:
        done = subprocess.run(
            [dot_program, "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        print(
            _("Cannot run Graphviz ({program}): {problem}").format(
                program=dot_program, problem=translated(os_reason(exc))
            ),
            file=sys.stderr,
        )
        return None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        print(
            _("Graphviz could not draw the guide (exit {code}): {reason}").format(
                code=done.returncode, reason=reason[-1] if reason else _("no message")
            ),
            file=sys.stderr,
        )
        return None
    return done.stdout.decode("utf-8", "replace")
