"""docs/assets/javascripts/workers/search-relax.js: both engines' search keeps the words the site knows.

The worker runs in Node (tests/search_worker_harness.cjs) around the engine's worker of a real build,
once as the site uses it and once as the engine alone (`--native`), so each rule of the file is
checked against what the engine itself answers. Planted indexes (a few sections with chosen words,
the site's own separator and language) pin the rules down; the real indexes check the wiring and
Zensical's pagination. Recall is measured by tests/test_search_recall.py through the same harness.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.search.recall import HARNESS
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is installed by `make` (node_modules)")


def ask(site: Path, steps: list[dict], native: bool = False) -> list[dict]:
    cmd = [NODE, str(HARNESS), str(site)] + (["--native"] if native else [])
    proc = subprocess.run(cmd, input=json.dumps(steps), capture_output=True, text=True, timeout=120, check=True)
    return json.loads(proc.stdout)


def queries(site: Path, *qs: str, native: bool = False) -> list[dict]:
    return ask(site, [{"q": q} for q in qs], native)


# --- Zensical -------------------------------------------------------------------------------------

SECTIONS = [
    ("refund/", "返金の条件", "購入から六十日以内なら返金を受けられます。"),
    ("order/", "注文番号を探す", "メールの件名で注文番号を探します。"),
    ("chat/", "チャットで止める", "チャットの窓口で自動延長を止めてもらいます。"),
    ("safety/", "安全のために", "偽の電話番号に注意してください。"),
    ("chat-refund/", "チャットで返金", "チャットで返金を頼みます。"),
    ("store/", "ストアの注文", "ストアの注文履歴を開きます。"),
]


@pytest.fixture(scope="module")
def planted(zensical_site, tmp_path_factory) -> Path:
    """A copy of the build's scripts with a six-section index, in the site's own search config."""
    site = tmp_path_factory.mktemp("planted-index")
    shutil.copytree(zensical_site / "assets" / "javascripts", site / "assets" / "javascripts")
    config = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))["config"]
    items = [{"location": loc, "level": 1, "title": title, "text": f"<p>{text}</p>", "path": [title], "tags": []}
             for loc, title, text in SECTIONS]
    (site / "search.json").write_text(json.dumps({"config": config, "items": items}, ensure_ascii=False), encoding="utf-8")
    return site


@pytest.mark.parametrize("index, stranger", [("planted", "ピヨピヨ"), ("zensical_site", "ペット")])
def test_a_japanese_word_the_site_lacks_is_let_go(index, stranger, request):
    """Zensical alone finds nothing, or its fuzzy guess (ペット → unrelated sections), once one typed
    word is not on the site; here the word is let go."""
    site = request.getfixturevalue(index)
    mine, alone = queries(site, f"注文番号 {stranger}", "注文番号")
    native = queries(site, f"注文番号 {stranger}", native=True)[0]
    assert mine == alone and alone["total"] > 0
    assert native.get("locations", []) != alone["locations"], "the index no longer shows the problem"


def test_words_in_different_sections_still_find_both(planted):
    """No section holds 返金 and 注文番号: Zensical ANDs them to nothing; both sections are listed."""
    mine = queries(planted, "返金 注文番号")[0]
    native = queries(planted, "返金 注文番号", native=True)[0]
    assert native.get("total", 0) == 0
    assert {"refund/", "order/"} <= set(mine["locations"]), mine


def test_sections_holding_every_word_come_first(planted):
    mine = queries(planted, "チャット 返金")[0]
    assert mine["locations"][0] == "chat-refund/", mine
    assert {"refund/", "chat/"} <= set(mine["locations"][1:]), mine


def test_the_rarer_word_is_kept_longer(planted):
    """注文 is in two sections, 履歴 in one: after the section with both, 履歴's come before 注文's."""
    mine = queries(planted, "注文 履歴 ピヨピヨ")[0]
    assert mine["locations"][0] == "store/", mine
    assert mine["locations"].index("store/") < mine["locations"].index("order/")


def test_a_lone_kana_does_not_narrow_the_query(zensical_site):
    """A particle typed apart (「注文番号 の」) is no query word: same answer as without it."""
    typed = ["注文番号 の", "解約 を", "返金 が", "チャット で"]
    mine = queries(zensical_site, *typed)
    alone = queries(zensical_site, *(q.split()[0] for q in typed))
    native = queries(zensical_site, *typed, native=True)
    assert mine == alone
    assert native != alone, "Zensical alone no longer narrows: this rule may be unnecessary"


def test_common_queries_are_zensicals_own_answer(zensical_site):
    """Every word known and three or more hits: the answer is exactly Zensical's."""
    qs = ["注文番号", "チャット", "自動延長", "注文番号 メール", "解約"]
    mine = queries(zensical_site, *qs)
    native = queries(zensical_site, *qs, native=True)
    for q, a, b in zip(qs, mine, native):
        assert b["total"] >= 3, f"{q}: pick a query Zensical answers with 3 or more hits"
        assert a == b, q


