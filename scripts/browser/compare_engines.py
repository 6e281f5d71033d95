"""Compare the two builds for README「エンジン」: build time, first load, search recall, axe.

For each engine (scripts/build_site.py), in one run on this machine:
  * build time: median of 3 strict builds (for Zensical including its search tuning; from a fresh
    copy of the project, so with a cold .cache/);
  * first load of the start page at 390x844, fresh cache, gzip, counted by the server (KiB);
  * recall@3 of tests/data/search_queries.yml through the engine's own search box, tuning and
    held-out halves;
  * axe-core violations over every page, light palette on a phone and dark palette on a desktop.
Prints a Markdown table.

    python -m scripts.browser.compare_engines
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from scripts.browser.chromium import CHROMIUM, LOCKED_DOWN_ARGS, page_paths
from scripts.search.recall import QUERIES_FILE, halves, load_queries, measure, recall
from scripts.browser.serve_static import serve
from scripts.build_site import ENGINES, build_site

PALETTE_DARK = """if (location.protocol === "http:") localStorage.setItem("/.__palette", JSON.stringify({index: 1,
    color: {media: "(prefers-color-scheme: dark)", scheme: "slate", primary: "indigo", accent: "indigo"}}));"""


def first_load_kib(browser, site: Path) -> float:
    log: list = []
    with serve(site, sent_log=log) as url:
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
        page = ctx.new_page()
        log.clear()
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        ctx.close()
    return sum(size for _, size in log) / 1024


def axe_violations(browser, site: Path) -> int:
    from axe_playwright_python.sync_playwright import Axe

    axe, count = Axe(), 0
    with serve(site) as url:
        for dark, viewport in ((False, {"width": 390, "height": 844}), (True, {"width": 1280, "height": 900})):
            ctx = browser.new_context(base_url=url, viewport=viewport, service_workers="block")
            if dark:
                ctx.add_init_script(PALETTE_DARK)
            for path in page_paths(site):
                page = ctx.new_page()
                page.goto(path, wait_until="load")
                page.wait_for_load_state("networkidle")
                count += len(axe.run(page).response.get("violations", []))
                page.close()
            ctx.close()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.browser.compare_engines", description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    queries = load_queries(QUERIES_FILE)
    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LOCKED_DOWN_ARGS)
        for engine in ENGINES:
            times = [build_site(Path(tmp) / f"{engine}{i}", engine) for i in range(3)]
            site = Path(tmp) / f"{engine}0"
            parts = halves(measure(site, queries, browser, engine))
            rows.append((engine, f"{statistics.median(times):.2f} s", f"{first_load_kib(browser, site):.1f} KiB",
                         f"{recall(parts['tuning']):.1%} ({sum(o.ok for o in parts['tuning'])}/{len(parts['tuning'])})",
                         f"{recall(parts['held-out']):.1%} ({sum(o.ok for o in parts['held-out'])}/{len(parts['held-out'])})",
                         str(axe_violations(browser, site))))
        browser.close()
    print("| engine | build | first load (start page, gzip) | recall@3 tuning | recall@3 held-out | axe violations |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
