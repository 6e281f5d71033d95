"""The search tuning (scripts/search/index.py, tinyseg.py) on small indexes, and its data on the built sites.

One data file (scripts/data/search_synonyms.yml) tunes both engines, through scripts/build_site.py. No browser.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from scripts import ROOT
from scripts.search.index import JA_RUN, MATERIAL_INDEX, ZENSICAL_INDEX, load_tuning, tune_index, tune_zensical_index
from scripts.search.tinyseg import TinySegmenter, model_path

GROUPS, PLACES = load_tuning()
INDEX = {"mkdocs": MATERIAL_INDEX, "zensical": ZENSICAL_INDEX}
FOOTNOTED = ("<p>返金を申し込めます。<sup>3</sup></p> <ul> <li>60 日以内です。<sup>4</sup></li> </ul> "
             "<ol> <li> <p>手順の一覧です</p> </li> </ol> "
             "<ol> <li> <p>公式ページ「Each annual renewal payment is refundable.」\u00a0\u21a9</p> </li> "
             "<li> <p>公式ページ「二つめの引用」\u00a0\u21a9</p> </li> </ol>")


def material(docs: list[tuple[str, str, str]], groups=(), places=None) -> list[dict]:
    """Tune a Material index of (location, title, text) documents; return the tuned documents."""
    tuned = tune_index({"config": {"lang": ["ja"], "separator": "x"}, "docs": [
        {"location": loc, "title": title, "text": text} for loc, title, text in docs]}, list(groups), places)
    assert tuned["config"]["lang"] == ["en"] and tuned["config"]["pipeline"] == []  # no in-browser segmenter
    return tuned["docs"]


def zensical(items: list[tuple[str, str, str]], groups=(), places=None) -> list[dict]:
    """Tune a Zensical index of (location, title, text) items; return the tuned items."""
    index = {"config": {}, "items": [{"location": loc, "level": 1, "title": title, "text": text, "path": [], "tags": []}
                                     for loc, title, text in items]}
    tuned = tune_zensical_index(index, list(groups), places)
    assert [i["text"] for i in index["items"]] == [text for _, _, text in items], "the input is not changed"
    return tuned["items"]


def test_material_index_gets_katakana_tails_synonyms_and_place_words():
    store, refund = material([("stop/store/", "ストア", "<p>シマンテックストアで買った</p>"),
                              ("faq/#refund", "返金", "<p>返金を申し込めます</p>")],
                             [["返金", "払い戻し"]], {"stop/store/": ["symantec"], "faq/#refund": ["お金を返して"]})
    assert "symantec" in store["kt"].split()  # a page's place words rank like its title
    assert "ストア" in store["kw"].split() or "ストアで買った" in store["kw"].split()
    assert "払い戻し" in (refund["kt"] + " " + refund["kw"]).split()  # the title says 返金
    assert "お金を返して" in refund["kw"].split()  # a section's place words, whole as typed


def test_zensical_index_gets_place_words_first_and_synonyms_last():
    item, = zensical([("faq/", "よくある質問", "<p>返金を申し込めます</p>")], [["返金", "払い戻し"]], {"faq/": ["いつ止まる"]})
    assert item["text"].startswith("<p>いつ止まる（関連語）</p>")
    assert item["text"].endswith("<p>関連語: 払い戻し</p>")


def test_footnotes_stay_out_of_result_excerpts_on_both_engines():
    """Issue 17: no footnote list or footnote numbers in a result's text; a real list stays."""
    doc, = material([("stop/chat/#refund", "返金", FOOTNOTED)])
    item, = zensical([("stop/chat/#refund", "返金", FOOTNOTED)])
    for text in (doc["text"], item["text"]):
        plain = text.replace("\u200b", "")
        assert "Each annual" not in plain and "引用" not in plain and "<sup>" not in plain, plain
        assert "手順の一覧です" in plain and "60 日以内です" in plain, plain
    # Material keeps the notes' words findable in its hidden keyword field.
    assert {"annual", "二つめの引用"} <= set(doc["kw"].lower().split()), doc["kw"]


def test_segments_like_materials_tinyseg_js():
    """The build-time words are the browser's: Material's tinyseg.js in Node splits the site's text alike."""
    runs = JA_RUN.findall((ROOT / "docs" / "faq.md").read_text(encoding="utf-8"))
    assert len(runs) > 100
    script = (f"const l = {{}}; require({json.dumps(str(model_path()))})(l); const s = new l.TinySegmenter();"
              f"console.log(JSON.stringify({json.dumps(runs, ensure_ascii=False)}.map(t => s.segment(t))));")
    browser = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
    assert [TinySegmenter().segment(run) for run in runs] == browser


def test_synonym_groups_are_unique_words():
    for group in GROUPS:
        assert len(group) == len({w.lower() for w in group}), group


@pytest.mark.parametrize("engine", INDEX)
def test_the_built_index_carries_the_data_file(site_builds, engine):
    """Every place is a location of the built index (a key that a page rewrite removed would silently
    tune nothing); on Zensical, whose words are visible text, a synonym group is there whole or not at all."""
    index = json.loads((site_builds(engine) / INDEX[engine]).read_text(encoding="utf-8"))
    entries = index["docs" if engine == "mkdocs" else "items"]
    missing = sorted(set(PLACES) - {e["location"] for e in entries})
    assert not missing, f"scripts/data/search_synonyms.yml places not in the {engine} index: {missing}"
    if engine == "zensical":
        text = " ".join(e["text"] for e in entries)
        assert "関連語:" in text
        for group in GROUPS:
            assert all(w in text for w in group) or not any(w in text for w in group), group
