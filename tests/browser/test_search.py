"""The search box in Chromium and the Node harness give the same answers (on both engines).

tests/search/test_recall.py measures recall through the Node harness; this keeps it honest: on one
tuning query per page a reader is sent to (one search per route), box and harness rank the same pages.
"""

from __future__ import annotations

import pytest

from scripts.search.recall import load_queries, measure, measure_harness

pytestmark = pytest.mark.both_engines


def sample() -> list:
    """The first tuning query for each expected page (held-out queries are never looked at)."""
    tuning = [query for query in load_queries() if not query.held_out]
    return list({query.expect[0].split("#")[0]: query for query in reversed(tuning)}.values())


def test_search_box_and_harness_agree(browser, built_site, engine):
    queries = sample()
    assert len(queries) >= 8, [q.q for q in queries]
    box = measure(built_site, queries, browser, engine)
    (node,) = measure_harness(built_site, queries=queries)
    differ = [f"{b.query.q!r}: box {[g[0] for g in b.top[:3]]} (rank {b.rank}), "
              f"harness {[g[0] for g in n.top[:3]]} (rank {n.rank})"
              for b, n in zip(box, node) if (b.rank, b.top[:3]) != (n.rank, n.top[:3])]
    assert not differ, f"{engine}: the search box and the Node harness disagree:\n  " + "\n  ".join(differ)
