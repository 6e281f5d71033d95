"""Print what a reader on a phone meets on each page: length, first-screen routes and actions.

Builds the site (or takes a built one), opens every page at 390x844 in headless Chromium and prints one
row per page:

- height in px and in phone screens (844 px each), and the characters of the article's visible text;
- the y position of the first official button (`.official-link`) and of the `#steps` heading;
- on the start page, how many route links (`.routes a`) lie fully inside the first screen;
- provenance words (保存コピー, 英語版で確かめ, ...) in the reading text, i.e. outside footnotes, the 出典
  box, closed `details` and `.provenance`.

It prints figures only; the limits themselves are asserted by tests/browser/test_reader.py.

    python -m scripts.browser.reader_metrics               # strict build into a temporary folder
    python -m scripts.browser.reader_metrics --site site/  # an already built site
    python -m scripts.browser.reader_metrics --markdown     # a Markdown table (for notes and PRs)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts import ROOT
from scripts.browser.chromium import CHROMIUM, LOCKED_DOWN_ARGS, page_paths
from scripts.browser.serve_static import serve

PHONE = {"width": 390, "height": 844}
PROVENANCE_WORDS = ["保存コピー", "英語版で確かめ", "確かめられていません", "確認できていません", "記事 ID"]

# Runs in the page: the figures for one page.
MEASURE_JS = """
(words) => {
  const art = document.querySelector("article") || document.body;
  const clone = art.cloneNode(true);
  clone.querySelectorAll(".footnote, .page-sources, details:not([open]), .provenance, script, style")
       .forEach((n) => n.remove());
  const reading = clone.innerText || clone.textContent || "";
  const top = (sel) => {
    const el = document.querySelector(sel);
    return el ? Math.round(el.getBoundingClientRect().top + window.scrollY) : null;
  };
  const routes = [...document.querySelectorAll(".routes a")].filter((a) => {
    const r = a.getBoundingClientRect();
    return r.height > 0 && r.bottom <= window.innerHeight;
  }).length;
  return {
    height: document.documentElement.scrollHeight,
    chars: (art.innerText || "").replace(/\\s+/g, "").length,
    action: top(".official-link"),
    steps: top("#steps"),
    routes,
    provenance: words.filter((w) => reading.includes(w)),
  };
}
"""


def build(out: Path) -> None:
    """Strict MkDocs build of the repository into `out`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
                   cwd=ROOT, env=env, check=True)


def measure(site: Path) -> dict[str, dict]:
    """{page path: figures} for every page of the built site."""
    from playwright.sync_api import sync_playwright

    results = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LOCKED_DOWN_ARGS)
        page = browser.new_page(viewport=PHONE, device_scale_factor=1)
        for path in page_paths(site):
            if path.startswith(("404", "search")):
                continue
            page.goto(base + path, wait_until="load")
            results[path or "/"] = page.evaluate(MEASURE_JS, PROVENANCE_WORDS)
        browser.close()
    return results


def print_table(results: dict[str, dict], markdown: bool) -> None:
    head = ["page", "height px", "screens", "chars", "action y", "#steps y", "routes on screen 1", "provenance words"]
    rows = []
    for path, r in results.items():
        rows.append([path, str(r["height"]), f"{r['height'] / PHONE['height']:.1f}", str(r["chars"]),
                     "–" if r["action"] is None else str(r["action"]),
                     "–" if r["steps"] is None else str(r["steps"]),
                     str(r["routes"]) if path == "/" else "–",
                     ", ".join(r["provenance"]) or "0"])
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.browser.reader_metrics",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    if args.site:
        if not (args.site / "index.html").is_file():
            print(f"error: {args.site} has no index.html (build the site first)", file=sys.stderr)
            return 2
        print_table(measure(args.site), args.markdown)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        print_table(measure(Path(tmp)), args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