def test_relaxed_answers_page_like_zensical(zensical_site):
    first, *more = ask(zensical_site, [{"q": "注文番号 ピヨピヨ"}] + [{"more": True}] * 5)
    pages = [first] + [m for m in more if not m.get("none")]
    ids = [i for p in pages for i in p["ids"]]
    assert first["total"] > 10 and not first["prev"] and first["next"]
    assert len(ids) == len(set(ids)) == first["total"], "pages overlap or miss rows"
    assert all(p["prev"] for p in pages[1:]) and not pages[-1]["next"]
    assert all(len(p["ids"]) <= 10 for p in pages)


def test_one_query_does_not_narrow_the_next(zensical_site):
    """Zensical's filter plugin writes into the query it is given: each inner query gets its own copy."""
    after = queries(zensical_site, "返金 注文番号 ピヨピヨ", "チャット")[1]
    alone = queries(zensical_site, "チャット")[0]
    assert after == alone


def test_other_messages_reach_zensical_unchanged(zensical_site):
    """A tag-only search (no text) is passed through: same answer as Zensical alone."""
    message = {"type": 2, "data": {"input": {"type": "operator", "data": {"operator": "not", "operands": []}},
                                   "filter": {"input": {"type": "operator", "data": {"operator": "and", "operands": []}}}}}
    assert ask(zensical_site, [{"message": message}]) == ask(zensical_site, [{"message": message}], native=True)


