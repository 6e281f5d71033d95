"""scripts/build_site.py: the strict build catches broken internal links, anchors and silent page
mistakes; it stops on hostile pages (both engines) and gives every built page a Content-Security-Policy
that lists only 'self' and the hashes of the page's own inline scripts; and the start page routes
every reader to exactly one procedure page in at most two clicks.

The markup rules themselves are tested in tests/lint/test_markup.py, the Zensical labels in
tests/search/test_labels.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from scripts.build_site import BuildError, check_pages, secure_site
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


@pytest.fixture(scope="module")
def planted_build(tmp_path_factory) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a copy of the project with every PLANTED mistake in it."""
    project = tmp_path_factory.mktemp("planted")
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for page, change, _ in PLANTED.values():
        path = project / "docs" / page
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "out")],
                          cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True)


def test_strict_build_fails_when_a_page_has_a_mistake(planted_build):
    assert planted_build.returncode != 0, "a planted mistake must fail `mkdocs build --strict`"


@pytest.mark.parametrize("mistake", PLANTED)
def test_strict_build_names_each_mistake(planted_build, mistake):
    assert re.search(PLANTED[mistake][2], planted_build.stderr), planted_build.stderr


def _page_for(site: Path, href: str, current: Path) -> tuple[Path, str]:
    parts = urlsplit(href)
    target = (current.parent / unquote(parts.path)).resolve()
    if target.is_dir() or not target.suffix:
        target = target / "index.html"
    return target, parts.fragment


def _section_after(heading: Tag) -> list[Tag]:
    """The elements between a heading and the next heading of the same or higher level."""
    level = int(heading.name[1])
    out = []
    for sib in heading.find_next_siblings():
        if sib.name in {f"h{i}" for i in range(1, level + 1)}:
            break
        out.append(sib)
    return out


def _options(elements: list[Tag]) -> list[Tag]:
    return [a for el in elements for a in el.select("li a[href]") if "headerlink" not in (a.get("class") or [])]


def _is_procedure(html: Path) -> bool:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return soup.select_one(".verified-date") is not None and soup.select_one("#page-sources") is not None


def test_every_route_on_start_page_reaches_a_procedure(built_site):
    index = built_site / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    questions = [h for h in article.find_all("h2") if h.get("id", "").startswith("q-")]
    assert len(questions) >= 2, "the start page needs its questions as `## … { #q-… }` headings"

    checked = 0
    errors = []
    for question in questions:
        options = _options(_section_after(question))
        assert options, f"question #{question['id']} offers no links"
        for a in options:
            href = a["href"]
            label = a.get_text(strip=True)
            if href.startswith("#"):
                # Click 1 stays on the start page; every option there must be a procedure (click 2).
                target = article.find(id=href[1:])
                if target is None:
                    errors.append(f"{label!r}: anchor {href} is not on the start page")
                    continue
                follow = _options(_section_after(target))
                if not follow:
                    errors.append(f"{label!r}: {href} leads to a section without options")
                for b in follow:
                    if b["href"].startswith("#"):
                        errors.append(f"{label!r} → {b.get_text(strip=True)!r}: a third click would be needed")
                        continue
                    errors += _check_procedure(built_site, index, b, f"{label} → {b.get_text(strip=True)}")
                    checked += 1
            else:
                errors += _check_procedure(built_site, index, a, label)
                checked += 1
    assert not errors, "\n".join(errors)
    assert checked >= 8, f"only {checked} routes found on the start page"


def _check_procedure(site: Path, current: Path, a: Tag, label: str) -> list[str]:
    page, fragment = _page_for(site, a["href"], current)
    if not page.exists():
        return [f"{label!r}: {a['href']} does not exist in the built site"]
    if not _is_procedure(page):
        return [f"{label!r}: {a['href']} is not a procedure page (no 最終確認日/出典)"]
    if fragment:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.find(id=fragment) is None:
            return [f"{label!r}: #{fragment} not found on {a['href']}"]
    return []


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
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "faq" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", '<span onclick="x()">x</span></article>'),
                    encoding="utf-8")
    with pytest.raises(BuildError, match=r"faq/index\.html:\d+: <span onclick=…>"):
        secure_site(site)


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
