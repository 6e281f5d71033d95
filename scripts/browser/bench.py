"""`make bench`: build time, first-load transfer and Lighthouse scores against scripts/data/budgets.yml.

Measures the strict build (median of build_runs), every page's first load in Chromium from the gzip
server with a fresh cache (bytes sent, requests to other origins) and Lighthouse's mobile scores
(scripts/browser/lighthouse/, its own pinned npm install). Exits 1 when any budget fails.

    python -m scripts.browser.bench [--engine zensical] [--no-lighthouse]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from scripts import DATA, ROOT
from scripts.browser.chromium import (CHROMIUM, PHONE, QUIET_FLAGS, open_site, page_paths, print_table, settle,
                                     watch_network)
from scripts.build_site import ENGINES, build_site

# Installed by `make bench` only (npm ci --prefix scripts/browser/lighthouse): make test never needs it.
LIGHTHOUSE = ROOT / "scripts" / "browser" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
KINDS = {"search_index.json": "index", "search.json": "index", ".css": "css", ".js": "js", ".html": "html", "/": "html"}


def first_loads(browser, base_url: str, pages: list[str], sent_log: list) -> dict[str, dict]:
    """Per page, fresh cache: KiB the server sent (its own log: the search worker's requests count too),
    by kind, and the requests to other origins."""
    out: dict[str, dict] = {}
    for path in pages:
        ctx = browser.new_context(viewport=PHONE, service_workers="block")
        watch_network(ctx, base_url.rstrip("/"))
        page = ctx.new_page()
        sent_log.clear()
        page.goto(base_url + path, wait_until="load")
        settle(page)
        page.wait_for_timeout(1000)  # late requests (a deferred index) would count too
        kinds: dict[str, float] = {}
        for url_path, size in list(sent_log):
            kind = next((k for end, k in KINDS.items() if urlsplit(url_path).path.endswith(end)), "other")
            kinds[kind] = kinds.get(kind, 0) + size / 1024
        out[path] = {"kib": kinds, "third_party": list(ctx.foreign)}
        ctx.close()
    return out


def lighthouse(url: str, runs: int) -> tuple[dict[str, float], list[str]]:
    """Median category scores (0-100) of `runs` Lighthouse runs, and the failing audits of the last run."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make bench` (it installs Lighthouse)")
    flags = " ".join(["--headless=new", "--no-sandbox", *QUIET_FLAGS])
    scores: dict[str, list[float]] = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "lh.json"
            subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                            f"--chrome-flags={flags}",
                            "--only-categories=performance,accessibility,best-practices,seo"],
                           env=dict(os.environ, CHROME_PATH=CHROMIUM), check=True, timeout=300, capture_output=True)
            data = json.loads(report.read_text(encoding="utf-8"))
        for key, cat in data["categories"].items():
            scores.setdefault(key, []).append(round((cat["score"] or 0) * 100))
    failing = [f"{key}: {data['audits'][ref['id']]['title']}"
               for key, cat in data["categories"].items() if key != "performance"
               for ref in cat["auditRefs"]
               if ref.get("weight", 0) > 0 and data["audits"][ref["id"]].get("score") not in (None, 1)]
    return {k: statistics.median(v) for k, v in scores.items()}, failing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.browser.bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--budgets", type=Path, default=DATA / "budgets.yml")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    parser.add_argument("--engine", choices=ENGINES, default=os.environ.get("ENGINE", "mkdocs"))
    args = parser.parse_args(argv)
    budgets = yaml.safe_load(args.budgets.read_text(encoding="utf-8"))
    rows: list[list[str]] = []  # check, page, value, budget, result
    notes: list[str] = []

    def row(check: str, page: str, value: str, budget: str, ok: bool | None) -> None:
        rows.append([check, page, value, budget, "info" if ok is None else ("pass" if ok else "FAIL")])

    with tempfile.TemporaryDirectory() as tmp:
        times = [build_site(Path(tmp) / f"b{i}", args.engine) for i in range(int(budgets.get("build_runs", 5)))]
        site, median, limit = Path(tmp) / "b0", statistics.median(times), budgets.get("build_seconds_max")
        row(f"{args.engine} strict build (median of {len(times)})", "-", f"{median:.2f} s",
            f"<= {limit} s" if limit else "-", None if limit is None else median <= limit)
        index = site / ("search.json" if args.engine == "zensical" else "search/search_index.json")
        index_kib = len(gzip.compress(index.read_bytes(), 6)) / 1024 if index.exists() else 0
        sent_log: list = []
        with open_site(site, sent_log=sent_log) as (browser, base_url):
            kib_max, third_max = float(budgets["first_load_kib_max"]), int(budgets["third_party_requests_max"])
            for path, load in first_loads(browser, base_url, page_paths(site), sent_log).items():
                kib, third = sum(load["kib"].values()), load["third_party"]
                detail = ", ".join(f"{k} {v:.1f}" for k, v in sorted(load["kib"].items()))
                row("first load, gzip KiB", "/" + path, f"{kib:.1f} ({detail})", f"<= {kib_max:g}", kib <= kib_max)
                row("third-party requests", "/" + path, f"{len(third)} {third[:2] if third else ''}".strip(),
                    f"<= {third_max}", len(third) <= third_max)
            row("search index, gzip KiB (on first search)", "-", f"{index_kib:.1f}", "-", None)
            lh = budgets["lighthouse"]
            for path in [] if args.no_lighthouse else lh["pages"]:
                scores, failing = lighthouse(base_url + path, int(lh.get("runs", 1)))
                notes += [f"  Lighthouse /{path}: {f}" for f in failing]
                for cat, minimum in lh["min_scores"].items():
                    got = scores.get(cat, 0)
                    row(f"Lighthouse mobile {cat}", "/" + path, f"{got:g}", f">= {minimum}", got >= minimum)
    print_table(["check", "page", "value", "budget", "result"], rows)
    print("\n".join(notes))
    failed = sum(r[4] == "FAIL" for r in rows)
    print(f"{len(rows) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
