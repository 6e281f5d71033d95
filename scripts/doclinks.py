"""Find every absolute http(s) URL in the Markdown pages of docs/.

API:
    iter_links(docs_dir, kinds=None) -> yields DocLink(path, line, url)
        path: pathlib.Path of the .md file (docs_dir / relative path), line: 1-based line number.
        kinds: optional set of kinds to keep (default: all of KINDS).
    extract_links(text) -> list of (line, url, kind) for one Markdown document.
    cited_urls(docs_dir) -> {url: [DocLink, ...]}
    read_front_matter(path) -> dict of a page's YAML front matter ({} if none)

Kinds (KINDS):
    "front-matter"  URLs in the YAML front matter (the `sources:` list and any other value)
    "markdown"      inline links and images: [text](url "title"), ![alt](url)
    "reference"     reference definitions: [id]: url "title"
    "autolink"      <https://...>
    "html"          href="..." / src="..." attributes in raw HTML
    "bare"          a URL written as plain text
    "code"          a URL inside inline code or a fenced code block (readers still see it)

URLs inside HTML comments are ignored (readers never see them). A bare URL ends at white space,
any non-ASCII character (「」（）、。 ...), a backtick, quotes or <>, and loses trailing .,;:!? and an
unbalanced closing bracket.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Iterator, NamedTuple

import yaml

KINDS = frozenset({"front-matter", "markdown", "reference", "autolink", "html", "bare", "code"})


class DocLink(NamedTuple):
    """One URL occurrence in docs/."""

    path: Path
    line: int
    url: str


_URL_CHARS = r"[!#$%&'*+,\-./0-9:;=?@A-Z\[\]_a-z~()]"
_BARE = re.compile(r"https?://" + _URL_CHARS + r"+", re.IGNORECASE)
_INLINE = re.compile(
    r"\]\(\s*<?(https?://[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?(?:\s+[\"'(][^)]*)?\)", re.IGNORECASE
)
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(https?://[^\s>]+)>?", re.IGNORECASE)
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*["'](https?://[^"'\s]+)["']""", re.IGNORECASE)
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _trim(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets from a bare URL."""
    while url:
        last = url[-1]
        if last in ".,;:!?'*":
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif last == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def _blank_comments(text: str) -> str:
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


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _front_matter_links(lines: list[str]) -> list[tuple[int, str, str]]:
    try:
        data = yaml.safe_load("\n".join(lines)) or {}
    except (yaml.YAMLError, ValueError):  # ValueError: an impossible date such as 2026-11-31
        data = None
    found = []
    if data is None:  # broken YAML: still report what looks like URLs
        for i, line in enumerate(lines):
            found += [(i + 2, _trim(m.group(0)), "front-matter") for m in _BARE.finditer(line)]
        return found
    for value in _strings(data):
        for match in _BARE.finditer(value):
            url = _trim(match.group(0))
            line_no = next((i + 2 for i, line in enumerate(lines) if url in line), 1)
            found.append((line_no, url, "front-matter"))
    return found


def _line_links(line: str) -> list[tuple[str, str]]:
    """(url, kind) pairs of one body line outside fenced code."""
    found: list[tuple[int, str, str]] = []  # (start, url, kind)
    taken: list[tuple[int, int]] = []

    def claim(pattern, kind, group=1):
        for m in pattern.finditer(line):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            found.append((m.start(group), m.group(group), kind))

    for m in _INLINE_CODE.finditer(line):
        taken.append(m.span())
        for u in _BARE.finditer(m.group(2)):
            found.append((m.start(2) + u.start(), _trim(u.group(0)), "code"))
    claim(_REFERENCE, "reference")
    claim(_INLINE, "markdown")
    claim(_AUTOLINK, "autolink")
    claim(_HTML_ATTR, "html")
    for m in _BARE.finditer(line):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found.append((m.start(), _trim(m.group(0)), "bare"))
    return [(url, kind) for _, url, kind in sorted(found)]


def extract_links(text: str) -> list[tuple[int, str, str]]:
    """All (line, url, kind) in one Markdown document, in document order."""
    text = _blank_comments(text.replace("\r\n", "\n"))
    fm_lines, body_start = _split_front_matter(text)
    results = _front_matter_links(fm_lines) if body_start else []
    fence = None
    for index, line in enumerate(text.split("\n")[body_start:], start=body_start + 1):
        opener = _FENCE.match(line)
        if fence is None and opener:
            fence = opener.group(1)[0] * len(opener.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            else:
                results += [(index, _trim(m.group(0)), "code") for m in _BARE.finditer(line)]
            continue
        results += [(index, url, kind) for url, kind in _line_links(line)]
    return [(line, url, kind) for line, url, kind in results if url]


def read_front_matter(path) -> dict:
    """The YAML front matter of a Markdown file as a dict ({} when the file has none).

    Dates stay `datetime.date` (yaml.safe_load). Raises ValueError naming the file if the YAML is broken.
    """
    text = Path(path).read_text(encoding="utf-8").replace("\r\n", "\n")
    lines, body_start = _split_front_matter(text)
    if not body_start:
        return {}
    try:
        data = yaml.safe_load("\n".join(lines))
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date such as 2026-11-31
        raise ValueError(f"{path}: invalid front matter: {' '.join(str(exc).split())}") from None
    return data if isinstance(data, dict) else {}


def iter_links(docs_dir, kinds=None) -> Iterator[DocLink]:
    """Yield DocLink(path, line, url) for every absolute http(s) URL in docs_dir/**/*.md."""
    wanted = KINDS if kinds is None else frozenset(kinds)
    unknown = wanted - KINDS
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    docs_dir = Path(docs_dir)
    for path in sorted(docs_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for line, url, kind in extract_links(text):
            if kind in wanted:
                yield DocLink(path, line, url)


def cited_urls(docs_dir, kinds=None) -> dict[str, list[DocLink]]:
    """{url: [DocLink, ...]} for every URL cited in docs_dir."""
    found: dict[str, list[DocLink]] = defaultdict(list)
    for link in iter_links(docs_dir, kinds):
        found[link.url].append(link)
    return dict(found)


if __name__ == "__main__":  # pragma: no cover - handy for a quick look
    import argparse

    parser = argparse.ArgumentParser(prog="python -m scripts.doclinks", description="List the absolute URLs cited in docs/ (path:line url).")
    parser.add_argument("docs", nargs="?", default=str(Path(__file__).resolve().parent.parent / "docs"))
    args = parser.parse_args()
    for link in iter_links(args.docs):
        print(f"{link.path}:{link.line} {link.url}")
