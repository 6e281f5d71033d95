"""Guard rails for the guide's content (issue: links, phone numbers, front matter, syntax, furniture).

Every failure names the file and line so that a contributor can fix it without guessing.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

from scripts.doclinks import iter_links, read_front_matter, source_urls

PAGES = sorted(DOCS.rglob("*.md"))
# Every page states facts (the start page too: it names the charge mail and says which route is whose),
# so every page shows when it was checked and where its facts come from (issue 8).
PAGES_WITHOUT_SOURCES: set[str] = set()

# Japanese and international phone-number shapes (after NFKC, so full-width digits count too):
# 0120-123-456, 03-1234-5678, 090 1234 5678, +81 3 1234 5678, 1-800-123-4567, (03)1234-5678,
# and any unbroken run of 10-11 digits starting with 0.
PHONE_RE = re.compile(
    r"""(?<![\w/.#=-])(
        \+\d{1,3}[\s-]?\(?\d{1,4}\)?[\s-]?\d{2,4}[\s-]?\d{3,4}
      | 0\d{1,4}[\s-]\d{1,4}[\s-]\d{3,4}
      | \(0\d{1,4}\)\s?\d{1,4}[\s-]?\d{3,4}
      | 1-8\d{2}-\d{3}-\d{4}
      | 0\d{9,10}
    )(?![\w/-])""",
    re.VERBOSE | re.ASCII,  # \w must not match Japanese letters next to a number
)
FENCE_RE = re.compile(r"^\s*(```|~~~)")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def prose_lines(path: Path):
    """Yield (line_no, line) of a page, with the line numbers of the file, fenced code included."""
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        yield no, line


def outside_fences(path: Path):
    """Yield (line_no, line) of a page's body (front matter skipped) that are not inside fenced code blocks."""
    fenced = False
    lines = list(prose_lines(path))
    if lines and lines[0][1] == "---":
        end = next((i for i, (_, text) in enumerate(lines[1:], start=1) if text == "---"), 0)
        lines = lines[end + 1:]
    for no, line in lines:
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield no, line


def test_pages_exist():
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    for required in ("index.md", "order-number.md", "stop/account.md", "stop/store.md", "stop/chat.md",
                     "faq.md", "safety.md", "about.md"):
        assert required in names, f"docs/{required} is missing"


def test_links_only_to_allowed_domains(links_data):
    allowed = {d["host"]: d.get("path_prefix", "/") for d in links_data["allowed_domains"]}
    errors = []
    for path, line, url in iter_links(DOCS):
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc:
            continue  # relative link inside the site
        if parts.scheme == "mailto":
            continue  # addresses are checked by the phone/address rules, not as links
        if parts.scheme != "https":
            errors.append(f"{rel(path)}:{line}: {url} does not use https://")
        elif parts.hostname not in allowed:
            errors.append(
                f"{rel(path)}:{line}: {parts.hostname} is not in scripts/data/links.yml allowed_domains ({url})"
            )
        elif not (parts.path or "/").startswith(allowed[parts.hostname]):
            errors.append(
                f"{rel(path)}:{line}: on {parts.hostname} only {allowed[parts.hostname]} is allowed ({url})"
            )
    assert not errors, "\n".join(errors)


def test_no_plain_http_anywhere():
    errors = [
        f"{rel(p)}:{no}: plain http:// — use https://"
        for p in PAGES
        for no, line in prose_lines(p)
        if re.search(r"http://(?!127\.0\.0\.1|localhost)", line)
    ]
    assert not errors, "\n".join(errors)


def test_no_phone_numbers():
    errors = []
    for p in PAGES:
        for no, line in prose_lines(p):
            text = unicodedata.normalize("NFKC", line)
            for m in PHONE_RE.finditer(text):
                errors.append(f"{rel(p)}:{no}: looks like a phone number: {m.group(0)!r} — the guide never publishes one")
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("text", ["0120-123-456", "03-1234-5678", "+81 3 1234 5678", "1-800-123-4567",
                                  "０１２０－１２３－４５６", "09012345678", "(03)1234-5678"])
def test_phone_pattern_catches(text):
    assert PHONE_RE.search(unicodedata.normalize("NFKC", f"電話は{text}へ")), text


@pytest.mark.parametrize("text", ["2026-11-27", "kb20100113164023EN", "v20230504142152891", "60 日", "SY12345678",
                                  "https://support.norton.com/sp/ja/jp/home/current/solutions/v81141465"])
def test_phone_pattern_spares(text):
    assert not PHONE_RE.search(text), text


@pytest.mark.parametrize("page", [p for p in PAGES if p.relative_to(DOCS).as_posix() not in PAGES_WITHOUT_SOURCES],
                         ids=lambda p: p.relative_to(DOCS).as_posix())
def test_procedure_page_front_matter(page, links_data):
    meta = read_front_matter(page)
    where = rel(page)
    assert meta.get("title"), f"{where}:1: front matter lacks `title`"
    verified = meta.get("last_verified")
    assert verified, f"{where}:1: front matter lacks `last_verified` (the date the steps were checked)"
    assert isinstance(verified, dt.date), f"{where}:1: `last_verified` must be a date like 2026-11-27, got {verified!r}"
    assert verified <= dt.date.today(), f"{where}:1: `last_verified` {verified} is in the future"
    sources = meta.get("sources")
    assert sources and isinstance(sources, list), f"{where}:1: front matter lacks a `sources` list of official URLs"
    known = {s["url"]: s for s in links_data["sources"]}
    for item, url in zip(sources, source_urls(meta)):
        assert isinstance(url, str) and url in known, (
            f"{where}:1: source {url!r} is not listed in scripts/data/links.yml sources")
        # Plain URLs are accepted as input, but the built page needs {url, title, compared}
        # (python -m scripts.sources_frontmatter --write; tests/test_sources_frontmatter.py checks the values).
        assert isinstance(item, dict) and set(item) == {"url", "title", "compared"}, (
            f"{where}:1: source {url} must be written as {{url, title, compared}} "
            "(run: python -m scripts.sources_frontmatter --write)")


def test_one_tab_and_admonition_syntax():
    banned = [
        (re.compile(r"^\s*(!!!|\?\?\?\+?)\s"), "`!!!`/`???` admonitions — use `/// type | title`"),
        (re.compile(r'^\s*===\+?\s+"'), '`=== "tab"` tabs — use `/// tab | label`'),
    ]
    errors = [
        f"{rel(p)}:{no}: {why}"
        for p in PAGES
        for no, line in outside_fences(p)
        for rx, why in banned
        if rx.match(line)
    ]
    assert not errors, "\n".join(errors)


# A line break inside a Japanese paragraph is rendered as a visible space: keep each paragraph on one line.
CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
CJK_END = re.compile(f"[{CJK}]$")
BLOCK_START = re.compile(r"^\s*(///|#|\||>|[-*+] |\d+\. |<|\[[^\]]*\]:)")


def test_no_line_break_inside_japanese_paragraph():
    errors = []
    for p in PAGES:
        prev = ""
        for no, line in outside_fences(p):
            # After Japanese text, any continuation line (whatever it starts with: kana, a link, a digit)
            # would render with a space in front of it.
            if (prev.strip() and line.strip() and CJK_END.search(prev.rstrip())
                    and not BLOCK_START.match(line) and not BLOCK_START.match(prev) and not line.startswith("    ")):
                errors.append(f"{rel(p)}:{no}: join this line to the previous one (a line break shows as a space)")
            prev = line
    assert not errors, "\n".join(errors)


def html_pages(site: Path):
    for page in sorted(site.rglob("index.html")):
        if page.parent.name in ("search", "assets"):
            continue
        yield page, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_headings_have_stable_ascii_ids(built_site):
    errors = []
    for page, soup in html_pages(built_site):
        article = soup.select_one("article")
        for h in article.find_all(["h2", "h3"]):
            hid = h.get("id", "")
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", hid) or re.fullmatch(r"_\d+", hid):
                errors.append(f"{page.relative_to(built_site)}: heading {h.get_text(strip=True)!r} has id {hid!r}; "
                              "give it `{ #ascii-id }`")
    assert not errors, "\n".join(errors)


def test_every_page_says_unofficial(built_site):
    for page, soup in html_pages(built_site):
        footer = soup.select_one("footer .md-copyright")
        assert footer and "非公式" in footer.get_text(), f"{page.relative_to(built_site)}: footer lacks the 非公式 notice"


UNREAD_CLAIM = re.compile(r"照らし合わせて.{0,40}確認しました")


def test_sources_and_date_are_shown(built_site, links_data):
    """The 出典 box lists compared and unread sources apart, by their links.yml titles, and never claims to
    have compared a page whose text could not be read."""
    entries = {s["url"]: s for s in links_data["sources"]}
    for md in PAGES:
        meta = read_front_matter(md)
        if not meta.get("sources"):
            continue
        url_path = md.relative_to(DOCS).with_suffix("")
        html = built_site / ("index.html" if url_path.name == "index" else url_path / "index.html")
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        date = soup.select_one(".verified-date time")
        assert date and date["datetime"] == str(meta["last_verified"]), f"{rel(md)}: 最終確認日 not shown"
        urls = source_urls(meta)
        want_compared = [u for u in urls if entries[u].get("compared", True) is not False]
        want_unread = [u for u in urls if entries[u].get("compared", True) is False]
        compared = soup.select("#page-sources .page-sources__compared li a")
        unread = soup.select("#page-sources .page-sources__unread li a")
        assert [a["href"] for a in compared] == want_compared, f"{rel(md)}: compared 出典 differ from front matter"
        assert [a["href"] for a in unread] == want_unread, f"{rel(md)}: unread 出典 differ from front matter"
        assert not soup.select("#page-sources .page-sources__plain"), (
            f"{rel(md)}: 出典 listed as bare URLs (run: python -m scripts.sources_frontmatter --write)")
        for a in compared + unread:
            assert a.get_text(strip=True) == entries[a["href"]]["title"], (
                f"{rel(md)}: 出典 {a['href']} is not shown by its links.yml title")
        for ul in soup.select("#page-sources .page-sources__unread"):
            # The sentence in front of the unread list must not say those pages were compared.
            intro = ul.find_previous_sibling("p")
            assert intro and not UNREAD_CLAIM.search(intro.get_text()), (
                f"{rel(md)}: the unread sources' sentence claims they were compared")
            assert "照らし合わせた" not in ul.find_previous_sibling("h3").get_text()


def test_edit_link_is_at_the_foot_not_beside_the_title(built_site):
    """The pencil beside every title is gone; 「このページの修正を提案する」 opens the page's source on GitHub."""
    for page, soup in html_pages(built_site):
        where = page.relative_to(built_site)
        article = soup.select_one("article")
        assert not article.select(".md-content__button, a[title*='編集'], a[title*='Edit']"), (
            f"{where}: edit button beside the title")
        links = article.select("p.edit-link a")
        assert len(links) == 1 and links[0].get_text(strip=True) == "このページの修正を提案する", f"{where}: no edit link"
        assert links[0]["href"].startswith("https://github.com/jidoencho-guide/norton/edit/main/docs/"), links[0]["href"]
        last = [el for el in article.find_all(recursive=False) if el.name not in ("script",)][-1]
        assert last.select_one("a") is links[0] or last is links[0].parent, f"{where}: edit link is not at the page foot"
