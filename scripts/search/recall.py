"""Measure the site's own search box in Chromium: recall@3 of tests/data/search_queries.yml.

Works on a site built by either engine (scripts/build_site.py), through that engine's own search UI:

- Material: types into `input.md-search__input` (fill, then the End key: its search reacts to keyup)
  and reads `.md-search-result__list`, which groups results by page;
- Zensical: opens the search dialog (`.md-search__button`, or the header icon on a phone), types
  into its `input[role=combobox]` (inside an open shadow root; Playwright pierces it) and reads the
  links of `ol[role=listbox]`, one row per page or section, grouped here by page in list order.

`measure_harness` gives the same figures without a browser: it runs the build's search worker
(search-relax.js around the engine's own) in Node, through tests/search_worker_harness.cjs, and
groups its answer the way the result list does. `make test` measures recall that way
(tests/test_search_recall.py); tests/browser/test_search.py checks on a sample that the search
box and the harness agree.

A query passes when its expected page, or page#section, is in the first three page groups: "top 3"
means the first three pages, and a section target must be one of the links inside those three.
The query file has two halves: `held_out: true` queries were written before any tuning and are never
tuned against (their recall is the figure that counts); the rest is the tuning half.

    python -m scripts.search.recall                 # both engines, tuned and untuned, both halves
    python -m scripts.search.recall --engine zensical
    python -m scripts.search.recall --site site/    # only measure an already built site
    python -m scripts.search.recall --show 5        # also print the top 5 for every query
    python -m scripts.search.recall --harness       # through the Node harness (no Chromium)

Exit status: 0 when every tuned build finds every query, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from scripts import ROOT
from scripts.browser.chromium import CHROMIUM, LOCKED_DOWN_ARGS as CHROMIUM_ARGS
from scripts.browser.serve_static import serve
from scripts.build_site import ENGINES, build_site

QUERIES_FILE = ROOT / "tests" / "data" / "search_queries.yml"
HARNESS = Path(__file__).with_name("harness.cjs")


@dataclass
class Query:
    q: str
    expect: list[str]  # any of these targets ("page/" or "page/#anchor") counts
    why: str = ""
    held_out: bool = False


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
        out.append(Query(str(item["q"]), [expect] if isinstance(expect, str) else list(expect),
                         item.get("why", ""), bool(item.get("held_out", False))))
    return out


def engine_of(site_dir: Path) -> str:
    """Which engine built this site: Zensical writes search.json, Material search/search_index.json."""
    return "zensical" if (Path(site_dir) / "search.json").exists() else "mkdocs"


def target_of(href: str, base: str) -> str:
    parts = urlsplit(href)
    path = parts.path[len(urlsplit(base).path) :]
    return path + (f"#{parts.fragment}" if parts.fragment else "")


# Material ------------------------------------------------------------------------------------

def _material_open(page) -> None:
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


def _material_query(page, base_url: str, query: str) -> list[list[str]]:
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


# Zensical ------------------------------------------------------------------------------------

# The search UI lives in an open shadow root; its status line says 「検索の準備をしています…」
# ("Loading search…" in an unlocalized build, scripts/data/zensical_ui_ja.yml) until the worker has
# the index, then "" (no query), 「N件見つかりました」 or 「何も見つかりませんでした」.
ZENSICAL_STATUS = """() => { const h = [...document.querySelectorAll('body > *')].find(e => e.shadowRoot);
    const s = h && h.shadowRoot.querySelector('[role=status]'); return s ? s.textContent.trim() : null; }"""


def zensical_open(page) -> None:
    """Open Zensical's search dialog the way a reader does (button, or the header icon on a phone)."""
    button = page.locator(".md-search__button")
    if button.is_visible():
        button.click()
    else:
        page.locator("label.md-header__button[for=__search]").click()
    page.locator("input[role=combobox]").wait_for()


def _zensical_open(page) -> None:
    zensical_open(page)
    page.wait_for_function(f"() => {{ const t = ({ZENSICAL_STATUS})(); return t !== null && !/^(Loading|検索の準備)/.test(t); }}",
                           timeout=30000)


def _zensical_query(page, base_url: str, query: str) -> list[list[str]]:
    box = page.locator("input[role=combobox]")
    box.fill("")
    page.wait_for_function(f"() => ({ZENSICAL_STATUS})() === ''")
    box.fill(query)
    # The status line changes first and the rows follow (ten at a time, more when scrolled); rows of
    # the previous query can still be on screen, and "no results" shows for a moment while the worker
    # answers. So: wait for rows whose links carry ?h=<this query>, and for the same answer twice.
    snapshot = f"""(q) => {{ const t = ({ZENSICAL_STATUS})();
        const root = [...document.querySelectorAll('body > *')].find(e => e.shadowRoot).shadowRoot;
        const links = [...root.querySelectorAll('ol[role=listbox] a')].map(a => a.href);
        const n = parseInt((t || '').replace(/[^0-9]/g, '') || '0', 10);
        const ready = !!t && links.length >= Math.min(n, 10)
          && links.every(h => new URL(h).searchParams.get('h') === q);
        return ready ? [t, ...links] : null; }}"""
    previous, stable, deadline = None, 0, time.monotonic() + 15
    while True:
        current = page.evaluate(snapshot, query)
        stable += current is not None and current == previous
        # "No results" (a status line and no rows) also shows for a moment while the worker is busy:
        # trust it only after 2 s.
        if stable >= (8 if current and len(current) == 1 else 1):
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"Zensical search gave no stable answer for {query!r}: {current!r}")
        if current != previous:
            stable = 0
        previous = current
        page.wait_for_timeout(250)
    hrefs = current[1:]
    groups: dict[str, list[str]] = {}
    for href in hrefs:
        target = target_of(urlsplit(base_url)._replace(path="").geturl() + href if href.startswith("/") else href, base_url)
        groups.setdefault(target.split("#")[0], [target.split("#")[0]]).append(target)
    return list(groups.values())


