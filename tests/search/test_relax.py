"""docs/assets/javascripts/workers/search-relax.js: both engines' search keeps the words the site knows.

The worker runs in Node (scripts/search/harness.cjs) around the engine's worker of a real build, and
each rule is checked against the engine's worker alone (`native`). Planted indexes (a few sections
with chosen words, in the site's own search config) pin the rules down; the real indexes check the
wiring and Zensical's pagination. Each index answers all its QUERIES in one Node run per mode.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scripts.search.recall import run_harness

SECTIONS = [("refund/", "返金の条件", "購入から六十日以内なら返金を受けられます。"),  # Zensical, planted
            ("order/", "注文番号を探す", "メールの件名で注文番号を探します。"),
            ("chat/", "チャットで止める", "チャットの窓口で自動延長を止めてもらいます。"),
            ("safety/", "安全のために", "偽の電話番号に注意してください。"),
            ("chat-refund/", "チャットで返金", "チャットで返金を頼みます。"),
            ("store/", "ストアの注文", "ストアの注文履歴を開きます。")]
PAGES = [("retail/", "パッケージ 版 を 止める", "箱 で 買っ た パッケージ 版 の 話 です 。"),  # Material, planted
         ("refund/", "返金 の 条件", "六十 日 以内 なら 返金 を 受け られ ます 。"),  # (spaces become U+200B,
         ("chat/", "チャット で 止める", "チャット の 窓口 で 止め て もらい ます 。"),  # as the tuning marks
         ("notes/", "メモ", "チャット で 返金 を 頼む 時 の 話 です 。")]  # words)
TYPED_APART = ["注文番号 の", "解約 を", "返金 が", "チャット で"]  # a particle typed on its own
COMMON = ["注文番号", "チャット", "自動延長", "注文番号 メール", "解約"]
LEFT_ALONE = ["注文番号", "自動延長", "+注文番号 -チャット", "チャット 返金~1", "nortonstore"]
TYPED_TOGETHER = {"マイアカウント": "stop/account/", "ちゅうもんばんごうがみつからない": "order-number/"}
RESORTED = ["チャット 返金", "注文番号 メール 件名", "ノートン 解約 電話番号", "パソコン 止めたい"]
QUERIES = {
    "planted": ["注文番号 ピヨピヨ", "注文番号", "返金 注文番号", "チャット 返金", "注文 履歴 ピヨピヨ"],
    "zensical": COMMON + ["返金", "注文番号 ペット"] + TYPED_APART,  # plain ones first: nothing relaxed before them
    "planted-mkdocs": ["パッケージ版", "チャットで", "チャット", "返金 チャット"],
    "mkdocs": LEFT_ALONE + list(TYPED_TOGETHER) + RESORTED,
}


def ask(site: Path, steps: list[dict], native: bool = False) -> list[dict]:
    return run_harness([site], steps, *["--native"] * native)[0]


def planted(built: Path, tmp: Path, index: str) -> Path:
    """A copy of the build's scripts with the planted index, in the build's own search config."""
    shutil.copytree(built / "assets" / "javascripts", tmp / "assets" / "javascripts")
    if index == "planted":
        name, data = "search.json", {"items": [{"location": loc, "level": 1, "title": title, "text": f"<p>{text}</p>",
                                                 "path": [title], "tags": []} for loc, title, text in SECTIONS]}
    else:
        name, data = "search/search_index.json", {"docs": [{"location": loc, "title": title.replace(" ", "\u200b"),
                                                             "text": "<p>" + text.replace(" ", "\u200b") + "</p>"}
                                                            for loc, title, text in PAGES]}
    data["config"] = json.loads((built / name).read_text(encoding="utf-8"))["config"]
    (tmp / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp


@pytest.fixture(scope="module")
def answers(site_builds, tmp_path_factory):
    """answers(index)[query] -> (answer with search-relax.js, answer of the engine alone)."""
    cache: dict[str, dict] = {}

    def get(index: str) -> dict:
        if index not in cache:
            site = site_builds("mkdocs" if index.endswith("mkdocs") else "zensical")
            if index.startswith("planted"):
                site = planted(site, tmp_path_factory.mktemp(index), index)
            steps = [{"q": q} for q in QUERIES[index]]
            cache[index] = dict(zip(QUERIES[index], zip(ask(site, steps), ask(site, steps, native=True))))
        return cache[index]

    return get


@pytest.mark.parametrize("index, query", [("zensical", q) for q in COMMON] + [("mkdocs", q) for q in LEFT_ALONE])
def test_known_words_get_the_engines_own_answer(answers, index, query):
    """Zensical: every word known and three or more hits. Material: known words, or lunr's query syntax."""
    mine, native = answers(index)[query]
    assert native["total"] >= 3, f"{query}: pick a query the engine answers with 3 or more hits"
    assert mine == native


