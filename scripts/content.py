"""The content model: what a page of docs/ and scripts/data/links.yml say, each read by one parser.

read_page / parse_page / iter_pages give a Page (see there; a citation footnote `[Title](URL#:~:text=...)
「quote」` is split into its parts); load_links reads links.yml; extract_links finds every link target as
written (kinds: front-matter, markdown, reference, autolink, html, bare, bare-host, code; HTML comments
ignored) for scripts/link_guard.py; iter_links and quote_citations feed the URL checker.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, NamedTuple
from urllib.parse import quote as _percent

import yaml

from scripts import DATA, ROOT, safe_yaml

LINKS_FILE = DATA / "links.yml"
MIN_QUOTE = 10  # characters: a quote is a whole sentence of the official page
STALE = "`sources:` differs from scripts/data/links.yml (run: python -m scripts.sources_frontmatter --write)"


DocLink = NamedTuple("DocLink", [("path", Path), ("line", int), ("url", str)])  # one URL occurrence in docs/
# A bare URL ends at white space, any non-ASCII character, a backtick, quotes or <>.
_BARE = re.compile(r"https?://[!#$%&'*+,\-./0-9:;=?@A-Z\[\]_a-z~()]+", re.IGNORECASE)
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Link targets of any shape, in the order they claim a stretch of the line: reference definitions
# (not footnotes `[^id]:`), inline links and images, autolinks with any scheme, href/src attributes,
# bare http(s) URLs, bare host names.
_TARGETS = (
    (re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*(?:<([^>\n]*)>|(\S+))"), "reference"),
    (re.compile(r"\]\(\s*(?:<([^>\n]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"), "markdown"),
    (re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>"), "autolink"),
    (re.compile(r"""\b(?:href|src|action|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I), "html"),
    (_BARE, "bare"),
    (re.compile(r"(?<![\w@/.:-])(?:www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
                r"[^\s<>「」（）、。]*"), "bare-host"),
)


