"""Add a citation, or update a quote after an official page changed (`make cite`).

A citation is a footnote that links to the exact sentence of an official page and quotes it,
`[^id]: [題名](https://…#:~:text=%E8%87%AA…)「公式ページの文」`; the quote is also listed under the source's
`quotes:` in scripts/data/links.yml (the URL check looks for it; `make lint` checks both sides).

    python -m scripts.cite URL "exact sentence" [--id NAME]
        adds the quote to links.yml (URL must already be a source there) and prints the footnote line
    python -m scripts.cite URL --replace "old sentence" "new sentence"
        changes the quote in links.yml and in every footnote of docs/ that cites it (quote and fragment)

Exit status: 0 done, 2 nothing written (unknown URL, quote missing or already there, too short).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from scripts import ROOT
from scripts.content import LINKS_FILE, MIN_QUOTE, iter_pages, load_links, text_fragment

DOCS = ROOT / "docs"


class CiteError(Exception):
    """A citation that cannot be written (the message says why)."""


def _scalar(text: str) -> str:
    """`text` as a double-quoted YAML scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _entry_rows(rows: list[str], url_line: int) -> range:
    """Indexes of the rows of the source entry whose `url:` is on line `url_line` (1-based)."""
    stop = url_line
    while stop < len(rows) and (rows[stop].startswith("    ") or not rows[stop].strip()):
        stop += 1
    while stop > url_line and not rows[stop - 1].strip():
        stop -= 1
    return range(url_line - 1, stop)


def _quote_row(rows: list[str], entry: range, quote: str) -> int | None:
    """Index of the `- "quote"` row of this entry (None: not there)."""
    forms = (_scalar(quote), f"'{quote}'", quote)
    return next((i for i in entry if re.match(r"^\s+-\s", rows[i]) and rows[i].strip()[1:].strip() in forms), None)


def add_quote(links_text: str, url: str, quote: str, links_file: Path = LINKS_FILE) -> str:
    """links.yml text with `quote` added to the quotes of `url`."""
    links = load_links(links_file)
    source = links.sources.get(url)
    if source is None or not source.line:
        raise CiteError(f"{url} is not a source in {links_file.name}: add an entry with url and title first")
    if quote in source.quotes:
        raise CiteError(f"「{quote}」 is already a quote of {url}")
    if len(quote) < MIN_QUOTE:
        raise CiteError(f"a quote needs at least {MIN_QUOTE} characters (a whole sentence of the page)")
    rows = links_text.split("\n")
    entry = _entry_rows(rows, source.line)
    at = next((i for i in entry if rows[i].strip() == "quotes:"), None)
    if at is None:
        title = next((i for i in entry if rows[i].strip().startswith("title:")), entry[0])
        rows[title + 1:title + 1] = ["    quotes:", f"      - {_scalar(quote)}"]
    else:
        last = at
        while last + 1 in entry and re.match(r"^\s{6,}-\s", rows[last + 1]):
            last += 1
        rows.insert(last + 1, f"      - {_scalar(quote)}")
    return "\n".join(rows)


def footnote_line(title: str, url: str, quote: str, note_id: str = "id") -> str:
    """The footnote definition that cites `quote` of `url`."""
    return f"[^{note_id}]: [{title}]({url}#:~:text={text_fragment(quote)})「{quote}」"


def cite(url: str, quote: str, note_id: str = "id", links_file: Path = LINKS_FILE) -> str:
    """Add the quote to links.yml; return the footnote line."""
    text = links_file.read_text(encoding="utf-8")
    links_file.write_text(add_quote(text, url, quote, links_file), encoding="utf-8")
    return footnote_line(load_links(links_file).sources[url].title, url, quote, note_id)


def replace(url: str, old: str, new: str, links_file: Path = LINKS_FILE, docs: Path = DOCS) -> list[str]:
    """Change quote `old` of `url` to `new` in links.yml and in every footnote citing it; return what changed."""
    links = load_links(links_file)
    source = links.sources.get(url)
    if source is None or old not in source.quotes:
        raise CiteError(f"「{old}」 is not a quote of {url} in {links_file.name}")
    if len(new) < MIN_QUOTE:
        raise CiteError(f"a quote needs at least {MIN_QUOTE} characters (a whole sentence of the page)")
    rows = links_file.read_text(encoding="utf-8").split("\n")
    if (at := _quote_row(rows, _entry_rows(rows, source.line), old)) is None:
        raise CiteError(f"cannot find the line of 「{old}」 in {links_file.name} (write it as \"...\")")
    rows[at] = rows[at][: len(rows[at]) - len(rows[at].lstrip())] + f"- {_scalar(new)}"
    changed = [f"{links_file.name}:{at + 1}"]
    pages = []
    for page in iter_pages(docs, root=docs.parent):
        lines = page.text.split("\n")
        hits = [n for n in page.footnotes.values() if n.url == url and n.quote == old]
        for note in hits:
            i = note.line - 1
            while i == note.line - 1 or (i < len(lines) and lines[i].startswith("    ") and lines[i].strip()):
                if note.fragment is not None:
                    lines[i] = lines[i].replace(f"#:~:text={note.fragment}", f"#:~:text={text_fragment(new)}")
                lines[i] = lines[i].replace(f"「{old}」", f"「{new}」")
                i += 1
            changed.append(f"{page.name}:{note.line}")
        if hits:
            pages.append((docs.parent / page.name, "\n".join(lines)))
    links_file.write_text("\n".join(rows), encoding="utf-8")
    for path, text in pages:
        path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.cite", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("url", help="the official page, exactly as listed in scripts/data/links.yml sources")
    parser.add_argument("sentence", nargs="?", help="the exact sentence of the page to quote")
    parser.add_argument("--id", default="id", help="footnote name for the printed line (default: id)")
    parser.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"), help="change a quote everywhere")
    parser.add_argument("--links", type=Path, default=LINKS_FILE, help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, default=DOCS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.replace:
            for place in replace(args.url, *args.replace, links_file=args.links, docs=args.docs):
                print(f"{place}: quote replaced")
        elif args.sentence:
            print(cite(args.url, args.sentence, args.id, args.links))
            print(f"(added to {args.links.name}; paste the line under the page's footnotes and cite it with [^{args.id}])",
                  file=sys.stderr)
        else:
            parser.error("give the sentence to quote, or --replace OLD NEW")
    except CiteError as exc:
        print(f"cite: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
