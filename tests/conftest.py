from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def mini_guide():
    from guide.loader import load_guide

    result = load_guide(FIXTURES / "mini")
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.guide


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    """Tests never write to the user's cache folder (catalog cache)."""
    import os

    old = os.environ.get("DALIL_CACHE_DIR")
    os.environ["DALIL_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("DALIL_CACHE_DIR", None)
    else:
        os.environ["DALIL_CACHE_DIR"] = old
