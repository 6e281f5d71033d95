"""`make bench`: build time, first-load transfer and Lighthouse scores against scripts/data/budgets.yml.

Measures, on this machine:
  * the strict build (scripts/build_site.py; --engine mkdocs or zensical, default $ENGINE or mkdocs):
    median wall time of N runs (budgets.yml: build_runs);
  * every page's first load in Debian's Chromium from a gzip-serving server on 127.0.0.1, fresh
    cache: bytes transferred (compressed bodies of HTML, CSS, JS, the search index if it is
    fetched, icons: everything the load asks for), and requests to any other origin (blocked and
    counted);
  * Lighthouse (scripts/browser/lighthouse/, its own pinned npm install; mobile preset) for the pages listed in budgets.yml,
    median of N runs per category.
Prints one table with pass/fail per budget and exits 1 when any budget fails.

    python -m scripts.browser.bench                 # everything
    python -m scripts.browser.bench --no-lighthouse # skip Lighthouse (about a minute faster)
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
from scripts.browser.serve_static import serve
from scripts.build_site import ENGINES, build_site

from scripts.browser.chromium import CHROMIUM, LOOPBACK_ONLY_DNS, QUIET_FLAGS, page_paths

BUDGETS_FILE = DATA / "budgets.yml"
# Installed by `make bench` only (npm ci --prefix scripts/browser/lighthouse): make test never needs it.
LIGHTHOUSE = ROOT / "scripts" / "browser" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"


def build(out: Path, engine: str = "mkdocs") -> float:
    return build_site(out, engine)


def first_loads(base_url: str, pages: list[str], sent_log: list) -> dict[str, dict]:
    """Per page, fresh cache: bytes the server sent by kind, and third-party requests (blocked).

    Sizes come from the server's own log (`sent_log`), so requests made by the search worker count
    too (Playwright does not report those to the page).
    """
    from playwright.sync_api import sync_playwright

    origin = base_url.rstrip("/")
    out: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", *QUIET_FLAGS, LOOPBACK_ONLY_DNS],
        )
        for path in pages:
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
            third: list[str] = []

            def route(r, third=third):
                u = r.request.url
                parts = urlsplit(u)
                if f"{parts.scheme}://{parts.netloc}" == origin or parts.scheme in {"data", "blob"}:
                    r.continue_()
                else:
                    third.append(u)
                    r.abort()

            ctx.route("**/*", route)
            page = ctx.new_page()
            sent_log.clear()
            page.goto(base_url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)
            kinds: dict[str, int] = {}
            for url_path, size in list(sent_log):
                kind = kind_of(url_path)
                kinds[kind] = kinds.get(kind, 0) + size
            out[path] = {"bytes": kinds, "total": sum(kinds.values()), "third_party": third,
                         "files": list(sent_log)}
            ctx.close()
        browser.close()
    return out


def kind_of(url: str) -> str:
    path = urlsplit(url).path
    if path.endswith(("search_index.json", "/search.json")):
        return "index"
    if path.endswith(".css"):
        return "css"
    if path.endswith(".js"):
        return "js"
    if path.endswith((".html", "/")):
        return "html"
    return "other"


def lighthouse(url: str, runs: int) -> tuple[dict[str, float], list[str]]:
    """Median category scores (0-100) of `runs` Lighthouse runs, and the failing audits of the last run."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make bench` (it installs Lighthouse) or `npm ci --prefix scripts/browser/lighthouse`")
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    scores: dict[str, list[float]] = {}
    failing: list[str] = []
    flags = " ".join(["--headless=new", "--no-sandbox", *QUIET_FLAGS])
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "lh.json"
            subprocess.run(
                [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                 f"--chrome-flags={flags}",
                 "--only-categories=performance,accessibility,best-practices,seo"],
                env=env, check=True, timeout=300, capture_output=True,
            )
            data = json.loads(report.read_text(encoding="utf-8"))
        for key, cat in data["categories"].items():
            scores.setdefault(key, []).append(round((cat["score"] or 0) * 100))
        failing = [
            f"{key}: {data['audits'][ref['id']]['title']}"
            for key, cat in data["categories"].items() if key != "performance"
            for ref in cat["auditRefs"]
            if ref.get("weight", 0) > 0 and (data["audits"][ref["id"]].get("score") not in (None, 1))
        ]
    return {k: statistics.median(v) for k, v in scores.items()}, failing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.browser.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--budgets", type=Path, default=BUDGETS_FILE)
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    parser.add_argument("--engine", choices=ENGINES, default=os.environ.get("ENGINE", "mkdocs"))
    args = parser.parse_args(argv)
    budgets = yaml.safe_load(args.budgets.read_text(encoding="utf-8"))

    rows: list[tuple[str, str, str, str, str]] = []  # check, page, value, budget, result

    def row(check: str, page: str, value: str, budget: str, ok: bool | None) -> None:
        rows.append((check, page, value, budget, "info" if ok is None else ("pass" if ok else "FAIL")))

    with tempfile.TemporaryDirectory() as tmp:
        times = [build(Path(tmp) / f"b{i}", args.engine) for i in range(int(budgets.get("build_runs", 5)))]
        site = Path(tmp) / "b0"
        median = statistics.median(times)
        limit = budgets.get("build_seconds_max")
        row(f"{args.engine} strict build (median of {len(times)})", "-", f"{median:.2f} s", f"<= {limit} s" if limit else "-",
            None if limit is None else median <= limit)

        index = site / ("search.json" if args.engine == "zensical" else "search/search_index.json")
        index_gz = len(gzip.compress(index.read_bytes(), 6)) if index.exists() else 0

        sent_log: list = []
        with serve(site, sent_log=sent_log) as base_url:
            loads = first_loads(base_url, page_paths(site), sent_log)
            kib_max = float(budgets["first_load_kib_max"])
            third_max = int(budgets["third_party_requests_max"])
            for path, load in loads.items():
                kib = load["total"] / 1024
                detail = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(load["bytes"].items()))
                row("first load, gzip KiB", "/" + path, f"{kib:.1f} ({detail})", f"<= {kib_max:g}", kib <= kib_max)
            for path, load in loads.items():
                n = len(load["third_party"])
                row("third-party requests", "/" + path, str(n) + (f" {load['third_party'][:2]}" if n else ""),
                    f"<= {third_max}", n <= third_max)
            row("search index, gzip KiB (on first search)", "-", f"{index_gz / 1024:.1f}", "-", None)

            failing_audits: dict[str, list[str]] = {}
            if not args.no_lighthouse:
                lh = budgets["lighthouse"]
                for path in lh["pages"]:
                    scores, failing = lighthouse(base_url + path, int(lh.get("runs", 1)))
                    failing_audits[path] = failing
                    for cat, minimum in lh["min_scores"].items():
                        got = scores.get(cat, 0)
                        row(f"Lighthouse mobile {cat}", "/" + path, f"{got:g}", f">= {minimum}", got >= minimum)

    widths = [max(len(r[i]) for r in rows + [("check", "page", "value", "budget", "result")]) for i in range(5)]
    header = ("check", "page", "value", "budget", "result")
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line)
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    for path, failing in failing_audits.items():
        for f in failing:
            print(f"  Lighthouse /{path}: {f}")
    failed = [r for r in rows if r[4] == "FAIL"]
    print(f"\n{len(rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
