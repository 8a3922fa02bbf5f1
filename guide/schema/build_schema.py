"""Source of guide/schema/dalil-guide.schema.json. Run `python -m guide.schema.build_schema`
after a change: it writes the JSON and the fast validator's generated code (_validator.py).

Written in Python so that descriptions are not repeated by hand; the JSON file is what ships,
what editors use and what the loader validates with. A test checks the two agree.
"""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_ID = "https://dalil.example.org/schema/dalil-guide/1.json"
ID_PATTERN = "^[a-z][a-z0-9_]*$"
# The loader tells which of these a value failed (guide/loader/schema_messages.py).
PHONE_PATTERN = "^[0-9+][0-9 ]{1,24}$"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
LANGUAGE_PATTERN = "^[a-z]{2,3}(_[A-Z]{2})?$"


def _id(what: str) -> dict:
    return {
        "type": "string",
        "pattern": ID_PATTERN,
        "maxLength": 64,
        "description": f"Stable id of the {what}: lower_snake_case, unique in the guide.",
    }


def _text(what: str, max_length: int = 4000) -> dict:
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": max_length,
        "description": f"{what} Written in the source language; translations live in locales/.",
    }


def _condition(what: str) -> dict:
    return {
        "type": ["string", "boolean"],
        "minLength": 1,
        "maxLength": 2000,
        "description": f"{what} A condition in Dalil's expression language (docs/format.md).",
    }


def _ids(what: str) -> dict:
    return {
        "type": "array",
        "items": {"type": "string", "pattern": ID_PATTERN},
        "uniqueItems": True,
        "description": what,
    }


STRENGTH = {"enum": ["strong", "medium", "weak"]}


def _basis(what: str) -> dict:
    return _text(
        f"The legal or professional ground of {what}: an article of the law, an ILO/EC list, "
        'a WHO principle, or "guide policy — configurable".',
        500,
    )


SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "Dalil screening guide file",
    "description": "One file of a Dalil indicator guide. A guide is a folder of such files.",
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {
        "guide": {"$ref": "#/$defs/guide"},
        "scoring": {"$ref": "#/$defs/scoring"},
        "derived": {
            "type": "object",
            "description": "Named conditions, usable in other conditions as if they were answers.",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {
                "anyOf": [
                    _condition("The derived name holds when this holds."),
                    {"$ref": "#/$defs/term"},
                ]
            },
        },
        "invariants": {
            "type": "array",
            "items": {"$ref": "#/$defs/invariant"},
            "description": "Properties every possible interview must satisfy; `dalil test` "
            "searches for counterexamples.",
        },
        "elements": {
            "type": "array",
            "items": {"$ref": "#/$defs/element"},
            "description": "The elements indicators add up to (the ILO/EC six, or others).",
        },
        "indicators": {
            "type": "array",
            "items": {"$ref": "#/$defs/indicator"},
            "description": "Indicators, each in one element, with its strength.",
        },
        "modules": {
            "type": "array",
            "items": {"$ref": "#/$defs/module"},
            "description": "Ordered groups of questions; the order is guide.modules.",
        },
        "verdicts": {
            "type": "array",
            "items": {"$ref": "#/$defs/verdict"},
            "minItems": 1,
            "description": "Ordered: the first verdict whose condition holds is the result.",
        },
        "referrals": {
            "type": "array",
            "items": {"$ref": "#/$defs/referral"},
            "description": "Decision table: every rule that holds adds its steps.",
        },
        "contacts": {
            "type": "array",
            "items": {"$ref": "#/$defs/contact"},
            "description": "The directory: organisations and numbers.",
        },
        "scenarios": {
            "type": "array",
            "items": {"$ref": "#/$defs/scenario"},
            "description": "Trainers' tests: answers and the expected outcome.",
        },
    },
    "$defs": {
        "guide": {
            "type": "object",
            "additionalProperties": False,
            "description": "Guide metadata. Exactly one file of the guide has this section.",
            "required": ["id", "version", "title", "source_language", "languages", "modules"],
            "properties": {
                "id": _id("guide"),
                "version": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 32,
                    "description": 'Version of the guide content, e.g. "1.2.0".',
                },
                "title": _text("Title of the guide.", 200),
                "source_language": {
                    "type": "string",
                    "pattern": LANGUAGE_PATTERN,
                    "description": "Language the texts in the YAML are written in.",
                },
                "languages": {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": {"type": "string", "pattern": LANGUAGE_PATTERN},
                    "description": "Languages the interview is offered in.",
                },
                "modules": _ids("The modules in the order the interview takes them."),
                "emergency_contacts": _ids("Contacts shown by the emergency key."),
            },
        },
        "scoring": {
            "type": "object",
            "additionalProperties": False,
            "description": "How indicators add up to elements.",
            "required": ["element_rule"],
            "properties": {
                "element_rule": _condition(
                    "Default rule for an element to be present; names strong, medium, weak."
                ),
                "child_when": _condition("When this holds, indicators use their child strength."),
                "sexual_list_when": _condition(
                    "When this holds, indicators use their grade in the sexual-exploitation "
                    "lists (strength.sexual), where they have one."
                ),
            },
        },
        "element": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "label"],
            "description": "An element (dimension) of trafficking.",
            "properties": {
                "id": _id("element"),
                "label": _text("Short name shown in the result.", 200),
                "description": _text("What the element means, for the officer."),
                "group": {
                    "type": "string",
                    "pattern": ID_PATTERN,
                    "description": "A tag for trainers (e.g. recruitment).",
                },
                "present_when": _condition(
                    "Overrides scoring.element_rule for this element; names strong, medium, weak."
                ),
            },
        },
        "strength": {
            "description": "How strongly the indicator points to trafficking; may differ for "
            "children, and in the sexual-exploitation lists.",
            "oneOf": [
                STRENGTH,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["adult", "child"],
                    "properties": {
                        "adult": {**STRENGTH, "description": "Grade for adults."},
                        "child": {**STRENGTH, "description": "Grade for children."},
                        "sexual": {
                            "description": "Grade in the ILO/EC sexual-exploitation lists, "
                            "where it differs (used when scoring.sexual_list_when holds).",
                            "oneOf": [
                                STRENGTH,
                                {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": ["adult", "child"],
                                    "properties": {
                                        "adult": {**STRENGTH, "description": "Adults."},
                                        "child": {**STRENGTH, "description": "Children."},
                                    },
                                },
                            ],
                        },
                    },
                },
            ],
        },
        "indicator": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "element", "strength", "label"],
            "description": "An indicator, raised by answers.",
            "properties": {
                "id": _id("indicator"),
                "element": {
                    "type": "string",
                    "pattern": ID_PATTERN,
                    "description": "The element this indicator belongs to.",
                },
                "strength": {"$ref": "#/$defs/strength"},
                "label": _text("Short label used in the explanation of the result.", 300),
            },
        },
        "module": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title", "questions"],
            "description": "An ordered group of questions.",
            "properties": {
                "id": _id("module"),
                "title": _text("Title shown while the module is asked.", 200),
                "intro": _text("Text shown (or read aloud) before the first question."),
                "intro_for": {
                    "enum": ["person", "officer"],
                    "description": (
                        "Who the intro is for: 'person' (read aloud to the person, shown in "
                        "the person's language) or 'officer' (an instruction, shown in the "
                        "officer's language only). Default: person."
                    ),
                },
                "when": _condition("The module is asked only when this holds."),
                "questions": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"$ref": "#/$defs/question"},
                    "description": "The questions, in order.",
                },
            },
        },
        "answer_settings": {
            "type": "object",
            "additionalProperties": False,
            "description": "What an answer does.",
            "properties": {
                "raises": _ids("Indicators this answer raises."),
                "urgent": {
                    "type": "boolean",
                    "description": "The answer interrupts with the emergency steps.",
                },
                "note": _text("Shown to the officer after this answer."),
            },
        },
        "choice": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "text"],
            "description": "One answer of a choice question.",
            "properties": {
                "id": _id("answer"),
                "text": _text("The answer as read to the person.", 300),
                "raises": _ids("Indicators this answer raises."),
                "urgent": {
                    "type": "boolean",
                    "description": "The answer interrupts with the emergency steps.",
                },
                "note": _text("Shown to the officer after this answer."),
            },
        },
        "replacement": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id"],
            "description": "An earlier id of the question, and how its answers read now.",
            "properties": {
                "id": {"type": "string", "pattern": ID_PATTERN, "description": "The earlier id."},
                "answers": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"type": ["string", "boolean"]},
                    "description": (
                        "Earlier answer id -> answer id now; an earlier answer left out is "
                        "asked again."
                    ),
                },
            },
        },
        "number_rule": {
            "type": "object",
            "additionalProperties": False,
            "required": ["when", "raises"],
            "description": "Raise indicators when the number answered meets a condition.",
            "properties": {
                "when": _condition("Uses `value`, the number answered."),
                "raises": _ids("Indicators raised when the condition holds."),
                "urgent": {"type": "boolean", "description": "Interrupt with the emergency steps."},
            },
        },
        "question": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "text"],
            "description": "A question asked to the person, or an observation by the officer.",
            "properties": {
                "id": _id("question"),
                "kind": {
                    "enum": ["ask", "observe"],
                    "description": "ask: read to the person; observe: the officer's own observation.",
                },
                "type": {
                    "enum": ["yes_no", "choice", "number"],
                    "description": "Kind of answer; yes_no by default.",
                },
                "text": _text("The question as read to the person (or the observation).", 600),
                "guidance": _text("For the officer: how to ask without harm, what to watch for."),
                "when": _condition("The question is asked only when this holds."),
                "answers": {
                    "description": "yes_no: settings for yes and no; choice: the list of answers."
                },
                "min": {"type": "number", "description": "Smallest number accepted."},
                "max": {"type": "number", "description": "Largest number accepted."},
                "unit": _text("Unit shown beside the number, e.g. hours.", 40),
                "raises_when": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/number_rule"},
                    "description": "Number questions: indicators raised by value.",
                },
                "replaces": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "anyOf": [
                            {"type": "string", "pattern": ID_PATTERN},
                            {"$ref": "#/$defs/replacement"},
                        ]
                    },
                    "description": (
                        "Ids this question had in earlier versions of the guide (or, with "
                        "`answers`, answer ids it no longer has): a saved interview's answers "
                        "to them are read as answers to this question."
                    ),
                },
            },
            "allOf": [
                {
                    "if": {"required": ["type"], "properties": {"type": {"const": "choice"}}},
                    "then": {
                        "required": ["answers"],
                        "properties": {
                            "answers": {
                                "type": "array",
                                "minItems": 2,
                                "maxItems": 9,
                                "items": {"$ref": "#/$defs/choice"},
                            },
                            "min": False,
                            "max": False,
                            "unit": False,
                            "raises_when": False,
                        },
                    },
                },
                {
                    "if": {"required": ["type"], "properties": {"type": {"const": "number"}}},
                    "then": {"properties": {"answers": False}},
                },
                {
                    "if": {
                        "anyOf": [
                            {"not": {"required": ["type"]}},
                            {"properties": {"type": {"const": "yes_no"}}},
                        ]
                    },
                    "then": {
                        "properties": {
                            "answers": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {
                                    "yes": {"$ref": "#/$defs/answer_settings"},
                                    "no": {"$ref": "#/$defs/answer_settings"},
                                },
                            },
                            "min": False,
                            "max": False,
                            "unit": False,
                            "raises_when": False,
                        }
                    },
                },
            ],
        },
        "verdict": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "level", "title", "explanation"],
            "description": "A possible result. The first whose condition holds is chosen.",
            "properties": {
                "id": _id("verdict"),
                "level": {
                    "enum": ["high", "medium", "unknown", "low", "none"],
                    "description": "How serious: sets colour and order. unknown: the result "
                    "could not be assessed (no consent, too few answers).",
                },
                "title": _text("The verdict in plain words.", 300),
                "explanation": _text("What the officer may conclude, and may not."),
                "when": _condition("Holds for this verdict; the last verdict has none."),
                "basis": _basis("the verdict's rule"),
            },
        },
        "term": {
            "type": "object",
            "additionalProperties": False,
            "required": ["when"],
            "description": "A derived name with words of its own (e.g. the act, the means, the "
            "purpose of the law), shown among the reasons of a result.",
            "properties": {
                "when": _condition("The term holds when this holds."),
                "label": _text("The term in plain words.", 200),
                "explanation": _text("What the term means for the officer."),
                "basis": _basis("the term"),
                "shown_when": _condition(
                    "The term is listed among the reasons of a result only when this holds "
                    "(e.g. child, for a term about children)."
                ),
            },
        },
        "invariant": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title"],
            "description": "A property of every possible interview: either `require` (when "
            "`when` holds) or a `monotone` change of one answer.",
            "properties": {
                "id": _id("invariant"),
                "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 300,
                    "description": "What must always hold, in plain words.",
                },
                "when": _condition("The invariant is checked on results where this holds."),
                "require": _condition(
                    "Must hold for every result (where `when` holds). May use verdict, "
                    "step(step_id) and every name of referral rules."
                ),
                "monotone": {
                    "enum": ["more_signs", "unknown_to_no"],
                    "description": "more_signs: changing one answer to one that raises more "
                    "indicators never lowers the verdict's level; unknown_to_no: changing an "
                    "unknown answer to one that raises nothing never raises it.",
                },
                "basis": _basis("the invariant"),
            },
        },
        "step": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "urgency", "text"],
            "description": "A referral step.",
            "properties": {
                "id": _id("step"),
                "urgency": {
                    "enum": ["immediate", "urgent", "soon", "routine"],
                    "description": "Steps are shown in this order of urgency.",
                },
                "text": _text("What to do.", 1000),
                "contacts": _ids("Directory contacts for this step."),
                "basis": _basis("the step"),
            },
        },
        "step_ref": {
            "type": "object",
            "additionalProperties": False,
            "required": ["ref"],
            "description": "Reuse a step written in another rule.",
            "properties": {
                "ref": {"type": "string", "pattern": ID_PATTERN, "description": "Id of the step."}
            },
        },
        "referral": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "steps"],
            "description": "A referral rule: when it holds, it adds its steps.",
            "properties": {
                "id": _id("referral rule"),
                "when": _condition("The rule applies when this holds; always, if absent."),
                "steps": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"anyOf": [{"$ref": "#/$defs/step_ref"}, {"$ref": "#/$defs/step"}]},
                    "description": "Steps added by the rule.",
                },
            },
        },
        "contact": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "name", "region", "verified"],
            "description": "An organisation or number in the directory.",
            "properties": {
                "id": _id("contact"),
                "name": _text("Name of the organisation or service.", 200),
                "phone": {
                    "type": "string",
                    "pattern": PHONE_PATTERN,
                    "description": "Phone number as dialled; never invented. Absent for templates.",
                },
                "region": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 80,
                    "description": "national, or the region the contact serves.",
                },
                "hours": _text("When it can be reached.", 200),
                "verified": {
                    "description": "Date the number was last checked (YYYY-MM-DD), or false: to verify before use.",
                    "oneOf": [
                        {"type": "string", "pattern": DATE_PATTERN},
                        {"const": False},
                    ],
                },
                "source": {
                    "type": "string",
                    "maxLength": 500,
                    "description": "Where the number comes from.",
                },
                "note": _text("Shown with the contact.", 500),
            },
        },
        "scenario": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title", "answers", "expect"],
            "description": "A trainer's test case.",
            "properties": {
                "id": _id("scenario"),
                "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 300,
                    "description": "What the case is.",
                },
                "description": {
                    "type": "string",
                    "maxLength": 4000,
                    "description": "The story behind the case.",
                },
                "answers": {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"type": ["string", "number", "boolean"]},
                    "description": "Answers by question id.",
                },
                "expect": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["verdict"],
                    "description": "The expected outcome.",
                    "properties": {
                        "verdict": {
                            "type": "string",
                            "pattern": ID_PATTERN,
                            "description": "Expected verdict id.",
                        },
                        "elements": _ids("Exactly the elements expected present."),
                        "steps": _ids("Exactly the referral steps expected."),
                        "steps_include": _ids("Referral steps expected among others."),
                        "indicators_include": _ids("Indicators expected raised among others."),
                        "steps_exclude": _ids("Referral steps that must not be among the steps."),
                        "terms_shown": _ids(
                            "Named terms expected among the reasons of the result, holding "
                            "(for example where and when the signs were found)."
                        ),
                        "urgent": {
                            "type": "boolean",
                            "description": "Whether an urgent answer is expected.",
                        },
                    },
                },
            },
        },
    },
}


def schema_path() -> Path:
    return Path(__file__).with_name("dalil-guide.schema.json")


def render() -> str:
    return json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    from guide.schema.generate_validator import write_validator

    schema_path().write_text(render(), encoding="utf-8")
    write_validator(schema_path())  # the fast validator's code, generated from the JSON