def _trim(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets from a bare URL."""
    def unbalanced(close: str, opener: str) -> bool:
        return url.endswith(close) and url.count(opener) < url.count(close)

    while url and (url[-1] in ".,;:!?'*" or unbalanced(")", "(") or unbalanced("]", "[")):
        url = url[:-1]
    return url


def blank_comments(text: str) -> str:
    """Replace HTML comments by spaces, keeping line breaks (so line numbers stay right)."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _split_front_matter(text: str) -> tuple[list[str], int]:
    """Return (front matter lines, index of the first body line)."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return lines[1:i], i + 1
    return [], 0


def _line_links(line: str) -> list[tuple[str, str]]:
    """(target, kind) of every link target on one body line outside fenced code, left to right."""
    found, taken = [], []
    for m in INLINE_CODE.finditer(line):
        taken.append(m.span())
        found += [(m.start(2) + u.start(), _trim(u.group(0)), "code") for u in _BARE.finditer(m.group(2))]
    for pattern, kind in _TARGETS:
        for m in pattern.finditer(line):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            value = next((g for g in m.groups() if g is not None), None)
            if value is None:  # a bare URL or host
                value = _trim(m.group(0))
                if kind == "bare-host":
                    value = ("https:" if value.startswith("//") else "https://") + value
            found.append((m.start(), value, kind))
    return [(target, kind) for _, target, kind in sorted(found)]


def body_lines(text: str, body_start: int) -> Iterator[tuple[int, str, bool]]:
    """(line number, line, inside a fenced code block) for each body line; fence lines themselves are skipped."""
    fence = None
    for index, line in enumerate(text.split("\n")[body_start:], start=body_start + 1):
        opener = _FENCE.match(line)
        if fence is None and opener:
            fence = opener.group(1)[0] * len(opener.group(1))
            continue
        if fence is not None and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            fence = None
            continue
        yield index, line, fence is not None


def extract_links(text: str) -> list[tuple[int, str, str]]:
    """All (line, target, kind) in one Markdown document, in document order, without `#:~:text=` fragments
    (links.yml lists the page); a bare host (www.example.com) is given as https://www.example.com."""
    text = blank_comments(text.replace("\r\n", "\n"))
    fm_lines, body_start = _split_front_matter(text)
    # Front matter: every http(s) URL on its lines, whatever the YAML around it (and even when it is broken).
    results = [(i + 2, _trim(m.group(0)), "front-matter")
               for i, line in enumerate(fm_lines) for m in _BARE.finditer(line)]
    for index, line, in_code in body_lines(text, body_start):
        if in_code:
            results += [(index, _trim(m.group(0)), "code") for m in _BARE.finditer(line)]
        else:
            results += [(index, target, kind) for target, kind in _line_links(line)]
    # A text fragment (#:~:text=...) only highlights a passage: the address is what comes before it.
    return [(line, url.split("#:~:", 1)[0], kind) for line, url, kind in results if url]


def iter_links(docs_dir) -> Iterator[DocLink]:
    """Yield DocLink(path, line, url) for every absolute http(s) URL in docs_dir/**/*.md (not bare hosts);
    ValueError naming the page when its front matter uses YAML aliases (never walk an alias bomb)."""
    for path in sorted(Path(docs_dir).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if (error := parse_front_matter(text)[2]) and "aliases" in error[1]:
            _invalid(path, error)
        yield from (DocLink(path, line, url) for line, url, kind in extract_links(text)
                    if kind != "bare-host" and re.match(r"https?://", url, re.IGNORECASE))


QuoteCitation = NamedTuple("QuoteCitation", [("url", str), ("quote", str), ("page", str), ("places", tuple)])


def quote_citations(docs_dir) -> list[QuoteCitation]:
    """Every citation footnote in docs_dir/**/*.md: its URL (without #:~:text=), quote, page (relative to
    docs_dir) and places ((line, section id or ""), ...) of the lines that reference it."""
    found = []
    for page in iter_pages(docs_dir, root=docs_dir):
        for note in page.footnotes.values():
            if note.url and note.quote is not None:
                places = tuple((line, section) for line, ref, section in page.refs if ref == note.id)
                found.append(QuoteCitation(note.url, note.quote, page.name, places))
    return found


def source_urls(meta: dict) -> list:
    """The URLs of a front matter `sources:` list (plain URLs or {url, title, compared} mappings); an entry
    that is neither (a mapping without `url`, a number) is returned as it is, for the caller to reject."""
    return [item.get("url", item) if isinstance(item, dict) else item for item in (meta.get("sources") or [])]


def _invalid(path, error: tuple[int, str]):
    raise ValueError(f"{path}:{error[0]}: invalid front matter: {error[1]}")


def read_front_matter(path) -> dict:
    """The front matter of a Markdown file as a dict ({} when it has none; dates stay text).
    Raises ValueError naming the file if the YAML is broken or uses aliases (scripts/safe_yaml.py)."""
    data, _, error = parse_front_matter(Path(path).read_text(encoding="utf-8"))
    if error:
        _invalid(path, error)
    return data or {}


# -- the page model ------------------------------------------------------------------------------

def parse_front_matter(text: str) -> tuple[dict | None, int, tuple[int, str] | None]:
    """(data, index of the first body line, (line, reason) or None) of one page; data is None without
    front matter or on error. Dates stay text: `last_verified: 2026-11-31` is reported by the rules."""
    text = text.replace("\r\n", "\n")
    lines, body_start = _split_front_matter(text)
    if not body_start:
        opened = text.split("\n", 1)[0].strip() == "---"
        return None, 0, (1, "front matter starts with '---' but never ends (add a line with only '---')") if opened else None
    try:
        data = safe_yaml.load("\n".join(lines), dates=False)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, body_start, (mark.line + 2 if mark else 1, f"front matter is not valid YAML: {reason}")
    return (data if isinstance(data, dict) else {}), body_start, None


def text_fragment(sentence: str) -> str:
    """The `#:~:text=` value that highlights `sentence`: every character but ASCII letters, digits and -._~ encoded."""
    return _percent(sentence, safe="")


@dataclass
class Footnote:
    """One footnote definition `[^id]: text`; a citation also has title, url, fragment and quote."""

    id: str
    line: int
    text: str
    title: str | None = None
    url: str | None = None  # the link's URL without a #:~:text= fragment
    fragment: str | None = None  # the #:~:text= value as written (None: no text fragment)
    quote: str | None = None  # the sentence in 「」 right after the link


@dataclass
class Page:
    """One page: name as shown in messages ("docs/stop/store.md"), meta (front matter; None on meta_error,
    a (line, reason)), body_start (index of the first body line), sections [(line, id)], footnotes
    {id: Footnote} (continuation lines joined), refs [(line, id, section id)] and links (extract_links)."""

    name: str
    text: str
    meta: dict | None
    meta_error: tuple[int, str] | None
    body_start: int
    sections: list[tuple[int, str]] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    refs: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def links(self) -> list[tuple[int, str, str]]:
        return extract_links(self.text)


_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*)$")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_CITATION_LINK = re.compile(r"\[([^\]]*)\]\(<?(https?://[^\s()<>]+)>?\)")
_HEADING_ID = re.compile(r"^#{1,6}\s.*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")


def _bracketed(text: str, start: int) -> str | None:
    """The text inside the 「…」 that starts at `start` (after optional spaces), nested 「」 allowed."""
    i = len(text) - len(text[start:].lstrip(" \t"))
    if not text.startswith("「", i):
        return None
    depth = 0
    for j in range(i, len(text)):
        depth += {"「": 1, "」": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1:j]
    return None


def _footnote(fid: str, line: int, text: str) -> Footnote:
    note = Footnote(fid, line, text)
    if m := _CITATION_LINK.search(text):
        url, _, fragment = m.group(2).partition("#:~:text=")
        note.title, note.url = m.group(1), url
        note.fragment = fragment if "#:~:text=" in m.group(2) else None
        note.quote = _bracketed(text, m.end())
    return note


def parse_page(text: str, name: str) -> Page:
    """The model of one page's Markdown (see Page)."""
    text = text.replace("\r\n", "\n")
    meta, body_start, error = parse_front_matter(text)
    page = Page(name, text, meta, error, body_start)
    defs: list[list] = []  # [line, id, text] of each footnote definition
    reading = False  # inside the last definition: indented lines continue it
    section = ""
    for number, line, in_code in body_lines(blank_comments(text), body_start):
        if in_code:
            continue
        if m := _FOOTNOTE_DEF.match(line):
            defs.append([number, m.group(1), m.group(2)])
            reading, line = True, ""
        elif reading and line.startswith("    ") and line.strip():
            defs[-1][2] += " " + line.strip()
            continue
        elif line.strip():
            reading = False
        if m := _HEADING_ID.match(line):
            section = m.group(1)
            page.sections.append((number, section))
        for ref in _FOOTNOTE_REF.finditer(INLINE_CODE.sub(lambda c: " " * len(c.group(0)), line)):
            page.refs.append((number, ref.group(1), section))
    for number, fid, note in defs:
        page.footnotes.setdefault(fid, _footnote(fid, number, note))
    return page


def read_page(path, root=ROOT) -> Page:
    """The model of one page file, named relative to `root` when it is inside it."""
    path, root = Path(path), Path(root).resolve()
    name = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else path.as_posix()
    return parse_page(path.read_text(encoding="utf-8"), name)


def iter_pages(docs_dir, root=ROOT) -> list[Page]:
    """Every page of docs_dir/**/*.md, in path order."""
    return [read_page(path, root) for path in sorted(Path(docs_dir).rglob("*.md"))]


# -- the 出典 front matter -------------------------------------------------------------------------

@dataclass
class Rewrite:
    """A page's `sources:` from links.yml: new text (None if unchanged), first changed line, problems."""

    text: str | None = None
    problems: list[tuple[int, str]] = field(default_factory=list)
    line: int = 0


def sources_front_matter(text: str, links: Links) -> Rewrite:
    """The page with `sources:` written as {url, title, compared} entries from links.yml (pure): plain URLs
    and stale entries are accepted, duplicates dropped, every other byte kept; an unknown URL is a problem."""
    lines = text.splitlines(keepends=True)
    meta, body_start, error = parse_front_matter(text)
    if error:
        return Rewrite(problems=[error])
    if not meta or "sources" not in meta:
        return Rewrite()
    start = next((i for i in range(1, body_start - 1) if lines[i].startswith("sources:")), None)
    if start is None:
        return Rewrite(problems=[(1, "`sources:` must be a top-level key written at the start of a line")])
    stop = start + 1
    while stop < body_start - 1 and (lines[stop].startswith((" ", "\t", "-")) or not lines[stop].strip()):
        stop += 1
    while stop - 1 > start and not lines[stop - 1].strip():  # leave trailing blank lines alone
        stop -= 1
    if not isinstance(meta["sources"] or [], list):
        return Rewrite(problems=[(start + 1, "`sources:` must be a list")])
    entries, problems = {}, []
    for url in source_urls(meta):
        if not isinstance(url, str) or not url.strip():
            problems.append((start + 1, f"source entry without a URL: {url!r}"))
        elif (source := links.sources.get(url.strip())) is None:
            at = next((i + 1 for i in range(start, stop) if url in lines[i]), start + 1)
            problems.append((at, f"{url} is not in scripts/data/links.yml sources (add it there first)"))
        else:
            entries.setdefault(source.url, source)
    if problems:
        return Rewrite(problems=problems)
    nl = "\r\n" if lines[start].endswith("\r\n") else "\n"
    new = [f"sources:{nl}"] + [f"  - url: {s.url}{nl}    title: {json.dumps(s.title, ensure_ascii=False)}{nl}"
                                f"    compared: {str(s.compared).lower()}{nl}" for s in entries.values()]
    new = "".join(new).splitlines(keepends=True)
    old = lines[start:stop]
    if old == new:
        return Rewrite()
    first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    return Rewrite("".join(lines[:start] + new + lines[stop:]), line=start + first + 1)


# -- links.yml -----------------------------------------------------------------------------------

@dataclass
class Source:
    url: str
    title: str
    compared: bool
    quotes: list
    notes: str
    line: int


@dataclass
class Links:
    """scripts/data/links.yml: where pages may link (allowed) and what they cite (sources)."""

    path: Path
    rows: list[str]
    allowed: dict[str, str]
    sources: dict[str, Source]
    data: dict


def load_links(path: Path = LINKS_FILE) -> Links:
    """Read links.yml once (no aliases; scripts/urlcheck/sources.py validates it for the checker)."""
    text = Path(path).read_text(encoding="utf-8")
    data = safe_yaml.load(text) or {}
    rows = text.splitlines()
    allowed = {d["host"]: d.get("path_prefix", "/") for d in data.get("allowed_domains", [])}
    sources = {}
    for entry in data.get("sources", []):
        url = entry["url"]
        line = next((n for n, row in enumerate(rows, 1)
                     if re.fullmatch(r"\s*-?\s*url:\s*['\"]?" + re.escape(url) + r"['\"]?\s*", row)), 0)
        sources[url] = Source(url, str(entry.get("title") or url), entry.get("compared", True) is not False,
                              list(entry.get("quotes") or []), str(entry.get("notes") or ""), line)
    return Links(Path(path), rows, allowed, sources, data)
