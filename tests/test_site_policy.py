"""Guard rails for the guide's content: links, phone numbers, front matter, sources, furniture.

The page rules live in scripts/lint/site_policy.py (which `make lint` and the pre-commit hook run);
these tests run it over the real pages, pin down its judgement on small examples, and check the
built site (heading ids, the 非公式 footer, 最終確認日 and 出典). Every failure names the file and line.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.doclinks import read_front_matter
from scripts.lint import site_policy
from scripts.lint.site_policy import PHONE_RE, link_problem

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def policy():
    return site_policy.load_policy()


def test_pages_exist():
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    for required in ("index.md", "order-number.md", "stop/account.md", "stop/store.md", "stop/chat.md",
                     "faq.md", "safety.md", "about.md"):
        assert required in names, f"docs/{required} is missing"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_follows_the_site_policy(page, policy):
    """Allowed domains over https, no http://, no phone number, front matter, listed sources, one-line paragraphs."""
    problems = site_policy.check_text(page.read_text(encoding="utf-8"), rel(page), policy)
    assert not problems, "\n".join(map(str, problems))


ALLOWED = {"support.norton.com": "/", "github.com": "/jidoencho-guide/norton"}


@pytest.mark.parametrize("url, verdict", [
    ("faq.md#refund", None),
    ("#top", None),
    ("mailto:someone@example.com", None),
    ("https://support.norton.com/sp/ja/jp/", None),
    ("https://github.com/jidoencho-guide/norton/issues", None),
    ("http://support.norton.com/", "does not use https://"),
    ("https://example.com/x", "example.com is not in scripts/data/links.yml allowed_domains"),
    ("https://github.com/someone/else", "on github.com only /jidoencho-guide/norton is allowed"),
])
def test_link_problem(url, verdict):
    got = link_problem(url, ALLOWED)
    assert (got is None) if verdict is None else (got and verdict in got), got


@pytest.mark.parametrize("text", ["0120-123-456", "03-1234-5678", "+81 3 1234 5678", "1-800-123-4567",
                                  "０１２０－１２３－４５６", "09012345678", "(03)1234-5678"])
def test_phone_pattern_catches(text):
    import unicodedata

    assert PHONE_RE.search(unicodedata.normalize("NFKC", f"電話は{text}へ")), text


@pytest.mark.parametrize("text", ["2026-11-27", "kb20100113164023EN", "v20230504142152891", "60 日", "SY12345678",
                                  "https://support.norton.com/sp/ja/jp/home/current/solutions/v81141465"])
def test_phone_pattern_spares(text):
    assert not PHONE_RE.search(text), text


STORE = (DOCS / "stop" / "store.md").read_text(encoding="utf-8")


def _plant(line: str) -> tuple[str, int]:
    """docs/stop/store.md with `line` inserted as its own paragraph; returns (text, its line number)."""
    lines = STORE.split("\n")
    at = next(i for i in range(30, len(lines)) if lines[i] == "" and lines[i - 1] and not lines[i - 1].startswith("///"))
    return "\n".join(lines[:at + 1] + [line, ""] + lines[at + 1:]), at + 2


PLANTED = {
    "non-allowed domain": ("詳しくは[解説](https://example.com/norton)を見てください。", "example.com is not in scripts/data/links.yml allowed_domains"),
    "http link": ("[注文情報確認](http://www.nortonstore.jp/orderstatus/)を開きます。", "does not use https://"),
    "http in code": ("アドレスは `http://www.nortonstore.jp/` です。", "does not use https://"),
    "phone number": ("電話は 0120-123-456 です。", "looks like a phone number: '0120-123-456'"),
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


@pytest.mark.parametrize("value, words", [
    ("2026-11-31", "`last_verified: 2026-11-31` is not a real date"),
    ("2026/11/27", "must be a date like 2026-11-27"),
    ("2999-01-01", "is in the future"),
])
def test_wrong_last_verified_is_one_line_at_its_line(value, words, policy):
    text = STORE.replace("last_verified: 2026-11-27", f"last_verified: {value}")
    problems = [str(p) for p in site_policy.check_text(text, "docs/stop/store.md", policy)]
    assert problems == [p for p in problems if p.startswith("docs/stop/store.md:4: ")] and len(problems) == 1, problems
    assert words in problems[0]


def test_front_matter_rules(policy):
    no_sources = STORE.split("sources:")[0] + "---\n\n# x { #x }\n"
    problems = [str(p) for p in site_policy.check_text(no_sources, "docs/stop/store.md", policy)]
    assert any("lacks a `sources` list" in p for p in problems), problems
    unlisted = STORE.replace("  - https://www.nortonstore.jp/orderstatus/\n", "  - https://www.nortonstore.jp/other/\n", 1)
    problems = [str(p) for p in site_policy.check_text(unlisted, "docs/stop/store.md", policy)]
    assert problems == ["docs/stop/store.md:6: source https://www.nortonstore.jp/other/ is not listed in scripts/data/links.yml sources (add it with url/title/expect)"]
    broken = STORE.replace("title: ", "title: [", 1)
    problems = [str(p) for p in site_policy.check_text(broken, "docs/stop/store.md", policy)]
    assert len(problems) == 1 and "front matter is not valid YAML" in problems[0], problems


def test_cli_prints_file_and_line_once(tmp_path):
    (tmp_path / "docs" / "stop").mkdir(parents=True)
    text, at = _plant("電話は 0120-123-456、[例](http://example.com/) です。")
    (tmp_path / "docs" / "stop" / "store.md").write_text(text.replace("2026-11-27", "2026-11-31"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "scripts.lint.site_policy", "docs"], cwd=tmp_path,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        "docs/stop/store.md:4: `last_verified: 2026-11-31` is not a real date (day is out of range for month)",
        f"docs/stop/store.md:{at}: http://example.com/ does not use https:// (write https://)",
        f"docs/stop/store.md:{at}: looks like a phone number: '0120-123-456' — the guide never publishes one",
    ], proc.stdout
    assert "Traceback" not in proc.stderr
    help_ = subprocess.run([sys.executable, "-m", "scripts.lint.site_policy", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert help_.returncode == 0 and "python -m scripts.lint.site_policy" in help_.stdout


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


def test_sources_and_date_are_shown(built_site, links_data):
    titles = {s["url"]: s["title"] for s in links_data["sources"]}
    for md in PAGES:
        meta = read_front_matter(md)
        if not meta.get("sources"):
            continue
        url_path = md.relative_to(DOCS).with_suffix("")
        html = built_site / ("index.html" if url_path.name == "index" else url_path / "index.html")
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        date = soup.select_one(".verified-date time")
        assert date and date["datetime"] == str(meta["last_verified"]), f"{rel(md)}: 最終確認日 not shown"
        links = soup.select("#page-sources li a")
        assert [a["href"] for a in links] == list(meta["sources"]), f"{rel(md)}: 出典 list differs from front matter"
        for a in links:
            assert a.get_text(strip=True) == titles[a["href"]], f"{rel(md)}: 出典 {a['href']} is not shown by its title"
