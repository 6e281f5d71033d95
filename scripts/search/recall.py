"""Recall@3 of tests/data/search_queries.yml on either engine's build, from its search worker in Node.

A query passes when its expected page (or page#section) is in the first three result groups (by page,
in list order). measure_harness runs the build's worker in Node (harness.cjs); measure types into the
engine's own search box in Chromium, for tests/browser/test_search.py to check that both agree.
`held_out: true` queries are never tuned against: their recall is the figure that counts.

    python -m scripts.search.recall                  # build both engines, tuned and untuned, and measure
    python -m scripts.search.recall --site site/     # only measure an already built site
    python -m scripts.search.recall --show 5         # also print the top 5 of every tuning query

Exit status: 0 when every tuned build finds every query, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scripts import ROOT
from scripts.browser.serve_static import serve
from scripts.build_site import ENGINES, build_site
from scripts.safe_yaml import load as load_yaml
from scripts.search.index import engine_of

QUERIES_FILE = ROOT / "tests" / "data" / "search_queries.yml"
HARNESS = Path(__file__).with_name("harness.cjs")


@dataclass
class Query:
    q: str
    expect: list[str]  # any of these targets ("page/" or "page/#anchor") counts
    held_out: bool = False


@dataclass
class Outcome:
    query: Query
    top: list[list[str]]  # result groups as listed: [page, its sections...]

    @property
    def rank(self) -> int | None:
        """1-based rank of the first group holding an expected target (None: not listed)."""
        for i, group in enumerate(self.top, 1):
            if any(t in group if "#" in t else group[0] == t for t in self.query.expect):
                return i
        return None

    @property
    def ok(self) -> bool:
        return self.rank is not None and self.rank <= 3


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    items = load_yaml(path.read_text(encoding="utf-8"))["queries"]
    return [Query(str(i["q"]), [i["expect"]] if isinstance(i["expect"], str) else list(i["expect"]),
                  bool(i.get("held_out", False))) for i in items]


def by_page(locations: list[str]) -> list[list[str]]:
    """Result locations ("page/", "page/#section") grouped by page in list order: [page, sections...]."""
    groups: dict[str, list[str]] = {}
    for location in locations:
        group = groups.setdefault(location.split("#")[0], [location.split("#")[0]])
        if "#" in location:
            group.append(location)
    return list(groups.values())


# In Chromium ----------------------------------------------------------------------------------

# Zensical's search UI is in an open shadow root; its status line says 「検索の準備をしています…」 (or
# "Loading search…") until the worker has the index, then "" (no query) or the result count.
ZENSICAL_STATUS = """() => { const h = [...document.querySelectorAll('body > *')].find(e => e.shadowRoot);
    const s = h && h.shadowRoot.querySelector('[role=status]'); return s ? s.textContent.trim() : null; }"""
_META = "(document.querySelector('.md-search-result__meta') || {textContent: ''}).textContent.trim()"
_PLACEHOLDER = "JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
# engine: (search box, and in the page: ready (index loaded), idle (no query), the answer's links once
# complete). Zensical's ten rows are the harness's first page; each must carry ?h=<this query>.
UI = {
    "mkdocs": (
        "input.md-search__input",
        f"() => {{ const t = {_META}; return t !== '' && !t.includes('初期化'); }}",
        f"() => {_META} === {_PLACEHOLDER}",
        f"""() => {_META} !== {_PLACEHOLDER}
            && [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')].map(a => a.href)"""),
    "zensical": (
        "input[role=combobox]",
        f"() => {{ const t = ({ZENSICAL_STATUS})(); return t !== null && !/^(Loading|検索の準備)/.test(t); }}",
        f"() => ({ZENSICAL_STATUS})() === ''",
        f"""(q) => {{ const t = ({ZENSICAL_STATUS})() || '', n = parseInt(t.replace(/[^0-9]/g, '') || '0', 10);
            const root = [...document.querySelectorAll('body > *')].find(e => e.shadowRoot).shadowRoot;
            const links = [...root.querySelectorAll('ol[role=listbox] a')].slice(0, 10).map(a => a.href);
            return !!t && links.length >= Math.min(n, 10)
              && links.every(h => new URL(h).searchParams.get('h') === q) && links; }}"""),
}


def zensical_open(page) -> None:
    """Open Zensical's search dialog the way a reader does (button, or the header icon on a phone)."""
    button = page.locator(".md-search__button")
    if button.is_visible():
        button.click()
    else:
        page.locator("label.md-header__button[for=__search]").click()
    page.locator("input[role=combobox]").wait_for()


def open_search(page, engine: str) -> None:
    """Open the search the way a reader does and wait until its worker has the index."""
    if engine == "zensical":
        zensical_open(page)
    else:
        label = page.locator("label.md-header__button[for=__search]")
        if label.is_visible():
            label.click()
        page.locator(UI[engine][0]).click()
    page.wait_for_function(UI[engine][1], timeout=30000)