@pytest.mark.parametrize("index, typed, kept", [
    ("planted", "注文番号 ピヨピヨ", "注文番号"),  # Zensical alone: nothing, once one word is not on the site
    ("zensical", "注文番号 ペット", "注文番号"),  # or its fuzzy guess (ペット → unrelated sections)
    *[("zensical", q, q.split()[0]) for q in TYPED_APART],  # a lone kana narrows Zensical's answer
    ("planted-mkdocs", "チャットで", "チャット"),  # Material alone: nothing for a word no site word starts
])
def test_what_the_site_lacks_is_let_go(answers, index, typed, kept):
    (mine, native), (alone, _) = answers(index)[typed], answers(index)[kept]
    assert mine == alone and alone["total"] > 0
    assert native.get("locations", []) != alone["locations"], "the engine alone no longer shows the problem"


def test_zensical_lists_sections_holding_some_words_rarest_first(answers):
    """No section holds 返金 and 注文番号: Zensical ANDs them to nothing, here both are listed. Sections
    holding every word come first; then, as 注文 is in two sections and 履歴 in one, 履歴's before 注文's."""
    (mine, native), both, rare = (answers("planted")[q] for q in ["返金 注文番号", "チャット 返金", "注文 履歴 ピヨピヨ"])
    assert native.get("total", 0) == 0 and {"refund/", "order/"} <= set(mine["locations"]), mine
    assert both[0]["locations"][0] == "chat-refund/" and {"refund/", "chat/"} <= set(both[0]["locations"][1:])
    assert rare[0]["locations"][0] == "store/" and "order/" in rare[0]["locations"][1:], rare[0]


@pytest.fixture(scope="module")
def paged(zensical_site) -> list[dict]:
    return ask(zensical_site, [{"q": "注文番号 ピヨピヨ"}] + [{"more": True}] * 5
               + [{"q": "返金 注文番号 ピヨピヨ"}, {"q": "チャット"}])


def test_relaxed_answers_page_like_zensical(paged):
    pages = [paged[0]] + [p for p in paged[1:6] if not p.get("none")]
    ids = [i for p in pages for i in p["ids"]]
    assert pages[0]["total"] > 10 and not pages[0]["prev"] and pages[0]["next"]
    assert len(ids) == len(set(ids)) == pages[0]["total"], "pages overlap or miss rows"
    assert all(p["prev"] for p in pages[1:]) and not pages[-1]["next"]
    assert all(len(p["ids"]) <= 10 for p in pages)


def test_one_query_does_not_narrow_the_next(paged, answers):
    """Zensical's filter plugin writes into the query it is given: each inner query gets its own copy."""
    assert paged[-1] == answers("zensical")["チャット"][0]


def test_other_messages_reach_zensical_unchanged(zensical_site):
    """A tag-only search (no text) is passed through: same answer as Zensical alone."""
    def operator(name: str) -> dict:
        return {"type": "operator", "data": {"operator": name, "operands": []}}

    message = {"type": 2, "data": {"input": operator("not"), "filter": {"input": operator("and")}}}
    assert ask(zensical_site, [{"message": message}]) == ask(zensical_site, [{"message": message}], native=True)


@pytest.mark.parametrize("worker", ["https://evil.example/search.js", "//evil.example/search.js", ""])
def test_the_wrapper_loads_only_a_same_origin_worker(zensical_site, worker):
    """`?worker=` names the script the wrapper runs: anything but this site's own is refused before it
    loads anything (every other test runs the site's own)."""
    with pytest.raises(RuntimeError, match="search-relax: missing or foreign"):
        run_harness([zensical_site], [{"q": "注文番号"}], f"--worker={worker}")


def test_material_reads_a_word_as_the_site_words_it_is_made_of(answers):
    """「パッケージ版」 starts no indexed word (the page has パッケージ and 版): Material alone finds nothing."""
    mine, native = answers("planted-mkdocs")["パッケージ版"]
    assert native["total"] == 0 and mine["locations"][:1] == ["retail/"], mine


def test_material_lists_first_the_page_holding_every_word(answers):
    """lunr ranks the pages with one word in the title (返金の条件, チャットで止める) above the one whose
    text holds both; the answer puts that page first and keeps lunr's order after it."""
    mine, native = answers("planted-mkdocs")["返金 チャット"]
    assert native["locations"].index("notes/") > 0, "lunr now ranks notes/ first; pick another example"
    assert mine["locations"] == ["notes/"] + [loc for loc in native["locations"] if loc != "notes/"]
    assert mine["total"] == native["total"]


@pytest.mark.parametrize("typed", TYPED_TOGETHER)
def test_material_on_the_real_index(answers, typed):
    """Typed together or in kana, as readers do; each finds its page only through the rewrite."""
    mine, native = answers("mkdocs")[typed]
    assert native["total"] == 0, f"{typed}: Material alone now finds it; pick another example"
    assert TYPED_TOGETHER[typed] in mine["locations"][:5], mine["locations"][:5]


def test_material_answers_keep_their_pages(answers):
    """Re-sorting changes the order of the pages, never which pages or sections are listed."""
    pairs = [answers("mkdocs")[q] for q in RESORTED]
    for q, (mine, native) in zip(RESORTED, pairs):
        assert mine["total"] == native["total"] and sorted(mine["locations"]) == sorted(native["locations"]), q
    assert any(mine != native for mine, native in pairs)
