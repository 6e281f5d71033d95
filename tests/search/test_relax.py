"""docs/assets/javascripts/workers/search-relax.js: both engines' search keeps the words the site knows.

The worker runs in Node (scripts/search/harness.cjs) around the engine's worker of a real build,
once as the site uses it and once as the engine alone (`native`), so each rule of the file is
checked against what the engine itself answers. Planted indexes (a few sections with chosen words,
the site's own separator and language) pin the rules down; the real indexes check the wiring and
Zensical's pagination. Each index answers all its queries in one Node run per mode (the *_QUERIES
lists). Recall is measured by tests/search/test_recall.py through the same harness.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.search.recall import run_harness


def ask(site: Path, steps: list[dict], native: bool = False) -> list[dict]:
    return run_harness([site], steps, native)[0]


def both(site: Path, queries: list[str]) -> dict[str, tuple[dict, dict]]:
    """{query: (answer with search-relax.js, answer of the engine alone)}."""
    steps = [{"q": q} for q in queries]
    return dict(zip(queries, zip(ask(site, steps), ask(site, steps, native=True))))


def planted_site(built: Path, tmp: Path, index_file: str, index: dict) -> Path:
    """A copy of the build's scripts with `index` (the build's own search config) in `index_file`."""
    shutil.copytree(built / "assets" / "javascripts", tmp / "assets" / "javascripts")
    index["config"] = json.loads((built / index_file).read_text(encoding="utf-8"))["config"]
    (tmp / index_file).parent.mkdir(parents=True, exist_ok=True)
    (tmp / index_file).write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return tmp


# --- Zensical -------------------------------------------------------------------------------------

SECTIONS = [
    ("refund/", "返金の条件", "購入から六十日以内なら返金を受けられます。"),
    ("order/", "注文番号を探す", "メールの件名で注文番号を探します。"),
    ("chat/", "チャットで止める", "チャットの窓口で自動延長を止めてもらいます。"),
    ("safety/", "安全のために", "偽の電話番号に注意してください。"),
    ("chat-refund/", "チャットで返金", "チャットで返金を頼みます。"),
    ("store/", "ストアの注文", "ストアの注文履歴を開きます。"),
]
PLANTED_QUERIES = ["注文番号 ピヨピヨ", "注文番号", "返金 注文番号", "チャット 返金", "注文 履歴 ピヨピヨ"]
TYPED_APART = ["注文番号 の", "解約 を", "返金 が", "チャット で"]  # a particle typed on its own
COMMON = ["注文番号", "チャット", "自動延長", "注文番号 メール", "解約"]
ZENSICAL_QUERIES = COMMON + ["返金", "注文番号 ペット"] + TYPED_APART  # plain ones first: no relaxing before them


@pytest.fixture(scope="module")
def planted(zensical_site, tmp_path_factory) -> dict:
    items = [{"location": loc, "level": 1, "title": title, "text": f"<p>{text}</p>", "path": [title], "tags": []}
             for loc, title, text in SECTIONS]
    site = planted_site(zensical_site, tmp_path_factory.mktemp("planted"), "search.json", {"items": items})
    return both(site, PLANTED_QUERIES)


@pytest.fixture(scope="module")
def real(zensical_site) -> dict:
    return both(zensical_site, ZENSICAL_QUERIES)


@pytest.mark.parametrize("index, stranger", [("planted", "ピヨピヨ"), ("real", "ペット")])
def test_a_japanese_word_the_site_lacks_is_let_go(index, stranger, request):
    """Zensical alone finds nothing, or its fuzzy guess (ペット → unrelated sections), once one typed
    word is not on the site; here the word is let go."""
    answers = request.getfixturevalue(index)
    (mine, native), (alone, _) = answers[f"注文番号 {stranger}"], answers["注文番号"]
    assert mine == alone and alone["total"] > 0
    assert native.get("locations", []) != alone["locations"], "the index no longer shows the problem"


def test_words_in_different_sections_still_find_both(planted):
    """No section holds 返金 and 注文番号: Zensical ANDs them to nothing; both sections are listed."""
    mine, native = planted["返金 注文番号"]
    assert native.get("total", 0) == 0
    assert {"refund/", "order/"} <= set(mine["locations"]), mine


def test_sections_holding_every_word_come_first(planted):
    mine = planted["チャット 返金"][0]
    assert mine["locations"][0] == "chat-refund/", mine
    assert {"refund/", "chat/"} <= set(mine["locations"][1:]), mine


def test_the_rarer_word_is_kept_longer(planted):
    """注文 is in two sections, 履歴 in one: after the section with both, 履歴's come before 注文's."""
    mine = planted["注文 履歴 ピヨピヨ"][0]
    assert mine["locations"][0] == "store/", mine
    assert mine["locations"].index("store/") < mine["locations"].index("order/")


def test_a_lone_kana_does_not_narrow_the_query(real):
    """A particle typed apart (「注文番号 の」) is no query word: same answer as without it."""
    alone = [real[q.split()[0]][0] for q in TYPED_APART]
    assert [real[q][0] for q in TYPED_APART] == alone
    assert [real[q][1] for q in TYPED_APART] != alone, "Zensical alone no longer narrows: this rule may be unnecessary"


def test_common_queries_are_zensicals_own_answer(real):
    """Every word known and three or more hits: the answer is exactly Zensical's."""
    for q in COMMON:
        mine, native = real[q]
        assert native["total"] >= 3, f"{q}: pick a query Zensical answers with 3 or more hits"
        assert mine == native, q


