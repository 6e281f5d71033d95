"""Helpers the browser tests share: viewports, the pages of docs/ by kind, opening a page, planted HTML.

A planted page (conftest.py `plant`) is a real built page, so its CSS and layout apply, with its text
replaced by a block of markup: a good planted page must pass a check and a bad one must fail it.
"""

from __future__ import annotations

from pathlib import Path

from scripts.browser.chromium import PHONE, settle

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
DESKTOP = {"width": 1280, "height": 900}
TOUCH = {"viewport": PHONE, "has_touch": True, "is_mobile": True}  # new_context("light", **TOUCH)
SCREEN = PHONE["height"]


def url_of(md: Path) -> str:
    """The site path of a page of docs/ ("" for docs/index.md, "stop/store/" for docs/stop/store.md)."""
    rel = md.relative_to(DOCS).with_suffix("").as_posix()
    return "" if rel == "index" else rel.removesuffix("/index") + "/"


PAGES = {url_of(md): md for md in sorted(DOCS.rglob("*.md"))}
PROCEDURES = {path: md for path, md in PAGES.items() if md.parent.name == "stop" or md.name == "order-number.md"}
# Pages read end to end (issue 8; the route pages of issue 16 too): reading length and research notes.
READING_PAGES = ["", *PROCEDURES, "faq/", "statement/", "other/", "en/"]


def visit(page, path: str):
    """Load `path` in `page` and wait until the network has been quiet for 100 ms."""
    page.goto(path, wait_until="load")
    settle(page)
    return page


def after_title(html: str, block: str) -> str:
    """Put `block` right after the page title in place of the page's own text (the 出典 box is kept)."""
    head, tail = html.split("</h1>", 1)
    keep = tail.find('<aside class="page-sources"')
    return head + "</h1>" + block + tail[keep if keep >= 0 else tail.find("</article>"):]


def report(problems: list[str]) -> str:
    return "\n  ".join(problems)
