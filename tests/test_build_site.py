"""scripts/build_site.py and what both engines build: the strict build catches broken links, anchors and
silent page mistakes; both engines stop on hostile pages, give every page a strict Content-Security-Policy
and render tabs, admonitions, furniture and the 出典 box alike. (Start-page routes: tests/browser/
test_routes_phone.py; markup rules: tests/lint/test_markup.py; search and Zensical's labels: tests/search/.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.build_site import BuildError, check_pages, copy_project, secure_site
from scripts.content import read_front_matter
from scripts.lint import markup

ROOT = Path(__file__).resolve().parent.parent


# Each planted mistake goes into its own page (an unclosed tab swallows the rest of its page), so one
# strict build reports them all; every mistake is still asserted on its own.
PLANTED = {
    "broken link": ("about.md", lambda t: t + "\n\n[壊れたリンク](no-such-page.md)\n", "no-such-page.md"),
    "broken anchor": ("faq.md", lambda t: t + "\n\n[壊れたアンカー](about.md#no-such-anchor)\n", "no-such-anchor"),
    "broken same-page anchor": ("safety.md", lambda t: t + "\n\n[同じページの壊れたアンカー](#nowhere)\n", "nowhere"),
    # Python-Markdown swallows the rest of a page into an unclosed tab and MkDocs shows unreadable front
    # matter as text: scripts/hooks/page_checks.py turns both into warnings that fail the build.
    "unclosed tab": ("statement.md", lambda t: t + "\n\n/// tab | Gmail\n本文です。\n",
                     r"docs/statement\.md:\d+: .*is never closed"),
    "mismatched closer": ("other.md", lambda t: t + "\n\n//// tab | Gmail\n本文です。\n///\n",
                          r"docs/other\.md:\d+: .*does not close"),
    "impossible date": ("order-number.md", lambda t: t.replace("last_verified: ", "last_verified: 2026-11-31\nold: ", 1),
                        r"docs/order-number\.md:\d+: .*is not a real date"),
}


SOURCES_PAGE = """---
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


@pytest.fixture(scope="module")
def planted_project(tmp_path_factory) -> Path:
    """A copy of the project with every PLANTED mistake and the SOURCES_PAGE (not in the nav)."""
    project = copy_project(tmp_path_factory.mktemp("planted"), "docs", "overrides", "scripts")
    for page, change, _ in PLANTED.values():
        path = project / "docs" / page
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    (project / "docs" / "sources-box.md").write_text(SOURCES_PAGE, encoding="utf-8")
    return project


def planted_build(project: Path, engine: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into out/ (the pages are written before it fails), or `zensical build` into site/."""
    cmd = ([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "out")]
           if engine == "mkdocs" else [str(Path(sys.executable).with_name("zensical")), "build"])
    return subprocess.run(cmd, cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def planted_mkdocs(planted_project) -> subprocess.CompletedProcess:
    return planted_build(planted_project, "mkdocs")


@pytest.mark.parametrize("mistake", PLANTED)
def test_strict_build_fails_and_names_each_mistake(planted_mkdocs, mistake):
    assert planted_mkdocs.returncode != 0, "a planted mistake must fail `mkdocs build --strict`"
    assert re.search(PLANTED[mistake][2], planted_mkdocs.stderr), planted_mkdocs.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_sources_box_under_both_builders(planted_project, planted_mkdocs, engine):
    """Compared and unread sources in separate lists, no claim of comparison for the unread ones,
    plain URLs listed neutrally, and `{{ }}` / HTML in a title shown as text."""
    if engine == "zensical":
        proc = planted_build(planted_project, engine)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    else:  # the strict build fails for PLANTED, but nothing of this page may warn
        assert [ln for ln in planted_mkdocs.stderr.splitlines() if "sources-box" in ln] == ["  - sources-box.md"]
    page = planted_project / ("out" if engine == "mkdocs" else "site") / "sources-box" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
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


HEAD = ("---\ntitle: 見本\ndescription: 見本のページです。\nlast_verified: 2026-11-27\n"
        "sources:\n  - https://www.nortonstore.jp/support/autorenewal/flow/\n---\n\n# 見本 { #top }\n\n")


def test_the_build_refuses_hostile_pages(tmp_path):
    """Zensical runs no MkDocs hooks: scripts/build_site.py itself stops before either engine builds."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.md").write_text(HEAD + "本文です。\n", encoding="utf-8")
    check_pages(docs)
    (docs / "bad.md").write_text(HEAD.replace("description: 見本のページです。", "description: '\"><script>x</script>'"),
                                 encoding="utf-8")
    with pytest.raises(BuildError, match=r"docs/bad\.md:3: front matter `description`"):
        check_pages(docs)


def test_a_planted_page_stops_the_build(built_site, tmp_path):
    page = tmp_path / "faq" / "index.html"
    page.parent.mkdir()
    html = (built_site / "faq" / "index.html").read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<span onclick="x()">x</span></article>'), encoding="utf-8")
    with pytest.raises(BuildError, match=r"faq/index\.html:\d+: <span onclick=…>"):
        secure_site(tmp_path)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_built_page_has_a_strict_csp(site_builds, engine):
    """Both engines: the check passes, and each page's CSP is the first thing after <meta charset>,
    allows scripts only from 'self' and by hash, and hashes exactly the page's inline scripts."""
    site = site_builds(engine)
    assert markup.site_problems(site) == []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(metas) == 1, page
        assert html.index("Content-Security-Policy") < html.index("<script"), page
        directives = dict(d.strip().split(" ", 1) for d in metas[0].split(";"))
        script_src = directives["script-src"].split()
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
        hashes = {f"'{markup.csp_hash(text)}'" for _, text in markup.inline_scripts(html)}
        assert set(script_src) == {"'self'"} | hashes, page
        assert len(hashes) >= 7, page


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


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_search_container_has_one_accessible_name(site_builds, engine):
    """The header override names Material's search dialog; it must not add a second aria-label to
    Zensical's, which already has one (a duplicate attribute: the browser keeps only the first)."""
    html = (site_builds(engine) / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r"<div[^>]*data-md-component=\"search\"[^>]*>", html)
    assert len(tags) == 1, tags
    assert tags[0].count("aria-label=") == 1, tags[0]
