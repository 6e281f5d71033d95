"""Read and validate the list of official sources (scripts/data/links.yml, key `sources`).

`load_sources(path)` returns a list of `Source` or raises `SourcesError` whose message is one line
naming the file, the line and the entry, e.g.

    scripts/data/links.yml:41: sources[3] has no "url" (title: 「…」)

Rules: the file must be readable UTF-8 YAML with a non-empty `sources` list; each entry is a
mapping with a string `url` (https://, or http:// for loopback hosts only: 127.0.0.0/8 and
localhost, so tests can use local servers); `expect` is a phrase or a list of phrases; no URL twice.
Other keys (title, notes, ...) are kept as they are.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml


class SourcesError(ValueError):
    """The sources file cannot be used; the message is one line that names the entry."""


@dataclass
class Source:
    """One official URL to check."""

    url: str
    expect: list[str] = field(default_factory=list)
    title: str = ""
    notes: str = ""
    index: int = 0  # position in the file's `sources` list (0-based)
    line: int = 0  # line of the entry in the file (1-based)


def is_loopback_host(host: str | None) -> bool:
    """True for localhost and addresses in 127.0.0.0/8."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host) in ipaddress.ip_network("127.0.0.0/8")
    except ValueError:
        return False


def check_url(url: str) -> str | None:
    """Return why url is not acceptable, or None if it is."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if any(ch.isspace() for ch in url):
        return "contains white space"
    if parts.scheme == "https":
        return None if host else "has no host name"
    if parts.scheme == "http":
        if is_loopback_host(host):
            return None
        return "is not https (plain http:// is accepted only for loopback hosts: 127.0.0.0/8, localhost)"
    return f"has scheme {parts.scheme + ':' if parts.scheme else '(none)'}; only https:// is accepted"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _entry_lines(text: str) -> list[int]:
    """1-based line numbers of the items of the top-level `sources` sequence (best effort)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "sources" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def load_sources(path: str | Path) -> list[Source]:
    """Load and validate the sources file; raise SourcesError (one-line message) on bad input."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"{path}: sources file not found") from None
    except IsADirectoryError:
        raise SourcesError(f"{path}: cannot read sources file: it is a directory") from None
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{path}: cannot read sources file: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read sources file: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc
        raise SourcesError(f"{path}{where}: invalid YAML: {_one_line(problem)}") from None
    if not isinstance(data, dict) or "sources" not in data:
        raise SourcesError(f"{path}: no `sources:` list found")
    entries = data["sources"]
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{path}: `sources:` must be a non-empty list")
    lines = _entry_lines(text)
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 0
        where = f"{path}:{line}: sources[{index}]" if line else f"{path}: sources[{index}]"
        if not isinstance(entry, dict):
            raise SourcesError(f"{where} must be a mapping with a \"url\" key, not {_one_line(repr(entry))[:60]}")
        url = entry.get("url")
        if url is None or (isinstance(url, str) and not url.strip()):
            label = entry.get("title") or ", ".join(f"{k}" for k in entry) or "empty entry"
            raise SourcesError(f"{where} has no \"url\" ({_one_line(label)})")
        if not isinstance(url, str):
            raise SourcesError(f"{where}: \"url\" must be a string, not {type(url).__name__}")
        problem = check_url(url)
        if problem:
            raise SourcesError(f"{where}: {url} {problem}")
        if url in seen:
            raise SourcesError(f"{where}: {url} is listed twice (also sources[{seen[url]}])")
        seen[url] = index
        expect = entry.get("expect", [])
        if isinstance(expect, str):
            expect = [expect]
        if not isinstance(expect, list) or not all(isinstance(p, str) and p.strip() for p in expect):
            raise SourcesError(f"{where}: {url}: \"expect\" must be a phrase or a list of non-empty phrases")
        sources.append(Source(
            url=url,
            expect=list(expect),
            title=_one_line(entry.get("title") or ""),
            notes=_one_line(entry.get("notes") or ""),
            index=index,
            line=line,
        ))
    return sources
