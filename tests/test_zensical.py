"""The design card keeps mkdocs.yml within what Zensical (Material's successor) also reads.

Zensical runs no MkDocs hooks: scripts/build_site.py tunes its search index after the build with the
same synonym list. Everything else (tabs, admonitions, furniture, the unofficial footer) must come out
the same; the browser suite (tests/browser/) runs on both builds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def zensical_site(site_builds) -> Path:
    # scripts/build_site.py builds a copy of the project (Zensical writes .cache/ next to mkdocs.yml)
    # and tunes its search.json; tests/browser/ reuses the same build.
    return site_builds("zensical")


def test_zensical_builds_every_page(zensical_site, built_site):
    mkdocs_pages = {p.relative_to(built_site) for p in built_site.rglob("index.html") if "search" not in p.parts}
    zensical_pages = {p.relative_to(zensical_site) for p in zensical_site.rglob("index.html")}
    assert mkdocs_pages <= zensical_pages, f"missing under Zensical: {sorted(map(str, mkdocs_pages - zensical_pages))}"


def test_zensical_keeps_tabs_admonitions_and_furniture(zensical_site):
    soup = BeautifulSoup((zensical_site / "order-number" / "index.html").read_text(encoding="utf-8"), "html.parser")
    labels = [label.get_text(strip=True) for label in soup.select(".tabbed-labels label")]
    assert {"Gmail", "Outlook", "Yahoo!メール", "iPhone のメール"} <= set(labels), labels
    assert soup.select(".admonition"), "admonitions are not rendered"
    assert soup.select_one(".verified-date time"), "最終確認日 is not shown"
    assert soup.select("#page-sources li a"), "出典 list is not shown"
    footer = soup.select_one(".md-copyright")
    assert footer and "非公式" in footer.get_text()


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_search_container_has_one_accessible_name(site_builds, engine):
    """The header override names Material's search dialog; it must not add a second aria-label to
    Zensical's, which already has one (a duplicate attribute: the browser keeps only the first)."""
    html = (site_builds(engine) / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r"<div[^>]*data-md-component=\"search\"[^>]*>", html)
    assert len(tags) == 1, tags
    assert tags[0].count("aria-label=") == 1, tags[0]


def test_zensical_index_is_tuned_with_the_shared_synonyms(zensical_site):
    """The Zensical build carries the same synonyms as the MkDocs hook (one list, two engines)."""
    import json

    from scripts.hooks.search_ja import load_synonyms

    items = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))["items"]
    text = " ".join(i["text"] for i in items)
    assert "関連語:" in text
    for group in load_synonyms():
        assert all(w in text for w in group) or not any(w in text for w in group), group
