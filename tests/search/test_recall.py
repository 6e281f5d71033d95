"""The site's search finds what readers type (tests/data/search_queries.yml), on both engines.

Each build's search worker runs in Node (scripts/search/recall.py `measure_harness`); the search box
in Chromium agrees (tests/browser/test_search.py). A query passes when its expected page (or
page#section) is in the top 3. `python -m scripts.search.recall` also measures the untuned engines.
"""

from __future__ import annotations

import re

import pytest

from scripts.build_site import ENGINES
from scripts.search.recall import halves, load_queries, measure_harness, recall, report

QUERIES = load_queries()
# Held-out half (`held_out: true`: v4, 90 queries written before round 6 by someone who had not seen
# the tuning data or the search code; never tuned against). Goal: 95 % under Zensical (issue 11).
# 2026-12-07: Material 91.1 % (82/90), Zensical 95.6 % (86/90). Raise the floors as the tuning
# generalizes, never by tuning against held-out misses.
HELD_OUT_MIN = {"mkdocs": 0.88, "zensical": 0.95}
# Tuning half (474 queries): Material 97.9 %, Zensical 95.6 % (2026-12-07).
TUNING_MIN = 0.95


def test_query_file_is_varied_enough():
    """At least 40 real-reader queries, covering the ways people type."""
    qs = [q.q for q in QUERIES]
    held_out = [q for q in QUERIES if q.held_out]
    assert len(held_out) >= 40 and len(QUERIES) - len(held_out) >= 40, (len(held_out), len(QUERIES))
    assert len(set(qs)) == len(qs), "duplicate queries"
    kinds = {"kanji": r"^[一-鿿々 ]+$", "hiragana": r"^[ぁ-ゖー]+$", "katakana": r"^[ァ-ヺー]+$",
             "latin": r"^[A-Za-z0-9@. ]+$", "two words": r"\S\s+\S",
             "mixed": r"[A-Za-z0-9].*[ぁ-ヺ一-鿿]|[ぁ-ヺ一-鿿].*[A-Za-z0-9]|[一-鿿][ぁ-ゖ]"}
    for kind, pattern in kinds.items():
        assert sum(bool(re.search(pattern, q)) for q in qs) >= 2, f"fewer than 2 {kind} queries"
    for must in ["わからない", "SY", "ストア", "アマゾン", "nortonstore", "返金", "電話番号", "自動更新"]:
        assert must in qs, f"{must!r} is a measured problem query and must stay in the list"
    # Reader words the pages do not use, in both halves: problem phrasings, money words, Latin brands.
    for half in (held_out, [q for q in QUERIES if not q.held_out]):
        words = [q.q for q in half]
        assert any(re.search(r"できない|ない$|された|てきた|したのに", w) for w in words), "no problem phrasing"
        assert any(re.search(r"引き落とし|請求|課金|料金|お金", w) for w in words), "no money word"
        assert any(re.fullmatch(r"[A-Za-z][A-Za-z ]+", w) for w in words), "no Latin-letter query"


@pytest.mark.parametrize("engine", ENGINES)
def test_search_finds_reader_queries_in_the_top_3(site_builds, engine):
    """One engine per test, so that parallel workers (pytest -n) measure the two at once."""
    (outcomes,) = measure_harness(site_builds(engine), queries=QUERIES)
    print(report(engine, outcomes))
    parts = halves(outcomes)
    floor = HELD_OUT_MIN[engine]
    assert recall(parts["held-out"]) >= floor, report(f"{engine}: held-out recall below {floor:.0%}", outcomes)
    assert recall(parts["tuning"]) >= TUNING_MIN, report(f"{engine}: tuning recall below {TUNING_MIN:.0%}", outcomes)
