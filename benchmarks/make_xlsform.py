"""Write an XLSForm equivalent to `make_large_guide.py N`, for pyxform's `xls2xform` as the
anchor of `dalil validate`: `python benchmarks/make_xlsform.py N OUT.xlsx`.

The same questions in the same modules (one group each), the same three kinds (yes/no,
a three-answer choice, a number 0-24 with a constraint), the same conditions on earlier
answers (`relevant`), a text and a hint per question, in three languages (en, fr, ar) as
the guide is translated, and the indicators as calculations. Needs openpyxl (installed
with pyxform).
"""

from __future__ import annotations

import sys
from pathlib import Path


def write_xlsform(n: int, out: Path) -> None:
    from openpyxl import Workbook

    per_module = 50
    n_ind = max(6, n // 10)
    langs = (("English", "en"), ("French", "fr"), ("Arabic", "ar"))
    book = Workbook(write_only=True)
    survey = book.create_sheet("survey")
    survey.append(
        [
            "type",
            "name",
            *(f"label::{name} ({code})" for name, code in langs),
            *(f"hint::{name} ({code})" for name, code in langs),
            "relevant",
            "constraint",
            "calculation",
        ]
    )

    def row(kind: str, name: str, label: str, hint: str = "", **extra: str) -> list[str]:
        return [
            kind,
            name,
            *(f"{label} [{code}]" if label else "" for _, code in langs),
            *(f"{hint} [{code}]" if hint else "" for _, code in langs),
            extra.get("relevant", ""),
            extra.get("constraint", ""),
            extra.get("calculation", ""),
        ]

    raised: dict[str, list[str]] = {}
    q = 0
    for m in range((n + per_module - 1) // per_module):
        survey.append(row("begin_group", f"m{m:04d}", f"Module m{m:04d}"))
        for _ in range(per_module):
            if q >= n:
                break
            qid = f"q{q:05d}"
            ind = f"i{q % n_ind:05d}"
            extra = {}
            if q > 2 and q % 7 == 0:
                extra["relevant"] = (
                    f"${{q{q - 1:05d}}} != 'yes' or ${{q00000}} = 'yes' or ${{q00001}} = 'yes'"
                )
            text = f"Synthetic question number {q}, asked to the person?"
            hint = f"Ask gently; question {q} of the synthetic guide."
            kind = q % 5
            if kind == 3:
                survey.append(row("select_one often_list", qid, text, hint, **extra))
                raised.setdefault(ind, []).append(f"${{{qid}}} = 'often'")
            elif kind == 4:
                extra["constraint"] = ". >= 0 and . <= 24"
                survey.append(row("integer", qid, text, hint, **extra))
                raised.setdefault(ind, []).append(f"${{{qid}}} >= 12")
            else:
                survey.append(row("select_one yes_no", qid, text, hint, **extra))
                raised.setdefault(ind, []).append(f"${{{qid}}} = 'yes'")
            q += 1
        survey.append(row("end_group", "", ""))
    for ind, conditions in sorted(raised.items()):
        survey.append(row("calculate", ind, "", calculation=f"if({' or '.join(conditions)}, 1, 0)"))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *(f"label::{name} ({code})" for name, code in langs)])
    for list_name, names in (
        ("yes_no", ("yes", "no", "dont_know")),
        ("often_list", ("often", "sometimes", "never", "dont_know")),
    ):
        for name in names:
            choices.append([list_name, name, *(f"{name} [{code}]" for _, code in langs)])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language"])
    settings.append([f"Synthetic guide with {n} questions", "synthetic", "English (en)"])
    book.save(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_xlsform.py N OUT.xlsx")
    write_xlsform(int(sys.argv[1]), Path(sys.argv[2]))
