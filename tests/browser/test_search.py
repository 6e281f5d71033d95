"""The site's own search box, in Chromium, finds what readers type (tests/data/search_queries.yml).

Every query must put its expected page (or page#section) in the top 3 results. The same check on
Material's untuned Japanese search is measured by `python -m scripts.browser.search_recall`
and only reports its recall.
"""

from __future__ import annotations

import re

import pytest

from scripts.browser.search_recall import QUERIES_FILE, load_queries, measure, report

pytestmark = pytest.mark.browser

QUERIES = load_queries(QUERIES_FILE)


def test_query_file_is_varied_enough():
    """At least 40 real-reader queries, covering the ways people type."""
    qs = [q.q for q in QUERIES]
    assert len(qs) >= 40, len(qs)
    assert len(set(qs)) == len(qs), "duplicate queries"
    kinds = {
        "kanji": r"^[一-鿿々 ]+$",
        "hiragana": r"^[ぁ-ゖー]+$",
        "katakana": r"^[ァ-ヺー]+$",
        "latin": r"^[A-Za-z0-9@. ]+$",
        "mixed": r"[A-Za-z0-9].*[ぁ-ヺ一-鿿]|[ぁ-ヺ一-鿿].*[A-Za-z0-9]|[一-鿿][ぁ-ゖ]",
        "two words": r"\S\s+\S",
    }
    for kind, pattern in kinds.items():
        assert sum(bool(re.search(pattern, q)) for q in qs) >= 2, f"fewer than 2 {kind} queries"
    for must in ["わからない", "SY", "ストア", "アマゾン", "nortonstore", "返金", "電話番号", "自動更新"]:
        assert must in qs, f"{must!r} is a measured problem query and must stay in the list"


def test_every_query_finds_its_page_in_the_top_3(browser, built_site):
    outcomes = measure(built_site, QUERIES, browser)
    misses = [o for o in outcomes if not o.ok]
    print(report("tuned", outcomes))
    assert not misses, report("search misses", outcomes)
