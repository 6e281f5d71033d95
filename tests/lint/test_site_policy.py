"""The page rules of scripts/lint/site_policy.py (links, phone numbers, front matter, sources, one-line
paragraphs) on the real pages and on planted mistakes, and the built site's furniture (heading ids, the
非公式 footer, 最終確認日 and 出典, every <a href>). Every failure names the file and line.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts import link_guard
from scripts.content import read_front_matter, source_urls
from scripts.lint import site_policy
from scripts.lint.site_policy import PHONE_RE, SITE_URL

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def policy():
    return site_policy.load_policy()


def test_built_html_links_only_to_allowed_domains(built_site, links_data):
    """Every <a href> of the built site (theme, hooks and templates included), resolved against its page."""
    allowed = link_guard.allowed_map(links_data["allowed_domains"])
    errors, checked = [], 0
    for page in sorted(built_site.rglob("*.html")):
        rel_dir = page.relative_to(built_site).parent.as_posix()
        base = SITE_URL + ("" if rel_dir == "." else rel_dir + "/") + ("" if page.name == "index.html" else page.name)
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(["a", "area"], href=True):
            checked += 1
            if problem := link_guard.judge(a["href"], base, allowed):
                errors.append(f"{page.relative_to(built_site)}: {problem}")
    assert checked > 100, f"only {checked} links found in {built_site}"
    assert not errors, "\n".join(errors)


def test_every_link_target_is_judged_as_a_browser_resolves_it(policy):
    """Reference definitions, scheme-less hosts, javascript: and backslashes are all found and refused;
    relative links resolve against the page's own address; links in code are no links."""
    text = ("---\ntitle: t\nlast_verified: 2026-11-27\nsources:\n"
            "  - https://www.nortonstore.jp/support/autorenewal/flow/\n---\n\n"
            "[参照][r] と [相対](//evil.example/x) と [js](javascript:alert(1)) と [bs](https:\\\\evil.example)。\n\n"
            "[r]: https://evil.example\\@support.norton.com/\n\n"
            "<a href='https://github.com/jidoencho-guide/norton-evil'>x</a> と www.evil.example/path 。\n\n"
            "`[コード](javascript:ok)` と [FAQ](../faq.md#refund) と [上](../../../../x)。\n")
    problems = [str(p) for p in site_policy.check_text(text, "docs/stop/page.md", policy)]
    assert [int(p.split(":")[1]) for p in problems] == [8, 8, 8, 10, 12, 12, 12], problems  # the <a> is raw HTML too
    assert site_policy.page_url("docs/stop/index.md") == SITE_URL + "stop/"
    assert site_policy.page_url("docs/index.md") == SITE_URL and site_policy.page_url("x.md") == SITE_URL + "x/"


PHONES = ["0120-123-456", "03-1234-5678", "+81 3 1234 5678", "1-800-123-4567", "０１２０－１２３－４５６", "09012345678",
          "(03)1234-5678"]
NOT_PHONES = ["2026-11-27", "kb20100113164023EN", "v20230504142152891", "60 日", "SY12345678",
              "https://support.norton.com/sp/ja/jp/home/current/solutions/v81141465"]


@pytest.mark.parametrize("text, phone", [(t, True) for t in PHONES] + [(t, False) for t in NOT_PHONES])
def test_phone_pattern_catches_numbers_and_spares_dates_and_ids(text, phone):
    assert bool(PHONE_RE.search(unicodedata.normalize("NFKC", f"電話は{text}へ"))) == phone, text


STORE = (DOCS / "stop" / "store.md").read_text(encoding="utf-8")


def _plant(line: str) -> tuple[str, int]:
    """docs/stop/store.md with `line` inserted as its own paragraph; returns (text, its line number)."""
    lines = STORE.split("\n")
    at = next(i for i in range(30, len(lines)) if lines[i] == "" and lines[i - 1] and not lines[i - 1].startswith("///"))
    return "\n".join(lines[:at + 1] + [line, ""] + lines[at + 1:]), at + 2


PLANTED = {
    "http in code": ("アドレスは `http://www.nortonstore.jp/` です。", "does not use https://"),
    "unlisted official page": ("[ストア](https://www.nortonstore.jp/new-page/)を開きます。", "not listed in scripts/data/links.yml sources"),
    "line break in a paragraph": ("日本語の文の途中で\n改行しています。", "join this line"),
}


@pytest.mark.parametrize("case", sorted(PLANTED))
def test_planted_mistake_is_reported_once_with_its_line(case, policy):
    line, words = PLANTED[case]
    text, at = _plant(line)
    problems = [str(p) for p in site_policy.check_text(text, "docs/stop/store.md", policy)]
    at += 1 if case == "line break in a paragraph" else 0
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"docs/stop/store.md:{at}: ") and words in problems[0], problems


