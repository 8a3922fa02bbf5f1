"""Write tests/broken: one small guide per diagnostic code, the bad line marked `# <-- CODE`."""

from pathlib import Path

BASE = """guide:
  id: broken_example
  version: "1"
  title: Broken example
  source_language: en
  languages: [en]
  modules: [main]
  emergency_contacts: [police]
scoring:
  element_rule: "strong >= 1"
derived:
  late: "asked_late"
elements:
  - {id: exploitation, label: Exploitation}
indicators:
  - {id: no_pay, element: exploitation, strength: strong, label: Not paid}
modules:
  - id: main
    title: Main
    questions:
      - id: paid
        text: Are you paid?
        answers:
          no: {raises: [no_pay]}
      - id: age
        type: choice
        text: Age?
        answers:
          - {id: child, text: Under 18}
          - {id: adult, text: 18 or older}
      - id: asked_late
        text: Last question?
verdicts:
  - id: grounds
    level: high
    title: Grounds
    explanation: Refer.
    when: exploitation
  - id: alert
    level: low
    title: Stay alert
    explanation: Nothing found.
referrals:
  - id: always
    steps:
      - {id: call, urgency: immediate, text: Call., contacts: [police]}
contacts:
  - {id: police, name: Police, phone: "19", region: national, verified: "2026-11-28"}
scenarios:
  - id: s1
    title: Not paid
    answers: {paid: no}
    expect: {verdict: grounds, elements: [exploitation], steps: [call]}
"""


def case(name, old, new, code):
    assert old in BASE, (name, old)
    text = BASE.replace(old, new, 1)
    lines = text.split("\n")
    out = []
    for line in lines:
        if "@@" in line:
            line = line.replace("@@", "") + f"  # <-- {code}"
        out.append(line)
    return name, "\n".join(out)


