"""Check citations, footnotes, 出典 front matter and nav against links.yml and mkdocs.yml (`make lint`).

A citation is a footnote `[^id]: [title](URL#:~:text=…)「quote」` to an official source (CONTRIBUTING
「出典を足す」). Rules, each mistake one `file:line: message` at its line:
- round trip: the URL is a links.yml `sources` entry, the link text its `title`, the fragment the
  percent-encoded quote (`python -m scripts.cite` writes it), the quote one of its `quotes:`
  (`compared: false` sources, whose text could not be read, may be linked without one);
- links.yml (whole site only): every source is cited by some page (the weekly check watches only what
  the guide uses), every quote is at least MIN_QUOTE characters and cited by a footnote, a compared
  source has quotes (but the project's repository), `compared: false` has `notes`;
- footnotes: no reference `[^x]` without a definition (it shows literally), no unused definition;
- front matter `sources:` is what `python -m scripts.sources_frontmatter --write` would write;
- nav: every page of docs/ is in mkdocs.yml `nav`, and every nav entry names a page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from scripts import ROOT
from scripts.content import (LINKS_FILE, MIN_QUOTE, STALE, Links, Page, iter_pages, load_links,
                             sources_front_matter, text_fragment)
from scripts.lint.output import Problem

OWN_REPOSITORY = "https://github.com/jidoencho-guide/norton"
FRAGMENT_CHARS = re.compile(r"[^\x21-\x7e]|[,&#]")


def page_citation_problems(page: Page, links: Links, cited: set | None = None, root: Path = ROOT) -> list[Problem]:
    """Round-trip problems of one page's citation footnotes; adds each (url, quote) it cites to `cited`."""
    problems = []
    hosts = {host for host in links.allowed if host != "github.com"}  # the official ones
    links_name = _shown(links.path, root)
    for note in page.footnotes.values():
        if not note.url or (note.fragment is None and (urlsplit(note.url).hostname or "").lower() not in hosts):
            continue  # no link, or not a citation of an official page (e.g. the project's repository)

        def add(message: str) -> None:
            problems.append(Problem(page.name, note.line, f"[^{note.id}] {message}"))

        source = links.sources.get(note.url)
        if source is None:
            add(f"cites {note.url}, which is not a `sources` url in {links_name}")
            continue
        if note.title != source.title:
            add(f"link text {note.title!r} is not the source's title {source.title!r}")
        if note.fragment is None:
            if source.compared:
                add(f"links to {note.url} without a #:~:text= fragment of the quoted sentence "
                    "(python -m scripts.cite URL 'sentence' prints the footnote)")
            continue
        if note.quote is None:
            add("has no quoted sentence in 「」 right after the link")
            continue
        if FRAGMENT_CHARS.search(note.fragment):
            add(f"text fragment is not percent-encoded (expected #:~:text={text_fragment(note.quote)})")
        elif unquote(note.fragment) != note.quote:
            add(f"text fragment {unquote(note.fragment)!r} does not match the quoted 「{note.quote}」 "
                f"(expected #:~:text={text_fragment(note.quote)})")
        if note.quote not in source.quotes:
            add(f"「{note.quote}」 is not one of the `quotes:` of {note.url} ({links_name}:{source.line}; "
                "python -m scripts.cite adds it, --replace OLD NEW updates a changed one)")
        elif cited is not None:
            cited.add((note.url, note.quote))
    return problems