def search_box(page, engine: str, query: str) -> list[str]:
    """Type `query` into the open search box; return the listed locations, site-relative, in order."""
    box_selector, _, idle, answer = UI[engine]
    box = page.locator(box_selector)
    for text, done in (("", idle), (query, answer)):  # clear the box first, then type the query
        box.fill(text)
        if engine == "mkdocs":
            box.press("End")  # Material's search reacts to keyup
        links = page.wait_for_function(done, arg=query).json_value()
    if not links:  # Zensical shows "no results" while its worker is busy: trust it after 4 s
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        with contextlib.suppress(PlaywrightTimeout):
            links = page.wait_for_function(f"(q) => {{ const l = ({answer})(q); return l && l.length > 0 && l; }}",
                                           arg=query, timeout=4000).json_value()
    return [u.path[1:] + (f"#{u.fragment}" if u.fragment else "") for u in map(urlsplit, links)]  # served at /


def measure(site_dir: Path, queries: list[Query], browser, engine: str | None = None) -> list[Outcome]:
    """Outcomes through the engine's own search box on the start page, desktop width."""
    engine = engine or engine_of(site_dir)
    with serve(site_dir) as base_url:
        ctx = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="ja-JP")
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base_url) else r.abort())
        page = ctx.new_page()
        page.goto(base_url, wait_until="load")
        open_search(page, engine)
        outcomes = [Outcome(q, by_page(search_box(page, engine, q.q))) for q in queries]
        ctx.close()
    return outcomes


# In Node ------------------------------------------------------------------------------------

def run_harness(sites: list[Path], steps: list[dict], *options: str) -> list[list[dict]]:
    """Each build's answers to `steps` from its search worker in Node (harness.cjs `options` such as
    "--native"), one Node process per site, all at once."""
    if (node := shutil.which("node")) is None:
        raise RuntimeError("node is not installed (Node.js 20 or later; see README)")
    procs = [subprocess.Popen([node, str(HARNESS), str(site), *options], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for site in sites]
    answers = []
    for site, proc in zip(sites, procs):
        out, err = proc.communicate(json.dumps(steps), timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"{HARNESS.name} {site} failed ({proc.returncode}): {err.strip()}")
        answers.append(json.loads(out))
    return answers


def measure_harness(*sites: Path, queries: list[Query]) -> list[list[Outcome]]:
    """Outcomes per site, from its search worker run in Node (no browser)."""
    return [[Outcome(q, by_page(answer.get("locations", []))) for q, answer in zip(queries, answers, strict=True)]
            for answers in run_harness(list(sites), [{"q": q.q} for q in queries])]


# Figures ------------------------------------------------------------------------------------

def recall(outcomes: list[Outcome]) -> float:
    return sum(o.ok for o in outcomes) / len(outcomes) if outcomes else 0.0


def halves(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    return {"tuning": [o for o in outcomes if not o.query.held_out],
            "held-out": [o for o in outcomes if o.query.held_out]}


def report(name: str, outcomes: list[Outcome], show: int = 0) -> str:
    """Recall per half, and the tuning half's misses (or the top `show` of each of its queries); held-out
    misses are never shown (seeing them is how a held-out set gets tuned against)."""
    lines = [f"{name}: recall@3 " + ", ".join(f"{half} {sum(o.ok for o in os_)}/{len(os_)} = {recall(os_):.1%}"
                                              for half, os_ in halves(outcomes).items() if os_)]
    for o in halves(outcomes)["tuning"]:
        if not o.ok or show:
            tops = " | ".join(g[0] for g in o.top[: max(show, 3)])
            lines.append(f"  {'ok  ' if o.ok else 'MISS'} rank {o.rank or '-':>2}  {o.query.q!r} -> "
                         f"{', '.join(o.query.expect)}   top: {tops}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.search.recall", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[2:]))
    parser.add_argument("--site", type=Path, help="measure this built site only (engine detected from its index)")
    parser.add_argument("--engine", choices=ENGINES, action="append", help="build and measure only this engine")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE)
    parser.add_argument("--show", type=int, default=0, help="print the top N results of every tuning query")
    parser.add_argument("--harness", action="store_true", help=argparse.SUPPRESS)  # Node is the default now
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        if args.site:
            runs = [(args.site, engine_of(args.site), True)]
        else:
            runs = [(Path(tmp) / f"{e}-{tuned}", e, tuned) for e in args.engine or ENGINES for tuned in (False, True)]
            for site, engine, tuned in runs:
                build_site(site, engine, search_ja=tuned)
        results = measure_harness(*(site for site, _, _ in runs), queries=queries)
    failed = False
    for (_, engine, tuned), outcomes in zip(runs, results):
        print(report(f"{engine} {'tuned' if tuned else 'untuned'}", outcomes, args.show))
        failed |= tuned and not all(o.ok for o in outcomes)
    return 1 if failed else 0

if __name__ == "__main__":
    raise SystemExit(main())
