from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def mini_guide():
    from guide.loader import load_guide

    result = load_guide(FIXTURES / "mini")
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.guide
