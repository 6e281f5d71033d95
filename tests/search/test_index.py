"""The search tuning (scripts/hooks/search_ja.py) on small indexes, and its data against the built site.

One data file (scripts/data/search_synonyms.yml) tunes both engines: Material through the MkDocs hook,
Zensical through scripts/build_site.py. These tests run without a browser.
"""

from __future__ import annotations

import json

import pytest

from scripts.search.index import load_places, load_synonyms, tune_index, tune_zensical_index


def test_material_index_gets_katakana_tails_synonyms_and_place_words():
    data = {"config": {"lang": ["ja"], "separator": "x"},
            "docs": [{"location": "stop/store/", "title": "ストア", "text": "<p>シマンテックストアで買った</p>"},
                     {"location": "faq/#refund", "title": "返金", "text": "<p>返金を申し込めます</p>"}]}
    tuned = tune_index(data, [["返金", "払い戻し"]], {"stop/store/": ["symantec"], "faq/#refund": ["お金を返して"]})
    store, refund = tuned["docs"]
    assert "symantec" in store["kt"].split()  # a page's place words rank like its title
    assert "ストア" in store["kw"].split() or "ストアで買った" in store["kw"].split()
    assert "払い戻し" in (refund["kt"] + " " + refund["kw"]).split()  # the title says 返金
    assert "お金を返して" in refund["kw"].split()  # a section's place words, whole as typed
    assert tuned["config"]["lang"] == ["en"] and tuned["config"]["pipeline"] == []


def test_zensical_index_gets_place_words_first_and_synonyms_last():
    data = {"config": {"lang": ["ja"]},
            "items": [{"location": "faq/", "level": 1, "title": "よくある質問", "text": "<p>返金を申し込めます</p>", "path": [], "tags": []}]}
    item = tune_zensical_index(data, [["返金", "払い戻し"]], {"faq/": ["いつ止まる"]})["items"][0]
    assert item["text"].startswith("<p>いつ止まる（関連語）</p>")
    assert item["text"].endswith("<p>関連語: 払い戻し</p>")
    assert data["items"][0]["text"] == "<p>返金を申し込めます</p>", "the input is not changed"


def test_synonym_groups_are_unique_words():
    for group in load_synonyms():
        assert len(group) == len({w.lower() for w in group}), group


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_place_is_a_location_in_the_built_index(site_builds, engine):
    """A place key that a page rewrite removed would silently tune nothing: fail instead."""
    site = site_builds(engine)
    if engine == "mkdocs":
        locations = {d["location"] for d in json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]}
    else:
        locations = {i["location"] for i in json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]}
    missing = sorted(set(load_places()) - locations)
    assert not missing, f"scripts/data/search_synonyms.yml places not in the {engine} index: {missing}"


FOOTNOTED = ("<p>返金を申し込めます。<sup>3</sup></p> <ul> <li>60 日以内です。<sup>4</sup></li> </ul> "
             "<ol> <li> <p>手順の一覧です</p> </li> </ol> "
             "<ol> <li> <p>公式ページ「Each annual renewal payment is refundable.」\u00a0\u21a9</p> </li> "
             "<li> <p>公式ページ「二つめの引用」\u00a0\u21a9</p> </li> </ol>")


def test_footnotes_stay_out_of_result_excerpts_on_both_engines():
    """Issue 17: no footnote list or footnote numbers in a result's text; a real list stays."""
    material = tune_index({"config": {}, "docs": [{"location": "stop/chat/#refund", "title": "返金", "text": FOOTNOTED}]},
                          [], {})["docs"][0]
    zensical = tune_zensical_index({"config": {}, "items": [{"location": "stop/chat/#refund", "title": "返金",
                                                             "text": FOOTNOTED, "path": [], "tags": []}]}, [], {})["items"][0]
    for text in (material["text"], zensical["text"]):
        plain = text.replace("\u200b", "")
        assert "Each annual" not in plain and "引用" not in plain and "<sup>" not in plain, plain
        assert "手順の一覧です" in plain and "60 日以内です" in plain, plain
    # Material keeps the notes' words findable in its hidden keyword field.
    assert {"annual", "二つめの引用"} <= set(material["kw"].lower().split()), material["kw"]