cases = [
    case("Y001-syntax", "    title: Not paid\n", "    title: Not paid: really@@\n", "Y001"),
    case("Y006-alias", "  languages: [en]\n", "  languages: &langs [en]@@\n", "Y006"),
    case("Y007-tag", '  version: "1"\n', "  version: !!str 1@@\n", "Y007"),
    case(
        "Y008-duplicate-key",
        "    title: Grounds\n",
        "    title: Grounds\n    title: Grounds again@@\n",
        "Y008",
    ),
    case("Y009-two-documents", "scoring:\n", "---@@\nscoring:\n", "Y009"),
    case("Y010-key-not-text", "scoring:\n", "? [a, b]@@\n: 1\nscoring:\n", "Y010"),
    case("S001-unknown-key", "    title: Main\n", "    title: Main\n    tittle: Main@@\n", "S001"),
    case(
        "S001-not-for-yes-no",
        "        text: Are you paid?\n",
        "        text: Are you paid?\n        min: 1@@\n",
        "S001",
    ),
    case(
        "S002-missing-key",
        "  - id: alert\n    level: low\n    title: Stay alert\n",
        "  - id: alert@@\n    level: low\n",
        "S002",
    ),
    case("S003-wrong-type", "  languages: [en]\n", "  languages: en@@\n", "S003"),
    case("S004-bad-id", "      - id: asked_late\n", "      - id: Asked-Late@@\n", "S004"),
    case("S004-bad-enum", "    level: low\n", "    level: lowest@@\n", "S004"),
    case(
        "S004-bad-phone",
        'phone: "19", region: national, verified: "2026-11-28"}',
        'phone: "nineteen", region: national, verified: "2026-11-28"}@@',
        "S004",
    ),
    case("G001-duplicate-id", "      - id: age\n", "      - id: paid@@\n", "G001"),
    case(
        "G002-unknown-indicator",
        "          no: {raises: [no_pay]}\n",
        "          no: {raises: [no_payment]}@@\n",
        "G002",
    ),
    case(
        "G002-unknown-contact",
        "  emergency_contacts: [police]\n",
        "  emergency_contacts: [polise]@@\n",
        "G002",
    ),
    case(
        "G003-condition-syntax", "    when: exploitation\n", "    when: exploitation &&@@\n", "G003"
    ),
    case("G004-unknown-name", "    when: exploitation\n", "    when: exploitaton@@\n", "G004"),
    case(
        "G005-later-question",
        "        text: Age?\n",
        "        text: Age?\n        when: asked_late@@\n",
        "G005",
    ),
    case(
        "G005-derived-later",
        "        text: Age?\n",
        "        text: Age?\n        when: late@@\n",
        "G005",
    ),
    case(
        "G006-cycle",
        '  late: "asked_late"\n',
        '  late: "asked_late or loop"@@\n  loop: "late"\n',
        "G006",
    ),
    case(
        "G007-never-asked",
        "        text: Last question?\n",
        "        text: Last question?\n        when: 1 > 2@@\n",
        "G007",
    ),
    case(
        "G008-unreachable-verdict",
        "    when: exploitation\n",
        "    when: true\n  - id: never@@\n    level: medium\n    title: Never\n    explanation: Never reached.\n    when: exploitation\n",
        "G008",
    ),
    case(
        "G009-indicator-never-raised",
        "  - {id: no_pay, element: exploitation, strength: strong, label: Not paid}\n",
        "  - {id: no_pay, element: exploitation, strength: strong, label: Not paid}\n  - {id: orphan, element: exploitation, strength: weak, label: Nobody raises me}@@\n",
        "G009",
    ),
    case("G010-no-such-answer", "    when: exploitation\n", '    when: age == "teen"@@\n', "G010"),
    case(
        "G011-guide-missing",
        'guide:\n  id: broken_example\n  version: "1"\n  title: Broken example\n  source_language: en\n  languages: [en]\n  modules: [main]\n  emergency_contacts: [police]\nscoring:\n',
        "scoring:@@\n",
        "G011",
    ),
    case("G012-module-not-listed", "  modules: [main]\n", "  modules: [main, extra]@@\n", "G012"),
    case(
        "G013-last-verdict-conditional",
        "    explanation: Nothing found.\n",
        "    explanation: Nothing found.\n    when: not exploitation@@\n",
        "G013",
    ),
    case(
        "G014-element-without-indicators",
        "  - {id: exploitation, label: Exploitation}\n",
        "  - {id: exploitation, label: Exploitation}\n  - {id: empty, label: Empty}@@\n",
        "G014",
    ),
    case(
        "G015-scenario-bad-answer",
        "    answers: {paid: no}\n",
        "    answers: {paid: maybe}@@\n",
        "G015",
    ),
    case(
        "G016-scenario-unknown-verdict",
        "    expect: {verdict: grounds, elements: [exploitation], steps: [call]}\n",
        "    expect: {verdict: grounds_now, elements: [exploitation], steps: [call]}@@\n",
        "G016",
    ),
    case(
        "G017-step-twice",
        "      - {id: call, urgency: immediate, text: Call., contacts: [police]}\n",
        "      - {id: call, urgency: immediate, text: Call., contacts: [police]}\n  - id: again\n    steps:\n      - {id: call, urgency: urgent, text: Call later.}@@\n",
        "G017",
    ),
    case(
        "G018-empty-range",
        "        text: Last question?\n",
        "        text: Last question?\n      - id: hours\n        type: number\n        text: Hours?\n        min: 10@@\n        max: 5\n",
        "G018",
    ),
    case(
        "G021-invariant-both",
        "scenarios:\n",
        "invariants:\n  - id: both@@\n    title: Both at once\n    require: true\n    monotone: more_signs\nscenarios:\n",
        "G021",
    ),
    case(
        "G022-sexual-grade-unused",
        "  - {id: no_pay, element: exploitation, strength: strong, label: Not paid}\n",
        "  - id: no_pay\n    element: exploitation\n    strength:\n      adult: strong\n      child: strong\n      sexual: medium@@\n    label: Not paid\n",
        "G022",
    ),
    case(
        "G024-replaces-a-question-still-there",
        "      - id: asked_late\n        text: Last question?\n",
        "      - id: asked_late\n        replaces: [paid]@@\n        text: Last question?\n",
        "G024",
    ),
    case(
        "G020-contact-unused",
        '  - {id: police, name: Police, phone: "19", region: national, verified: "2026-11-28"}\n',
        '  - {id: police, name: Police, phone: "19", region: national, verified: "2026-11-28"}\n  - {id: spare, name: Spare, region: national, verified: false}@@\n',
        "G020",
    ),
]
out = Path("tests/broken")
for name, text in cases:
    (out / f"{name}.yaml").write_text(text, encoding="utf-8")
(out / "Y002-tab.yaml").write_text(BASE.replace("    title: Main\n", "\ttitle: Main  # <-- Y002\n"))
# 40 mappings deep is the limit: the 41st opens on line 41
deep = (
    "guide:\n"
    + "".join(
        "  " * i + f"k{i}:" + ("  # <-- Y005" if i == 40 else "") + "\n" for i in range(1, 45)
    )
    + "  " * 45
    + "x: 1\n"
)
(out / "Y005-deep.yaml").write_text(deep)
(out / "Y012-empty.yaml").write_text("# nothing here  # <-- Y012\n")
print(len(cases) + 3)
