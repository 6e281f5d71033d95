"""Check the site's content rules on Markdown pages (CONTRIBUTING.md「文章のルール」), one line per mistake.

- every link target is judged as a browser on the page resolves it (scripts/link_guard.py): allowed
  domains of scripts/data/links.yml, https only; no `http://` anywhere (code and comments too) but
  127.0.0.1 / localhost; no phone numbers (Japanese and international shapes, full-width digits too);
- front matter: `title`, a real, not future `last_verified` date and a `sources` list (every page);
  each source and every official URL cited in the body is a links.yml `sources` entry, the exact string;
- no line break inside a Japanese paragraph (it renders as a visible space);
- nothing the themes would print as HTML code (scripts/lint/markup.py).

Usage:
    python -m scripts.lint.site_policy [FILES OR FOLDERS...]   (default: docs/)
Exit status: 0 clean, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scripts import ROOT, link_guard
from scripts.content import LINKS_FILE, body_lines, extract_links, load_links, parse_front_matter, source_urls
from scripts.lint import markup
from scripts.lint.output import Problem, display, lint_main

# The address the site is published at: relative links are resolved against it.
SITE_URL = re.search(r"(?m)^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")).group(1)

# Japanese and international phone-number shapes (after NFKC, so full-width digits count too):
# 0120-123-456, 03-1234-5678, 090 1234 5678, +81 3 1234 5678, 1-800-123-4567, (03)1234-5678,
# and any unbroken run of 10-11 digits starting with 0.
PHONE_RE = re.compile(
    r"""(?<![\w/.#=-])(
        \+\d{1,3}[\s-]?\(?\d{1,4}\)?[\s-]?\d{2,4}[\s-]?\d{3,4}
      | 0\d{1,4}[\s-]\d{1,4}[\s-]\d{3,4}
      | \(0\d{1,4}\)\s?\d{1,4}[\s-]?\d{3,4}
      | 1-8\d{2}-\d{3}-\d{4}
      | 0\d{9,10}
    )(?![\w/-])""",
    re.VERBOSE | re.ASCII,  # \w must not match Japanese letters next to a number
)
PLAIN_HTTP = re.compile(r"http://(?!127\.0\.0\.1|localhost)", re.IGNORECASE)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# A line break inside a Japanese paragraph is rendered as a visible space: keep each paragraph on one line.
CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
CJK_END = re.compile(f"[{CJK}]$")
BLOCK_START = re.compile(r"^\s*(///|#|\||>|[-*+] |\d+\. |<|\[[^\]]*\]:)")


@dataclass(frozen=True)
class Policy:
    """What links.yml allows: {host: path prefix}, the listed source URLs and the official sites."""

    allowed: dict[str, str]
    sources: frozenset[str]
    official_sites: frozenset[str]


def load_policy(path: Path = LINKS_FILE) -> Policy:
    from scripts.urlcheck.verdict import load_settings, site_of  # only the suffix list is needed

    links = load_links(path)
    suffixes = load_settings().two_label_public_suffixes
    official_sites = frozenset(site_of(host, suffixes) for host in links.allowed)
    return Policy(links.allowed, frozenset(links.sources), official_sites)


def page_url(path: str) -> str:
    """The address a page is published at (use_directory_urls): docs/stop/store.md -> <site>/stop/store/."""
    parts = Path(path).parts
    name = "/".join(parts[len(parts) - parts[::-1].index("docs"):]) if "docs" in parts else Path(path).name
    name = name.removesuffix(".md")
    return SITE_URL + ("" if name == "index" else name.removesuffix("/index") + "/")


def _is_report_form(url: str) -> bool:
    """The public correction-report links (page foot) open this project's issue form: a place to write, not a source."""
    parts = urlsplit(url)
    return parts.hostname == "github.com" and parts.path.endswith("/issues/new")


def _is_official(url: str, sites: frozenset[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == site or host.endswith("." + site) for site in sites)


def key_line(lines: list[str], key: str, default: int = 1) -> int:
    rx = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(lines, 1) if rx.match(line)), default)


def date_problem(value) -> str | None:
    """Why `last_verified` is wrong (None when it is a real date, not in the future)."""
    text = str(value).strip()
    if not DATE_RE.match(text):
        return f"`last_verified` must be a date like 2026-11-27, got {text!r}"
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        return f"`last_verified: {text}` is not a real date ({exc})"
    if day > dt.date.today():
        return f"`last_verified: {text}` is in the future"
    return None