@pytest.fixture(scope="module")
def paged(zensical_site) -> list[dict]:
    return ask(zensical_site, [{"q": "注文番号 ピヨピヨ"}] + [{"more": True}] * 5
               + [{"q": "返金 注文番号 ピヨピヨ"}, {"q": "チャット"}])


def test_relaxed_answers_page_like_zensical(paged):
    first, *more = paged[:6]
    pages = [first] + [m for m in more if not m.get("none")]
    ids = [i for p in pages for i in p["ids"]]
    assert first["total"] > 10 and not first["prev"] and first["next"]
    assert len(ids) == len(set(ids)) == first["total"], "pages overlap or miss rows"
    assert all(p["prev"] for p in pages[1:]) and not pages[-1]["next"]
    assert all(len(p["ids"]) <= 10 for p in pages)


def test_one_query_does_not_narrow_the_next(paged, real):
    """Zensical's filter plugin writes into the query it is given: each inner query gets its own copy."""
    assert paged[-1] == real["チャット"][0]


def test_other_messages_reach_zensical_unchanged(zensical_site):
    """A tag-only search (no text) is passed through: same answer as Zensical alone."""
    message = {"type": 2, "data": {"input": {"type": "operator", "data": {"operator": "not", "operands": []}},
                                   "filter": {"input": {"type": "operator", "data": {"operator": "and", "operands": []}}}}}
    assert ask(zensical_site, [{"message": message}]) == ask(zensical_site, [{"message": message}], native=True)


