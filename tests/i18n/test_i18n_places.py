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
