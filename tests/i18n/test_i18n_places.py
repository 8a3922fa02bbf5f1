"""The extractor (YAML side) and the loaded guide (run-time side) name texts the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.i18n.extract import guide_texts
from guide.i18n.places import guide_places
from guide.loader import load_guide

REPO = Path(__file__).resolve().parents[2]
GUIDES = [
    Path(__file__).parent / "fixtures" / "guide",
    REPO / "tests" / "fixtures" / "mini",
    REPO / "indicators",
]


def _extracted(folder: Path) -> set[tuple[str, str]]:
    found = set()
    for path in folder.rglob("*.yaml"):
        found |= {(context, text) for _, context, text, _ in guide_texts(path.read_bytes())}
    return found


@pytest.mark.parametrize("folder", GUIDES, ids=lambda p: p.name)
def test_every_text_of_the_model_is_extracted_with_the_same_context(folder: Path):
    if not folder.is_dir():
        pytest.skip(f"{folder} is not in this checkout")
    result = load_guide(folder)
    assert result.guide is not None, [str(d) for d in result.diagnostics]
    from_model = {(context, text.strip()) for context, text in guide_places(result.guide)}
    assert from_model == _extracted(folder)


def test_every_context_follows_the_one_scheme():
    """The extractor, the wizard and the reports all build contexts with guide.core.text_context;
    every id the shipped catalogs hold is one that scheme can build, and nothing else is."""
    from guide.core.text_context import SCHEME, context

    pot = (Path(__file__).parents[2] / "locales" / "guide.pot").read_text(encoding="utf-8")
    contexts = [line.split('"')[1] for line in pot.splitlines() if line.startswith("msgctxt ")]
    assert contexts
    for ctx in contexts:
        kind, *middle = ctx.split(".")
        field = middle.pop()
        assert context(kind, *middle, field=field) == ctx
    with pytest.raises(ValueError):
        context("question", "q", field="note")
    with pytest.raises(ValueError):
        context("answer", "q", field="text")
    assert set(SCHEME) >= {ctx.split(".")[0] for ctx in contexts}