@pytest.mark.parametrize("worker", ["https://evil.example/search.js", "//evil.example/search.js", ""])
def test_the_wrapper_loads_only_a_same_origin_worker(zensical_site, worker):
    """`?worker=` names the script the wrapper runs: anything but this site's own is refused."""
    script = (zensical_site / "assets" / "javascripts" / "workers" / "search-relax.js").read_text(encoding="utf-8")
    probe = f"""
      const vm = require("vm"); const loaded = [];
      const self = {{ URL, location: new URL("http://127.0.0.1/assets/javascripts/workers/search-relax.js?worker="
                      + encodeURIComponent({json.dumps(worker)})),
                      addEventListener() {{}}, importScripts: (u) => loaded.push(u) }};
      self.self = self; vm.createContext(self);
      try {{ vm.runInContext({json.dumps(script)}, self); console.log("ran " + loaded.join(" ")); }}
      catch (e) {{ console.log("refused " + loaded.length); }}"""
    out = subprocess.run([NODE, "-e", probe], capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    assert out == "refused 0", out


def test_the_wrapper_loads_the_named_same_origin_worker(zensical_site):
    assert ask(zensical_site, [{"q": "注文番号"}])[0]["total"] > 0  # the harness names the real worker


# --- Material ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def planted_material(built_site, tmp_path_factory) -> Path:
    """Material's worker with a four-page index in the site's own search config; words are marked
    with U+200B as scripts/hooks/search_ja.py marks them."""
    site = tmp_path_factory.mktemp("planted-material")
    shutil.copytree(built_site / "assets" / "javascripts", site / "assets" / "javascripts")
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [{"location": loc, "title": title.replace(" ", "\u200b"), "text": f"<p>{text.replace(' ', chr(0x200b))}</p>"}
            for loc, title, text in [("retail/", "パッケージ 版 を 止める", "箱 で 買っ た パッケージ 版 の 話 です 。"),
                                     ("refund/", "返金 の 条件", "六十 日 以内 なら 返金 を 受け られ ます 。"),
                                     ("chat/", "チャット で 止める", "チャット の 窓口 で 止め て もらい ます 。"),
                                     ("notes/", "メモ", "チャット で 返金 を 頼む 時 の 話 です 。")]]
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(json.dumps({"config": index["config"], "docs": docs}, ensure_ascii=False), encoding="utf-8")
    return site


def test_material_reads_a_word_as_the_site_words_it_is_made_of(planted_material):
    """「パッケージ版」 starts no indexed word (the page has パッケージ and 版): Material alone finds nothing."""
    native, = queries(planted_material, "パッケージ版", native=True)
    mine, = queries(planted_material, "パッケージ版")
    assert native["total"] == 0
    assert mine["locations"][:1] == ["retail/"], mine


def test_material_lets_go_of_what_no_site_word_covers(planted_material):
    """「チャットで」 typed as one word: チャット is kept, the lone で is let go."""
    mine, alone = queries(planted_material, "チャットで", "チャット")
    assert queries(planted_material, "チャットで", native=True)[0]["total"] == 0
    assert mine == alone and alone["total"] > 0


def test_material_lists_first_the_page_holding_every_word(planted_material):
    """lunr ranks the pages with one word in the title (返金の条件, チャットで止める) above the one whose
    text holds both; the answer puts that page first and keeps lunr's order after it."""
    native, = queries(planted_material, "返金 チャット", native=True)
    mine, = queries(planted_material, "返金 チャット")
    assert native["locations"].index("notes/") > 0, "lunr now ranks notes/ first; pick another example"
    assert mine["locations"][0] == "notes/", mine
    rest = [loc for loc in native["locations"] if loc != "notes/"]
    assert mine["locations"][1:] == rest and mine["total"] == native["total"]


def test_material_on_the_real_index(built_site):
    """Typed together or in kana, as readers do; each finds its page only through the rewrite."""
    for typed, page in [("マイアカウント", "stop/account/"), ("ちゅうもんばんごうがみつからない", "order-number/")]:
        native, = queries(built_site, typed, native=True)
        mine, = queries(built_site, typed)
        assert native["total"] == 0, f"{typed}: Material alone now finds it; pick another example"
        assert page in mine["locations"][:5], (typed, mine["locations"][:5])


def test_material_known_words_and_query_syntax_are_left_alone(built_site):
    """One known word, or a query in lunr's syntax: exactly Material's answer."""
    qs = ["注文番号", "自動延長", "+注文番号 -チャット", "チャット 返金~1", "nortonstore"]
    assert queries(built_site, *qs) == queries(built_site, *qs, native=True)


def test_material_answers_keep_their_pages(built_site):
    """Re-sorting changes the order of the pages, never which pages or sections are listed."""
    qs = ["チャット 返金", "注文番号 メール 件名", "ノートン 解約 電話番号", "パソコン 止めたい"]
    for q, mine, native in zip(qs, queries(built_site, *qs), queries(built_site, *qs, native=True)):
        assert mine["total"] == native["total"] and sorted(mine["locations"]) == sorted(native["locations"]), q
    assert any(m != n for m, n in zip(queries(built_site, *qs), queries(built_site, *qs, native=True)))