LAST_VERIFIED = re.search(r"(?m)^last_verified: .*$", STORE).group(0)
ORDER_SOURCE = "url: https://www.nortonstore.jp/orderstatus/\n"


@pytest.mark.parametrize("old, new, words", [
    (LAST_VERIFIED, "last_verified: 2026-11-31", "4: `last_verified: 2026-11-31` is not a real date"),
    (LAST_VERIFIED, "last_verified: 2026/11/27", "4: `last_verified` must be a date like 2026-11-27"),
    (LAST_VERIFIED, "last_verified: 2999-01-01", "4: `last_verified: 2999-01-01` is in the future"),
    ("title: ", "title: [", "front matter is not valid YAML"),
    (ORDER_SOURCE, ORDER_SOURCE.replace("orderstatus", "other"),
     ": source https://www.nortonstore.jp/other/ is not listed in scripts/data/links.yml sources"),
    ("\nsources:", "\nsourcez:", "lacks a `sources` list"),
])
def test_front_matter_mistakes_are_one_line_each(old, new, words, policy):
    assert old in STORE
    problems = [str(p) for p in site_policy.check_text(STORE.replace(old, new, 1), "docs/stop/store.md", policy)
                if "sourcez" not in str(p)]  # an unknown key is the markup rule's business (tests/lint/test_markup.py)
    assert len(problems) == 1 and words in problems[0], problems


def test_safety_page_lists_exactly_the_allowed_domains(links_data):
    """docs/safety.md #why-official-only tells readers "this guide links only to these domains": its table's
    first column must be links.yml allowed_domains, no more, no less."""
    text = (DOCS / "safety.md").read_text(encoding="utf-8")
    section = text.split("{ #why-official-only }", 1)[1].split("\n## ", 1)[0]
    shown = set(re.findall(r"(?m)^\|\s*([a-z0-9.-]+\.[a-z]{2,})\s*\|", section))
    allowed = {d["host"] for d in links_data["allowed_domains"]}
    assert shown == allowed, f"docs/safety.md: the domain table differs from links.yml: {shown ^ allowed}"


def html_pages(site: Path):
    for page in sorted(site.rglob("index.html")):
        if page.parent.name in ("search", "assets"):
            continue
        yield page, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_every_built_page_says_unofficial_and_gives_headings_stable_ascii_ids(built_site):
    errors = []
    for page, soup in html_pages(built_site):
        footer = soup.select_one("footer .md-copyright")
        if not (footer and "非公式" in footer.get_text()):
            errors.append(f"{page.relative_to(built_site)}: footer lacks the 非公式 notice")
        for h in soup.select_one("article").find_all(["h2", "h3"]):
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", hid := h.get("id", "")):  # not `_1`, `_2` …
                errors.append(f"{page.relative_to(built_site)}: heading {h.get_text(strip=True)!r} has id {hid!r}; "
                              "give it `{ #ascii-id }`")
    assert not errors, "\n".join(errors)


UNREAD_CLAIM = re.compile(r"照らし合わせて.{0,40}確認しました")


def test_sources_and_date_are_shown(built_site, links_data):
    """Every page shows its 最終確認日 and its 出典 as its front matter lists them, compared and unread
    sources apart, never claiming to have compared the unread ones (titles and the wording of the box:
    tests/test_build_site.py, under both builders)."""
    unread = {s["url"] for s in links_data["sources"] if s.get("compared", True) is False}
    for md in PAGES:
        meta, url_path = read_front_matter(md), md.relative_to(DOCS).with_suffix("")
        html = built_site / ("index.html" if url_path.name == "index" else url_path / "index.html")
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        date = soup.select_one(".verified-date time")
        assert date and date["datetime"] == str(meta["last_verified"]), f"{rel(md)}: 最終確認日 not shown"
        urls = source_urls(meta)
        for kind, want in (("compared", [u for u in urls if u not in unread]),
                           ("unread", [u for u in urls if u in unread])):
            shown = [a["href"] for a in soup.select(f"#page-sources .page-sources__{kind} li a")]
            assert shown == want, f"{rel(md)}: {kind} 出典 differ from front matter"
        for ul in soup.select("#page-sources .page-sources__unread"):
            intro, heading = ul.find_previous_sibling("p"), ul.find_previous_sibling("h3")
            assert not UNREAD_CLAIM.search(intro.get_text()), f"{rel(md)}: claims the unread pages were compared"
            assert "照らし合わせた" not in heading.get_text(), rel(md)


def test_template_escapes_data_it_prints(root):
    """MkDocs renders templates with autoescape off: values from front matter and links.yml are escaped."""
    template = (root / "overrides" / "main.html").read_text(encoding="utf-8")
    for raw in ("{{ src }}", "{{ src.url }}", "{{ src.title }}", "{{ info.title }}", "{{ info.host }}"):
        assert raw not in template, f"overrides/main.html prints {raw} unescaped; add `| e`"