def markup_page_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for front matter, attribute lists and raw HTML that could put code into the
    HTML (scripts/lint/markup.py). `make lint` and scripts/build_site.py (both engines) use it."""
    text = text.replace("\r\n", "\n")
    meta, body_start, _ = parse_front_matter(text)
    fm_lines = text.split("\n")[:body_start]
    found = markup.front_matter_problems(meta, {str(k): key_line(fm_lines, str(k)) for k in meta}) if meta else []
    return found + markup.markup_problems(text, body_start)


def check_text(text: str, path: str, policy: Policy) -> list[Problem]:
    """Every content-rule problem in one page, once each, sorted by line."""
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    found: list[Problem] = []
    seen: set[tuple[int, str]] = set()  # (line, url) already reported: one mistake, one line

    def add(line: int, message: str, url: str = "") -> None:
        if url:
            if (line, url) in seen:
                return
            seen.add((line, url))
        found.append(Problem(path, line, message))

    # Front matter: required keys, a real date, listed sources (every page states facts, the start page too).
    meta, body_start, error = parse_front_matter(text)
    fm_lines = lines[:body_start]
    if error:
        add(*error)
    elif meta is None:
        add(1, "the page has no front matter: start it with ---, title, last_verified, sources, ---")
    else:
        if not meta.get("title"):
            add(1, "front matter lacks `title`")
        if "last_verified" not in meta:
            add(1, "front matter lacks `last_verified` (the date the steps were checked, like 2026-11-27)")
        elif problem := date_problem(meta["last_verified"]):
            add(key_line(fm_lines, "last_verified"), problem)
        if not (meta.get("sources") and isinstance(meta["sources"], list)):
            add(key_line(fm_lines, "sources"), "front matter lacks a `sources` list of the official URLs the page relies on")
        for url in map(str, source_urls(meta) if isinstance(meta.get("sources"), list) else []):
            line = next((n for n, row in enumerate(fm_lines, 1) if url in row), key_line(fm_lines, "sources"))
            if problem := (link_guard.judge(url, SITE_URL, policy.allowed) if "://" in url else None):
                add(line, problem, url)
            elif url not in policy.sources:
                add(line, f"source {url} is not listed in scripts/data/links.yml sources (add it with url/title/expect)", url)

    # Front matter keys and values, attribute lists and raw HTML: nothing the themes would run as code.
    for line, message in markup_page_problems(text):
        add(line, message)

    # Every link target, judged as a browser on this page resolves it (and URLs anywhere in the front matter).
    base = page_url(path)
    for line, url, kind in extract_links(text):
        if problem := link_guard.judge(url, base, policy.allowed):
            add(line, problem, url)
        elif (kind not in ("front-matter", "bare-host") and _is_official(url, policy.official_sites)
              and not _is_report_form(url) and url not in policy.sources):
            add(line, f"{url} is an official page but not listed in scripts/data/links.yml sources "
                      "(add it with url/title/expect, or cite a listed URL exactly)", url)

    reported_lines = {p.line for p in found}
    for n, line in enumerate(lines, 1):
        if PLAIN_HTTP.search(line) and n not in reported_lines:
            add(n, "plain http:// — use https://")
        for m in PHONE_RE.finditer(unicodedata.normalize("NFKC", line)):
            add(n, f"looks like a phone number: {m.group(0)!r} — the guide never publishes one")

    # Japanese paragraphs stay on one line.
    prev, prev_n = "", 0
    for n, line, in_code in body_lines(text, body_start):
        if not in_code and prev_n == n - 1 and prev.strip() and line.strip() and CJK_END.search(prev.rstrip()) and not (
                BLOCK_START.match(line) or BLOCK_START.match(prev) or line.startswith("    ")):
            add(n, "join this line to the previous one (a line break inside a Japanese paragraph shows as a space)")
        prev, prev_n = ("", 0) if in_code else (line, n)

    return sorted(set(found))


def check_files(files: list[Path], policy: Policy | None = None) -> list[Problem]:
    policy = policy or load_policy()
    return [p for f in files for p in check_text(f.read_text(encoding="utf-8"), display(f), policy)]


def main(argv: list[str] | None = None) -> int:
    return lint_main(argv, "scripts.lint.site_policy", __doc__, lambda files, _: check_files(files), defaults=["docs"])


if __name__ == "__main__":
    sys.exit(main())
