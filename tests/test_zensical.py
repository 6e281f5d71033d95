"""The design card keeps mkdocs.yml within what Zensical (Material's successor) also reads.

Zensical runs no MkDocs hooks: scripts/build_site.py tunes its search index and gives its search dialog
Japanese labels after the build (tested in tests/search/). Everything else (tabs, admonitions, footnotes, furniture, the titled 出典 box, the
unofficial footer) must come out the same; the browser suite (tests/browser/) runs on both builds.
The 出典 box is drawn from front matter only, so both builders render it; a planted page checks the two
lists (compared / could not be read), the fallback for plain URLs, and that values are escaped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.content import read_front_matter

ROOT = Path(__file__).resolve().parent.parent


def test_zensical_builds_every_page(zensical_site, built_site):
    mkdocs_pages = {p.relative_to(built_site) for p in built_site.rglob("index.html") if "search" not in p.parts}
    zensical_pages = {p.relative_to(zensical_site) for p in zensical_site.rglob("index.html")}
    assert mkdocs_pages <= zensical_pages, f"missing under Zensical: {sorted(map(str, mkdocs_pages - zensical_pages))}"


def test_zensical_keeps_tabs_admonitions_and_furniture(zensical_site):
    soup = BeautifulSoup((zensical_site / "order-number" / "index.html").read_text(encoding="utf-8"), "html.parser")
    labels = [label.get_text(strip=True) for label in soup.select(".tabbed-labels label")]
    assert {"Gmail", "そのほかのメール"} <= set(labels), labels
    safety = BeautifulSoup((zensical_site / "safety" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert safety.select(".admonition"), "admonitions are not rendered"
    assert soup.select_one(".verified-date time"), "最終確認日 is not shown"
    assert soup.select("#page-sources li a"), "出典 list is not shown"
    meta = read_front_matter(ROOT / "docs" / "order-number.md")
    shown = [a.get_text(strip=True) for a in soup.select("#page-sources li a")]
    assert sorted(shown) == sorted(s["title"] for s in meta["sources"]), f"出典 not shown by title: {shown}"
    edit = soup.select("article p.edit-link a")
    assert edit and edit[0].get_text(strip=True) == "このページの修正を提案する", "edit link missing at the foot"
    assert not soup.select(".md-content__button"), "edit pencil beside the title"
    footer = soup.select_one(".md-copyright")
    assert footer and "非公式" in footer.get_text()


PLANTED = """---
title: 見本
last_verified: 2026-11-28
sources:
  - url: https://www.nortonstore.jp/support/autorenewal/flow/
    title: "自動延長サービスの流れ <b>{{ 1 + 1 }}</b>"
    compared: true
  - url: https://www.nortonstore.jp/orderstatus/
    title: "注文情報確認"
    compared: false
  - https://my.norton.com/
---

# 見本 { #top }

本文です。[^a]

[^a]: [自動延長サービスの流れ](https://www.nortonstore.jp/support/autorenewal/flow/#:~:text=%E8%AA%B2)「課」
"""


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_sources_box_under_both_builders(tmp_path, builder):
    """Compared and unread sources in separate lists, no claim of comparison for the unread ones,
    plain URLs listed neutrally, and `{{ }}` / HTML in a title shown as text."""
    for name in ("overrides", "scripts"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
    (tmp_path / "docs" / "index.md").write_text(PLANTED, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("# Navigation")[0]
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    exe = Path(sys.executable).with_name(builder)
    cmd = [str(exe), "build"] + (["--strict"] if builder == "mkdocs" else [])
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    soup = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one("#page-sources")
    compared = box.select(".page-sources__compared a")
    unread = box.select(".page-sources__unread a")
    plain = box.select(".page-sources__plain a")
    assert [a.get_text() for a in compared] == ["自動延長サービスの流れ <b>{{ 1 + 1 }}</b>"], compared
    assert not box.select("b"), "a title's HTML was not escaped"
    assert [a["href"] for a in unread] == ["https://www.nortonstore.jp/orderstatus/"]
    assert [a["href"] for a in plain] == ["https://my.norton.com/"]
    unread_intro = box.select_one(".page-sources__unread").find_previous_sibling("p").get_text()
    assert "確認しました" not in unread_intro and "照らし合わせることができていない" in unread_intro
    assert "確認しました" in box.select_one(".page-sources__compared").find_previous_sibling("p").get_text()
    assert soup.select(".footnote li"), "footnotes are not rendered"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_search_container_has_one_accessible_name(site_builds, engine):
    """The header override names Material's search dialog; it must not add a second aria-label to
    Zensical's, which already has one (a duplicate attribute: the browser keeps only the first)."""
    html = (site_builds(engine) / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r"<div[^>]*data-md-component=\"search\"[^>]*>", html)
    assert len(tags) == 1, tags
    assert tags[0].count("aria-label=") == 1, tags[0]
