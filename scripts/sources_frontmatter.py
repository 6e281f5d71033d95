"""Write each page's 出典 list into its front matter from scripts/data/links.yml, the one place titles and
`compared` are decided (Zensical runs no hooks, so the 出典 box reads the page); the rewrite is
scripts/content.py `sources_front_matter`, which `make lint` also uses to report a stale page.

    python -m scripts.sources_frontmatter --check   # default: list pages whose 出典 data is stale (exit 1)
    python -m scripts.sources_frontmatter --write   # rewrite those pages

Exit codes: 0 up to date (or written), 1 stale pages found by --check, 2 a page cites a source links.yml
does not list or has unreadable front matter (nothing written for it; add the source to links.yml first).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts import ROOT
from scripts.content import LINKS_FILE, STALE, Links, load_links, sources_front_matter


def run(docs: Path, links: Links, write: bool) -> int:
    """Check (or rewrite) every page of `docs`; print one `file:line: message` per finding."""
    stale = broken = 0
    for path in sorted(Path(docs).rglob("*.md")):
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        result = sources_front_matter(path.read_bytes().decode("utf-8"), links)  # the page's own line ends
        for line, message in result.problems:
            print(f"{shown}:{line}: {message}")
            broken += 1
        if result.text is None:
            continue
        if write:
            path.write_bytes(result.text.encode("utf-8"))
            print(f"{shown}: 出典 front matter rewritten from links.yml")
        else:
            print(f"{shown}:{result.line}: {STALE}")
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