def links_problems(links: Links, cited: set, linked: set, root: Path = ROOT) -> list[Problem]:
    """Problems of links.yml itself, given every (url, quote) the pages cite and every URL they link to."""
    problems = []
    name = _shown(links.path, root)
    for url, source in links.sources.items():
        if url not in linked:
            problems.append(Problem(name, source.line, f"{url} is not cited by any page of docs/ "
                                    "(cite it in a page body or front matter `sources:`, or remove it)"))
        if not source.compared and not source.notes.strip():
            problems.append(Problem(name, source.line, f"{url} is `compared: false` but has no `notes` saying why"))
        if source.compared and not source.quotes and url != OWN_REPOSITORY:
            problems.append(Problem(name, source.line, f"{url} has no `quotes:` (exact sentences the guide relies on), "
                                    "or mark it `compared: false` with a reason in `notes`"))
        for q in source.quotes:
            line = next((n for n, row in enumerate(links.rows, 1) if row.strip(" -'\"") == str(q)), source.line)
            if not isinstance(q, str) or len(q) < MIN_QUOTE:
                problems.append(Problem(name, line, f"quote {q!r} of {url} is shorter than {MIN_QUOTE} characters"))
            elif (url, q) not in cited:
                problems.append(Problem(name, line, f"quote 「{q}」 of {url} is not cited by any footnote in docs/"))
    return problems


def footnote_problems(page: Page) -> list[Problem]:
    """References without a definition (shown literally as [^x]) and definitions nobody references."""
    problems = []
    used = {ref for _, ref, _ in page.refs}
    for line, ref, _ in page.refs:
        if ref not in page.footnotes:
            problems.append(Problem(page.name, line, f"footnote [^{ref}] has no definition "
                                    f"(add a line `[^{ref}]: ...`; the page would show \"[^{ref}]\" as text)"))
    for note in page.footnotes.values():
        if note.id not in used:
            problems.append(Problem(page.name, note.line, f"footnote [^{note.id}] is defined but never referenced"))
    return problems


def frontmatter_problems(page: Page, links: Links) -> list[Problem]:
    """`sources:` differs from what scripts.sources_frontmatter --write would write (unknown URLs: site_policy)."""
    result = sources_front_matter(page.text, links)
    return [Problem(page.name, result.line, STALE)] if result.text is not None else []


def nav_pages(mkdocs_yml: Path) -> list[tuple[int, str]]:
    """(line, page) of every nav entry of mkdocs.yml (YAML nodes: no tag needs a constructor)."""
    top = yaml.compose(mkdocs_yml.read_text(encoding="utf-8"))
    nodes, found = [value for key, value in top.value if key.value == "nav"], []
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.ScalarNode) and node.value.endswith(".md"):
            found.append((node.start_mark.line + 1, node.value))
        elif not isinstance(node, yaml.ScalarNode):  # a list of entries, or {title: page or list}
            nodes += [v for item in node.value for v in (item if isinstance(item, tuple) else [item])]
    return sorted(found)


def nav_problems(docs: Path, mkdocs_yml: Path, root: Path = ROOT) -> list[Problem]:
    """Pages missing from nav, and nav entries that name no page."""
    entries = nav_pages(mkdocs_yml)
    listed = {page for _, page in entries}
    pages = {p.relative_to(docs).as_posix() for p in Path(docs).rglob("*.md")}
    problems = [Problem(_shown(mkdocs_yml, root), line, f"nav entry '{page}' names no page in docs/")
                for line, page in entries if page not in pages]
    problems += [Problem(_shown(docs / page, root), 1, f"page is not in the mkdocs.yml nav (add '{page}' under nav:)")
                 for page in sorted(pages - listed)]
    return problems


def check(docs: Path = ROOT / "docs", links_file: Path = LINKS_FILE, mkdocs_yml: Path | None = ROOT / "mkdocs.yml",
          root: Path = ROOT) -> list[Problem]:
    """Every problem of these rules on the whole site: its pages, links.yml and (unless None) the nav."""
    links = load_links(links_file)
    pages = iter_pages(docs, root)
    cited: set = set()
    linked = {url for page in pages for _, url, _ in page.links}
    problems = []
    for page in pages:
        problems += page_citation_problems(page, links, cited, root)
        problems += footnote_problems(page)
        problems += frontmatter_problems(page, links)
    problems += links_problems(links, cited, linked, root)
    if mkdocs_yml is not None:
        problems += nav_problems(docs, mkdocs_yml, root)
    return sorted(set(problems))


def _shown(path: Path, root: Path = ROOT) -> str:
    path = Path(path)
    return path.relative_to(root).as_posix() if path.is_absolute() and path.is_relative_to(root) else path.as_posix()