@pytest.mark.parametrize("worker", ["https://evil.example/search.js", "//evil.example/search.js", "", "SAME"])
def test_the_wrapper_loads_only_a_same_origin_worker(zensical_site, worker):
    """`?worker=` names the script the wrapper runs: this site's own runs, anything else is refused."""
    workers = zensical_site / "assets" / "javascripts" / "workers"
    if worker == "SAME":
        worker = "/assets/javascripts/workers/" + next(workers.glob("search.*.min.js")).name
    probe = f"""
      const vm = require("vm"); const loaded = [];
      const self = {{ URL, location: new URL("http://127.0.0.1/assets/javascripts/workers/search-relax.js?worker="
                      + encodeURIComponent({json.dumps(worker)})),
                      addEventListener() {{}}, importScripts: (u) => loaded.push(u) }};
      self.self = self; vm.createContext(self);
      try {{ vm.runInContext({json.dumps((workers / "search-relax.js").read_text(encoding="utf-8"))}, self);
             console.log("ran " + loaded.join(" ")); }}
      catch (e) {{ console.log("refused " + loaded.length); }}"""
    out = subprocess.run(["node", "-e", probe], capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    assert out == (f"ran http://127.0.0.1{worker}" if worker.startswith("/assets/") else "refused 0"), out


# --- Material ------------------------------------------------------------------------------------

PAGES = [("retail/", "パッケージ 版 を 止める", "箱 で 買っ た パッケージ 版 の 話 です 。"),
         ("refund/", "返金 の 条件", "六十 日 以内 なら 返金 を 受け られ ます 。"),
         ("chat/", "チャット で 止める", "チャット の 窓口 で 止め て もらい ます 。"),
         ("notes/", "メモ", "チャット で 返金 を 頼む 時 の 話 です 。")]
MATERIAL_PLANTED = ["パッケージ版", "チャットで", "チャット", "返金 チャット"]
TYPED_TOGETHER = {"マイアカウント": "stop/account/", "ちゅうもんばんごうがみつからない": "order-number/"}
LEFT_ALONE = ["注文番号", "自動延長", "+注文番号 -チャット", "チャット 返金~1", "nortonstore"]
RESORTED = ["チャット 返金", "注文番号 メール 件名", "ノートン 解約 電話番号", "パソコン 止めたい"]


@pytest.fixture(scope="module")
def material_planted(built_site, tmp_path_factory) -> dict:
    """Material's worker with a four-page index; words are marked with U+200B as scripts/search/index.py does."""
    docs = [{"location": loc, "title": title.replace(" ", "\u200b"), "text": "<p>" + text.replace(" ", "\u200b") + "</p>"}
            for loc, title, text in PAGES]
    site = planted_site(built_site, tmp_path_factory.mktemp("planted-material"), "search/search_index.json",
                        {"docs": docs})
    return both(site, MATERIAL_PLANTED)


@pytest.fixture(scope="module")
def material_real(built_site) -> dict:
    return both(built_site, list(TYPED_TOGETHER) + LEFT_ALONE + RESORTED)


def test_material_reads_a_word_as_the_site_words_it_is_made_of(material_planted):
    """「パッケージ版」 starts no indexed word (the page has パッケージ and 版): Material alone finds nothing."""
    mine, native = material_planted["パッケージ版"]
    assert native["total"] == 0
    assert mine["locations"][:1] == ["retail/"], mine


def test_material_lets_go_of_what_no_site_word_covers(material_planted):
    """「チャットで」 typed as one word: チャット is kept, the lone で is let go."""
    (mine, native), (alone, _) = material_planted["チャットで"], material_planted["チャット"]
    assert native["total"] == 0
    assert mine == alone and alone["total"] > 0


def test_material_lists_first_the_page_holding_every_word(material_planted):
    """lunr ranks the pages with one word in the title (返金の条件, チャットで止める) above the one whose
    text holds both; the answer puts that page first and keeps lunr's order after it."""
    mine, native = material_planted["返金 チャット"]
    assert native["locations"].index("notes/") > 0, "lunr now ranks notes/ first; pick another example"
    assert mine["locations"][0] == "notes/", mine
    rest = [loc for loc in native["locations"] if loc != "notes/"]
    assert mine["locations"][1:] == rest and mine["total"] == native["total"]


@pytest.mark.parametrize("typed", TYPED_TOGETHER)
def test_material_on_the_real_index(material_real, typed):
    """Typed together or in kana, as readers do; each finds its page only through the rewrite."""
    mine, native = material_real[typed]
    assert native["total"] == 0, f"{typed}: Material alone now finds it; pick another example"
    assert TYPED_TOGETHER[typed] in mine["locations"][:5], mine["locations"][:5]


def test_material_known_words_and_query_syntax_are_left_alone(material_real):
    """One known word, or a query in lunr's syntax: exactly Material's answer."""
    for q in LEFT_ALONE:
        assert material_real[q][0] == material_real[q][1], q


def test_material_answers_keep_their_pages(material_real):
    """Re-sorting changes the order of the pages, never which pages or sections are listed."""
    for q in RESORTED:
        mine, native = material_real[q]
        assert mine["total"] == native["total"] and sorted(mine["locations"]) == sorted(native["locations"]), q
    assert any(material_real[q][0] != material_real[q][1] for q in RESORTED)
