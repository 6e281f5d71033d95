"""Measure the site's own search box in Chromium: recall@3 of tests/data/search_queries.yml.

For every query, the script types it into Material's search field (fill, then the End key: the
search reacts to keyup) and reads the result list as the reader sees it. A query passes when its
expected page, or page#section, is among the first three results. The list groups results by page:
one page with its matching sections is one result, so "top 3" means the first three pages, and a
section target must be one of the links inside those three.

    python -m scripts.browser.search_recall                 # build with and without the search hook, compare
    python -m scripts.browser.search_recall --site site/    # only measure an already built site
    python -m scripts.browser.search_recall --show 5        # also print the top 5 for every query

Exit status: 0 when the tuned build finds every query, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from scripts import ROOT
from scripts.browser.serve_static import serve
from scripts.browser.chromium import CHROMIUM, LOCKED_DOWN_ARGS as CHROMIUM_ARGS

QUERIES_FILE = ROOT / "tests" / "data" / "search_queries.yml"


@dataclass
class Query:
    q: str
    expect: list[str]  # any of these targets ("page/" or "page/#anchor") counts
    why: str = ""


@dataclass
class Outcome:
    query: Query
    rank: int | None  # 1-based rank of the page group holding an expected target, None = not in the list
    top: list[list[str]]  # result groups as rendered: [page, section, ...] targets

    @property
    def ok(self) -> bool:
        return self.rank is not None and self.rank <= 3


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for item in data["queries"]:
        expect = item["expect"]
        out.append(Query(str(item["q"]), [expect] if isinstance(expect, str) else list(expect), item.get("why", "")))
    return out


def target_of(href: str, base: str) -> str:
    parts = urlsplit(href)
    path = parts.path[len(urlsplit(base).path) :]
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def open_search(page, base_url: str) -> None:
    page.goto(base_url, wait_until="load")
    label = page.locator("label.md-header__button[for=__search]")
    if label.is_visible():
        label.click()
    page.locator("input.md-search__input").click()
    # Wait for the worker to finish indexing (the initializer message goes away).
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && m.textContent.trim() !== '' && !m.textContent.includes('初期化'); }""",
        timeout=30000,
    )


def run_query(page, base_url: str, query: str) -> list[list[str]]:
    box = page.locator("input.md-search__input")
    placeholder = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']")
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "(p) => document.querySelector('.md-search-result__meta').textContent.trim() === p", arg=placeholder
    )
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "(p) => document.querySelector('.md-search-result__meta').textContent.trim() !== p", arg=placeholder
    )
    groups = page.evaluate(
        """() => [...document.querySelectorAll('.md-search-result__list > li.md-search-result__item')]
             .map(li => [...li.querySelectorAll('a.md-search-result__link')].map(a => a.href))"""
    )
    return [[target_of(h, base_url) for h in g] for g in groups]


def rank_of(groups: list[list[str]], expect: list[str]) -> int | None:
    for i, group in enumerate(groups, 1):
        for target in expect:
            if "#" in target:
                if target in group:
                    return i
            elif group and group[0] == target:
                return i
    return None


def measure(site_dir: Path, queries: list[Query], browser) -> list[Outcome]:
    with serve(site_dir) as base_url:
        ctx = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="ja-JP")
        ctx.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(base_url) else r.abort(),
        )
        page = ctx.new_page()
        open_search(page, base_url)
        outcomes = []
        for q in queries:
            groups = run_query(page, base_url, q.q)
            outcomes.append(Outcome(q, rank_of(groups, q.expect), groups))
        ctx.close()
    return outcomes


def build(out: Path, tuned: bool) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SEARCH_JA="on" if tuned else "off")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, env=env, check=True,
    )


def recall(outcomes: list[Outcome]) -> float:
    return sum(o.ok for o in outcomes) / len(outcomes) if outcomes else 0.0


def report(name: str, outcomes: list[Outcome], show: int = 0) -> str:
    lines = [f"{name}: recall@3 = {sum(o.ok for o in outcomes)}/{len(outcomes)} = {recall(outcomes):.0%}"]
    for o in outcomes:
        if not o.ok or show:
            mark = "ok  " if o.ok else "MISS"
            rank = "-" if o.rank is None else str(o.rank)
            tops = " | ".join(g[0] if g else "?" for g in o.top[: max(show, 3)])
            lines.append(f"  {mark} rank {rank:>2}  {o.query.q!r} -> {', '.join(o.query.expect)}   top: {tops}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.browser.search_recall", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="measure this built site only")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE)
    parser.add_argument("--show", type=int, default=0, help="print the top N results of every query")
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if args.site:
            tuned = measure(args.site, queries, browser)
            print(report(str(args.site), tuned, args.show))
        else:
            sites = {"default (SEARCH_JA=off)": Path(tmp) / "default", "tuned (scripts/hooks/search_ja.py)": Path(tmp) / "tuned"}
            build(sites["default (SEARCH_JA=off)"], tuned=False)
            build(sites["tuned (scripts/hooks/search_ja.py)"], tuned=True)
            results = {name: measure(path, queries, browser) for name, path in sites.items()}
            for name, outcomes in results.items():
                print(report(name, outcomes, args.show))
            tuned = results["tuned (scripts/hooks/search_ja.py)"]
        browser.close()
    return 0 if all(o.ok for o in tuned) else 1


if __name__ == "__main__":
    raise SystemExit(main())