DRIVERS = {"mkdocs": (_material_open, _material_query), "zensical": (_zensical_open, _zensical_query)}


def rank_of(groups: list[list[str]], expect: list[str]) -> int | None:
    for i, group in enumerate(groups, 1):
        for target in expect:
            if "#" in target:
                if target in group:
                    return i
            elif group and group[0] == target:
                return i
    return None


def measure(site_dir: Path, queries: list[Query], browser, engine: str | None = None) -> list[Outcome]:
    engine = engine or engine_of(site_dir)
    open_search, run_query = DRIVERS[engine]
    with serve(site_dir) as base_url:
        ctx = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="ja-JP")
        ctx.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(base_url) else r.abort(),
        )
        page = ctx.new_page()
        page.goto(base_url, wait_until="load")
        open_search(page)
        outcomes = []
        for q in queries:
            groups = run_query(page, base_url, q.q)
            outcomes.append(Outcome(q, rank_of(groups, q.expect), groups))
        ctx.close()
    return outcomes


def harness_groups(answer: dict) -> list[list[str]]:
    """The result groups of one harness answer, as the result list shows them: Material's come
    grouped by page and its list puts the page's own link first; Zensical's rows (one per page or
    section) are grouped by page in list order, as _zensical_query does."""
    if "groups" in answer:
        return [[g[0].split("#")[0]] + [loc for loc in g if "#" in loc] for g in answer["groups"] if g]
    groups: dict[str, list[str]] = {}
    for location in answer.get("locations", []):
        page = location.split("#")[0]
        groups.setdefault(page, [page]).append(location)
    return list(groups.values())


def measure_harness(*sites: Path, queries: list[Query]) -> list[list[Outcome]]:
    """Recall outcomes from each build's search worker run in Node (no browser; one Node process per
    site, all at once: a 2-core machine measures both engines in the time of one)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed (Node.js 20 or later; see README)")
    steps = json.dumps([{"q": q.q} for q in queries])
    procs = [subprocess.Popen([node, str(HARNESS), str(site)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for site in sites]
    results = []
    for site, proc in zip(sites, procs):
        out, err = proc.communicate(steps, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"{HARNESS.name} {site} failed ({proc.returncode}): {err.strip()}")
        outcomes = []
        for query, answer in zip(queries, json.loads(out), strict=True):
            groups = harness_groups(answer)
            outcomes.append(Outcome(query, rank_of(groups, query.expect), groups))
        results.append(outcomes)
    return results


def recall(outcomes: list[Outcome]) -> float:
    return sum(o.ok for o in outcomes) / len(outcomes) if outcomes else 0.0


def halves(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    return {"tuning": [o for o in outcomes if not o.query.held_out],
            "held-out": [o for o in outcomes if o.query.held_out]}


def report(name: str, outcomes: list[Outcome], show: int = 0, held_out_details: bool = False) -> str:
    """Recall per half, and the tuning misses. Held-out queries are only counted unless
    `held_out_details` is set: seeing their misses is how a held-out set gets tuned against."""
    parts = ", ".join(f"{half} {sum(o.ok for o in os_)}/{len(os_)} = {recall(os_):.1%}"
                      for half, os_ in halves(outcomes).items() if os_)
    lines = [f"{name}: recall@3 {parts}"]
    for o in outcomes:
        if o.query.held_out and not held_out_details:
            continue
        if not o.ok or show:
            mark = "ok  " if o.ok else "MISS"
            rank = "-" if o.rank is None else str(o.rank)
            half = "held-out" if o.query.held_out else "tuning"
            tops = " | ".join(g[0] if g else "?" for g in o.top[: max(show, 3)])
            lines.append(f"  {mark} rank {rank:>2}  {half:8} {o.query.q!r} -> {', '.join(o.query.expect)}   top: {tops}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.search.recall", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="measure this built site only (engine detected from its index)")
    parser.add_argument("--engine", choices=ENGINES, action="append", help="build and measure only this engine")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE)
    parser.add_argument("--show", type=int, default=0, help="print the top N results of every query")
    parser.add_argument("--harness", action="store_true", help="measure through the Node harness, not Chromium")
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)

    from playwright.sync_api import sync_playwright

    ok = True
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if args.site:
            outcomes = measure_harness(args.site, queries=queries)[0] if args.harness else measure(args.site, queries, browser)
            print(report(f"{args.site} ({engine_of(args.site)})", outcomes, args.show))
            ok = all(o.ok for o in outcomes)
        else:
            for engine in args.engine or ENGINES:
                for tuned in (False, True):
                    site = Path(tmp) / f"{engine}-{'tuned' if tuned else 'default'}"
                    build_site(site, engine, search_ja=tuned)
                    outcomes = (measure_harness(site, queries=queries)[0] if args.harness
                                else measure(site, queries, browser, engine))
                    name = f"{engine} {'tuned (scripts/hooks/search_ja.py)' if tuned else 'untuned'}"
                    print(report(name, outcomes, args.show), flush=True)
                    ok = ok and (all(o.ok for o in outcomes) or not tuned)
        browser.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
