"""Start the screening wizard (what `dalil` does with no command)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from guide.i18n import _

# `dalil sessions resume ID` hands over to the wizard with args.resume, args.data_dir and
# args.passphrase_file.
SUPPORTS_RESUME = True


def add_wizard_options(parser: argparse.ArgumentParser) -> None:
    """The top-level options of `dalil` that only the wizard uses."""
    from guide.i18n.languages import language_codes

    codes = language_codes()
    group = parser.add_argument_group(_("screening wizard"))
    group.add_argument(
        "--lang",
        choices=codes,
        help=_("start straight in this language ({languages})").format(languages=", ".join(codes)),
    )
    group.add_argument(
        "--person-lang",
        choices=codes,
        help=_("the person's language, when it differs from yours: each question is shown in both"),
    )
    group.add_argument(
        "--guide",
        metavar="PATH",
        type=Path,
        help=_("the guide folder (default: the shipped guide)"),
    )
    group.add_argument(
        "--bidi",
        choices=("auto", "app", "terminal"),
        default="auto",
        help=_("who orders Arabic text: Dalil (app), the terminal, or chosen by terminal (auto)"),
    )
    group.add_argument(
        "--theme", choices=("default", "high-contrast"), default="default", help=_("colours")
    )
    group.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=_("unlock the saved interviews with the passphrase in FILE instead of typing it"),
    )


def run_wizard(args: argparse.Namespace) -> int:
    guide_dir = getattr(args, "guide", None)
    if guide_dir is not None:
        try:
            is_folder = Path(guide_dir).is_dir()
        except OSError:  # a name too long, a loop of links
            is_folder = False
        if not is_folder:
            print(
                "dalil: "
                + _("'{folder}' is not a guide folder (no such folder).").format(
                    folder=str(guide_dir)[:200]
                ),
                file=sys.stderr,
            )
            return 2
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        print(_("dalil: the wizard needs an interactive terminal."), file=sys.stderr)
        return 2
    from guide.tui.app import run
    from guide.tui.options import WizardOptions

    options = WizardOptions(
        lang=getattr(args, "lang", None),
        person_lang=getattr(args, "person_lang", None),
        guide_dir=guide_dir,
        bidi=getattr(args, "bidi", "auto") or "auto",
        theme=getattr(args, "theme", "default") or "default",
        resume=getattr(args, "resume", None),
        data_dir=_path_or_none(getattr(args, "data_dir", None)),
        passphrase_file=_path_or_none(getattr(args, "passphrase_file", None)),
    )
    return run(options)


def _path_or_none(value: object) -> Path | None:
    return Path(str(value)) if value else None
