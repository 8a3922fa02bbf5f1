"""Write a valid synthetic guide with N questions: `python benchmarks/make_large_guide.py N OUTDIR`.

The shape follows the real guide: modules of 50 questions in files of their own, yes/no,
choice and number questions, conditions on earlier answers, indicators in six elements,
verdicts, referral rules, contacts and a few scenarios.
"""

from __future__ import annotations

import sys
from pathlib import Path

SCHEMA = "# yaml-language-server: $schema=../guide/schema/dalil-guide.schema.json\n"
ELEMENTS = ["deceptive", "coercive", "vulnerable", "exploitation", "control", "dependency"]


def write_guide(n: int, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "modules").mkdir(exist_ok=True)
    per_module = 50
    modules = [f"m{i:04d}" for i in range((n + per_module - 1) // per_module)]
    n_ind = max(6, n // 10)
    lines = [
        SCHEMA,
        "guide:",
        "  id: synthetic",
        '  version: "1"',
        f"  title: Synthetic guide with {n} questions",
        "  source_language: en",
        "  languages: [ar, fr, en]",
        "  modules:",
    ]
    lines += [f"    - {m}" for m in modules]
    lines += [
        "  emergency_contacts: [police]",
        "scoring:",
        '  element_rule: "strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3"',
        "derived:",
        '  early_yes: "q00000 or q00001"',
        "elements:",
    ]
    lines += [f"  - {{id: {e}, label: Element {e}}}" for e in ELEMENTS]
    lines += ["indicators:"]
    strengths = ["strong", "medium", "weak"]
    for i in range(n_ind):
        s = strengths[i % 3]
        strength = s if i % 4 else f"{{adult: {s}, child: strong}}"
        lines.append(
            f"  - {{id: i{i:05d}, element: {ELEMENTS[i % 6]}, strength: {strength}, "
            f"label: Indicator number {i}}}"
        )
    lines += [
        "verdicts:",
        "  - id: grounds\n    level: high\n    title: Reasonable grounds\n"
        "    explanation: Refer now.\n    when: deceptive and exploitation and control",
        "  - id: further\n    level: medium\n    title: Assess further\n"
        "    explanation: Some indicators.\n    when: exploitation or deceptive",
        "  - id: alert\n    level: low\n    title: Stay alert\n    explanation: None found.",
        "referrals:",
        '  - id: r_grounds\n    when: verdict == "grounds"\n    steps:\n'
        "      - {id: hotline, urgency: urgent, text: Call the hotline., contacts: [hotline]}",
        "  - id: r_always\n    steps:\n      - {id: police_step, urgency: routine, "
        "text: Explain rights., contacts: [police]}",
        "contacts:",
        '  - {id: police, name: Police, phone: "19", region: national, verified: "2026-11-28"}',
        '  - {id: hotline, name: Hotline, phone: "0800 00 47 47", region: national, '
        "verified: false}",
    ]
    (out / "guide.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    q = 0
    for m in modules:
        body = [
            "modules:",
            f"  - id: {m}",
            f"    title: Module {m}",
            f"    intro: Questions of module {m}.",
            "    questions:",
        ]
        for _ in range(per_module):
            if q >= n:
                break
            qid = f"q{q:05d}"
            ind = f"i{q % n_ind:05d}"
            kind = q % 5
            body.append(f"      - id: {qid}")
            body.append(f"        text: Synthetic question number {q}, asked to the person?")
            body.append(f"        guidance: Ask gently; question {q} of the synthetic guide.")
            if q > 2 and q % 7 == 0:
                body.append(f"        when: not q{q - 1:05d} or early_yes")
            if kind == 3:
                body += [
                    "        type: choice",
                    "        answers:",
                    f"          - {{id: often, text: Often, raises: [{ind}]}}",
                    "          - {id: sometimes, text: Sometimes}",
                    "          - {id: never, text: Never}",
                ]
            elif kind == 4:
                body += [
                    "        type: number",
                    "        min: 0",
                    "        max: 24",
                    "        unit: hours",
                    "        raises_when:",
                    f'          - {{when: "value >= 12", raises: [{ind}]}}',
                ]
            else:
                body += ["        answers:", f"          yes: {{raises: [{ind}]}}"]
            q += 1
        (out / "modules" / f"{m}.yaml").write_text(
            SCHEMA.replace("../", "../../") + "\n".join(body) + "\n", encoding="utf-8"
        )
    scen = ["scenarios:"]
    for s in range(5):
        scen += [
            f"  - id: s{s}",
            f"    title: Scenario {s}",
            "    answers:",
            "      q00000: 'no'",
            "      q00001: 'no'",
            "    expect: {verdict: alert}",
        ]
    (out / "scenarios.yaml").write_text(SCHEMA + "\n".join(scen) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_large_guide.py N OUTDIR")
    write_guide(int(sys.argv[1]), Path(sys.argv[2]))
