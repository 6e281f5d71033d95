"""Write each page's 出典 list into its front matter, from scripts/data/links.yml.

Why: the 出典 box at the foot of a page (overrides/main.html) shows each official source by its real
title and says honestly whether its text was compared with the guide. MkDocs and Zensical must both
render it, and Zensical runs no MkDocs hooks, so the data lives in the page itself. links.yml stays the
one place where titles and `compared: false` are decided; this script copies them into the pages.

What it does: in every docs/**/*.md whose front matter has `sources:`, the list is rewritten as

    sources:
      - url: https://www.nortonstore.jp/support/autorenewal/flow/
        title: "自動延長サービスの流れ"
        compared: true

with `title` from links.yml and `compared` false only for sources marked `compared: false` there
(sign-in pages, pages with no stored copy). Plain URLs, stale titles and stale `compared` values are all
accepted as input; duplicates are dropped, the order is kept, and the rest of the front matter (and the
page body) is left byte for byte. Running it twice changes nothing.

Run:
    python -m scripts.sources_frontmatter --check   # default: list pages whose 出典 data is stale (exit 1)
    python -m scripts.sources_frontmatter --write   # rewrite those pages

Exit codes: 0 everything up to date (or written), 1 stale pages found by --check,
2 a page cites a source that links.yml does not list, or its front matter cannot be read
(nothing is written for that page; add the source to links.yml first).
`make lint` runs the same check (scripts/lint/citations.py `frontmatter_problems`), so front matter
and links.yml cannot drift. The page and links.yml are read by scripts/content.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scripts import ROOT
from scripts.content import LINKS_FILE, load_links, parse_front_matter

DOCS = ROOT / "docs"


STALE = "`sources:` differs from scripts/data/links.yml (run: python -m scripts.sources_frontmatter --write)"


@dataclass
class Result:
    """The outcome for one page: its new text (None when unchanged), the first line that changes,
    and any problems (file-relative lines)."""

    text: str | None = None
    problems: list[tuple[int, str]] = field(default_factory=list)
    line: int = 0


def load_sources(path: Path = LINKS_FILE) -> dict[str, dict]:
    """{url: {"title": str, "compared": bool}} for every entry of links.yml `sources`."""
    return {url: {"title": src.title, "compared": src.compared} for url, src in load_links(path).sources.items()}


def _sources_block(lines: list[str], end: int) -> tuple[int, int] | None:
    """(first, stop) line indexes of the top-level `sources:` key and its indented items."""
    start = next((i for i in range(1, end) if lines[i].startswith("sources:")), None)
    if start is None:
        return None
    stop = start + 1
    while stop < end and (lines[stop].startswith((" ", "\t", "-")) or not lines[stop].strip()):
        stop += 1
    while stop - 1 > start and not lines[stop - 1].strip():  # leave trailing blank lines alone
        stop -= 1
    return start, stop


def render(entries: list[dict], newline: str = "\n") -> str:
    """The `sources:` block for these {url, title, compared} entries."""
    out = ["sources:"]
    for e in entries:
        out.append(f"  - url: {e['url']}")
        out.append(f"    title: {json.dumps(e['title'], ensure_ascii=False)}")
        out.append(f"    compared: {'true' if e['compared'] else 'false'}")
    return newline.join(out) + newline


def convert(text: str, sources: dict[str, dict]) -> Result:
    """Rewrite the `sources:` front matter of one page. Pure: returns the new text, never writes."""
    lines = text.splitlines(keepends=True)
    meta, body_start, error = parse_front_matter(text)
    if error:
        return Result(problems=[error])
    if not meta or "sources" not in meta:
        return Result()
    end = body_start - 1  # the closing `---` line
    block = _sources_block(lines, end)
    if block is None:
        return Result(problems=[(1, "`sources:` must be a top-level key written at the start of a line")])
    start, stop = block
    raw = meta["sources"] or []
    if not isinstance(raw, list):
        return Result(problems=[(start + 1, "`sources:` must be a list")])

    def line_of(url: str) -> int:
        return next((i + 1 for i in range(start, stop) if url in lines[i]), start + 1)

    entries, seen, problems = [], set(), []
    for item in raw:
        url = item.get("url") if isinstance(item, dict) else item
        if not isinstance(url, str) or not url.strip():
            problems.append((start + 1, f"source entry without a URL: {item!r}"))
            continue
        url = url.strip()
        if url in seen:
            continue
        seen.add(url)
        known = sources.get(url)
        if known is None:
            problems.append((line_of(url), f"{url} is not in scripts/data/links.yml sources (add it there first)"))
            continue
        entries.append({"url": url, **known})
    if problems:
        return Result(problems=problems)
    newline = "\r\n" if lines[start].endswith("\r\n") else "\n"
    new_block = render(entries, newline)
    # The block must read back as exactly these entries (guards against quoting surprises).
    assert yaml.safe_load(new_block)["sources"] == entries, new_block
    if "".join(lines[start:stop]) == new_block:
        return Result()
    old, new = lines[start:stop], new_block.splitlines(keepends=True)
    first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    return Result(text="".join(lines[:start]) + new_block + "".join(lines[stop:]), line=start + first + 1)


def run(docs: Path, sources: dict[str, dict], write: bool, out=None) -> int:
    """Check (or rewrite) every page of `docs`; print one `file:line: message` per finding."""
    out = out or sys.stdout
    stale = broken = 0
    for path in sorted(Path(docs).rglob("*.md")):
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        with open(path, encoding="utf-8", newline="") as f:  # keep the page's own line ends
            result = convert(f.read(), sources)
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
    if broken:
        return 2
    return 1 if stale else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.sources_frontmatter",
        description="Write each page's front matter `sources:` as {url, title, compared} from "
                    "scripts/data/links.yml (for the 出典 box).",
        epilog="Exit codes: 0 up to date / written, 1 stale pages (--check), 2 unknown source or broken front matter.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only report stale pages (the default)")
    mode.add_argument("--write", action="store_true", help="rewrite stale pages in place")
    parser.add_argument("--docs", type=Path, default=DOCS, help="folder of Markdown pages (default: docs/)")
    parser.add_argument("--links", type=Path, default=LINKS_FILE, help="links file (default: scripts/data/links.yml)")
    args = parser.parse_args(argv)
    return run(args.docs, load_sources(args.links), write=args.write)


if __name__ == "__main__":
    sys.exit(main())
