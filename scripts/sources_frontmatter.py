"""Write each page's 出典 list into its front matter, from scripts/data/links.yml.

Why: the 出典 box at the foot of a page (overrides/main.html) shows each official source by its real
title and says honestly whether its text was compared with the guide. MkDocs and Zensical must both
render it, and Zensical runs no MkDocs hooks, so the data lives in the page itself. links.yml stays the
one place where titles and `compared: false` are decided; this script copies them into the pages:

    sources:
      - url: https://www.nortonstore.jp/support/autorenewal/flow/
        title: "自動延長サービスの流れ"
        compared: true

The rewrite is scripts/content.py `sources_front_matter` (running it twice changes nothing); `make lint`
reports a stale page with the same function (scripts/lint/citations.py).

Run:
    python -m scripts.sources_frontmatter --check   # default: list pages whose 出典 data is stale (exit 1)
    python -m scripts.sources_frontmatter --write   # rewrite those pages

Exit codes: 0 everything up to date (or written), 1 stale pages found by --check,
2 a page cites a source that links.yml does not list, or its front matter cannot be read
(nothing is written for that page; add the source to links.yml first).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts import ROOT
from scripts.content import LINKS_FILE, STALE, Links, load_links, sources_front_matter


def run(docs: Path, links: Links, write: bool, out=None) -> int:
    """Check (or rewrite) every page of `docs`; print one `file:line: message` per finding."""
    out = out or sys.stdout
    stale = broken = 0
    for path in sorted(Path(docs).rglob("*.md")):
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        with open(path, encoding="utf-8", newline="") as f:  # keep the page's own line ends
            result = sources_front_matter(f.read(), links)
        for line, message in result.problems:
            print(f"{shown}:{line}: {message}", file=out)
            broken += 1
        if result.text is None:
            continue
        if write:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(result.text)
            print(f"{shown}: 出典 front matter rewritten from links.yml", file=out)
        else:
            print(f"{shown}:{result.line}: {STALE}", file=out)
            stale += 1
    return 2 if broken else 1 if stale else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.sources_frontmatter", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n")[-1])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only report stale pages (the default)")
    mode.add_argument("--write", action="store_true", help="rewrite stale pages in place")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="folder of Markdown pages (default: docs/)")
    parser.add_argument("--links", type=Path, default=LINKS_FILE, help="links file (default: scripts/data/links.yml)")
    args = parser.parse_args(argv)
    return run(args.docs, load_links(args.links), write=args.write)


if __name__ == "__main__":
    sys.exit(main())
