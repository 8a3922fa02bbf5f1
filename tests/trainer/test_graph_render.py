"""Draw the Mermaid output with the real Mermaid in headless Chromium (opt-in: needs
mermaid.min.js, which is not a dependency of Dalil).

    npm install mermaid@11   # anywhere, once
    DALIL_MERMAID_JS=$PWD/node_modules/mermaid/dist/mermaid.min.js pytest tests/trainer
"""

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from guide.loader import load_guide
from guide.trainer.graph import build_graph, collapsed_view, module_view, to_mermaid

from .helpers import MINI, SHIPPED

MERMAID_JS = os.environ.get("DALIL_MERMAID_JS", "")
CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)

pytestmark = pytest.mark.skipif(
    not (MERMAID_JS and Path(MERMAID_JS).is_file() and CHROMIUM),
    reason="set DALIL_MERMAID_JS to mermaid.min.js (and install Chromium) to draw with Mermaid",
)

PAGE = """<!doctype html><meta charset="utf-8"><script src="%s"></script>
<pre id="r">pending</pre><div id="work"></div><script>
mermaid.initialize({startOnLoad: false});
const texts = %s;
(async () => { const out = {};
 for (const [name, t] of texts) {
  try { const {svg} = await mermaid.render("d" + Object.keys(out).length, t, document.getElementById("work"));
        const box = document.createElement("div"); box.innerHTML = svg;
        out[name] = {ok: true, labels: [...box.querySelectorAll(".nodeLabel")].map(x => x.textContent)}; }
  catch (e) { out[name] = {ok: false, error: String(e.message || e)}; } }
 document.getElementById("r").textContent = JSON.stringify(out); })();
</script>"""


def _draw(tmp_path: Path, texts: dict[str, str]) -> dict:
    page = tmp_path / "page.html"
    page.write_text(
        PAGE % (Path(MERMAID_JS).as_uri(), json.dumps(list(texts.items()))), encoding="utf-8"
    )
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=60000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = re.search(r'<pre id="r">(.*?)</pre>', result.stdout, re.S)
    assert found and found.group(1) != "pending", result.stderr[-2000:]
    return json.loads(html.unescape(found.group(1)))


def test_mermaid_draws_every_view(tmp_path):
    mini = build_graph(load_guide(MINI).guide)
    texts = {
        "mini": to_mermaid(mini),
        "mini-collapse": to_mermaid(collapsed_view(mini)),
        "mini-module": to_mermaid(module_view(mini, "work")),
    }
    if SHIPPED.is_dir():
        shipped = build_graph(load_guide(SHIPPED).guide)
        texts["shipped"] = to_mermaid(shipped)
        texts["shipped-collapse"] = to_mermaid(collapsed_view(shipped))
    drawn = _draw(tmp_path, texts)
    for name in texts:
        assert drawn[name]["ok"], (name, drawn[name])
    assert any(label.startswith("paid") for label in drawn["mini"]["labels"])


def test_mermaid_draws_tricky_labels_as_written(tmp_path):
    text = (MINI / "guide.yaml").read_text(encoding="utf-8")
    tricky = 'Is "the person" [in] {danger} <now> & | # `x` \\ ok — خطر؟'
    text = text.replace("text: Is the person in danger now?", "text: '" + tricky + "'")
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "guide.yaml").write_text(text, encoding="utf-8")
    drawn = _draw(tmp_path, {"tricky": to_mermaid(build_graph(load_guide(tmp_path / "g").guide))})
    assert drawn["tricky"]["ok"], drawn
    label = next(x for x in drawn["tricky"]["labels"] if "the person" in x)
    assert re.sub(r"\s+", "", tricky) in re.sub(r"\s+", "", label)
