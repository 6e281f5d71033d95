"""Read and validate the list of official sources (scripts/data/links.yml: `sources`, `allowed_domains`).

`load_checklist(path)` returns the `Source`s and the {host: path_prefix} allowlist, or raises `SourcesError`
with one line naming the file, line and entry (`scripts/data/links.yml:41: sources[3] has no "url" (…)`).
The rules are listed under "exit status 2" in `python -m scripts.urlcheck --help`. Unknown keys are
refused, so a typo (`qoutes:`) does not silently switch a check off.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from scripts import link_guard, safe_yaml
from scripts.content import MIN_QUOTE

MAX_URL_LENGTH = 400
MAX_TITLE_LENGTH = 120
# An expect phrase or a quote is a sentence of the page body (content.MIN_QUOTE characters), not a
# word: a one-word phrase is also in the menus of a hub page that a dead link may be redirected to.
# Words on every page of the official sites (menus, footers): as `expect` they prove nothing.
SITE_WIDE_WORDS = frozenset({"注文", "au", "ノートン", "norton", "サポート", "support", "ログイン", "sign in"})
# Characters that Markdown or HTML act on; a title carrying them could turn into a link or markup.
MARKUP_CHARS = "<>[]`*|\\{}&"
KNOWN_KEYS = frozenset({"url", "title", "expect", "quotes", "compared", "notes"})


class SourcesError(ValueError):
    """The sources file cannot be used; the message is one line that names the entry."""


@dataclass
class Source:
    """One official URL to check."""

    url: str
    expect: list[str] = field(default_factory=list)
    title: str = ""
    quotes: list[str] = field(default_factory=list)
    compared: bool = True
    index: int = 0  # position in the file's `sources` list (0-based)
    line: int = 0  # line of the entry in the file (1-based)


def is_loopback_host(host: str | None) -> bool:
    """True for localhost and addresses in 127.0.0.0/8."""
    host = (host or "").lower().rstrip(".")
    try:
        return host == "localhost" or ipaddress.IPv4Address(host).is_loopback
    except ValueError:
        return False


# RFC 3986: unreserved, reserved and "%" HEX HEX; anything else must be percent-encoded.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2}")


def rfc3986_problem(url: str) -> str | None:
    """Why url holds characters RFC 3986 does not allow (`|`, `<`, `>`, space, `"`, non-ASCII, a bare %), or None."""
    bad = sorted(set(_URL_CHARS.sub("", url)))
    if not bad:
        return None
    shown = " ".join(repr(c) if c.isspace() or not c.isprintable() else c for c in bad[:8])
    return (f"contains {shown}, which a URL may not hold (RFC 3986); percent-encode it "
            f"({' '.join(f'%{b:02X}' for c in bad[:3] if c != '%' for b in c.encode('utf-8')) or '%25'})")


def _guard_form(url: str) -> str:
    """url as link_guard judges it: a loopback test server's http:// and port are not the host's business."""
    parts = urlsplit(url)
    if is_loopback_host(parts.hostname) and (parts.scheme == "http" or parts.port):
        return urlunsplit(("https", parts.hostname, parts.path or "/", parts.query, parts.fragment))
    return url


def allowed_problem(url: str, allowed: dict[str, str]) -> str | None:
    """Why a browser at url would be outside links.yml `allowed_domains` / `path_prefix`, or None."""
    try:
        return link_guard.judge(_guard_form(url), _guard_form(url), allowed)
    except ValueError as exc:
        return f"{url} cannot be parsed ({exc})"


def check_url(url: str) -> str | None:
    """Return why url is not acceptable, or None if it is."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if len(url) > MAX_URL_LENGTH:
        return f"is {len(url)} characters long (at most {MAX_URL_LENGTH})"
    if problem := rfc3986_problem(url):  # white space and backslashes too
        return problem
    if "@" in parts.netloc or parts.username or parts.password:
        return "contains a user name or password (they would be sent and printed in the reports)"
    if parts.scheme == "https":
        return None if host else "has no host name"
    if parts.scheme == "http":
        if is_loopback_host(host):
            return None
        return "is not https (plain http:// is accepted only for loopback hosts: 127.0.0.0/8, localhost)"
    return f"has scheme {parts.scheme + ':' if parts.scheme else '(none)'}; only https:// is accepted"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def near_duplicate_key(url: str) -> str:
    """URL compared loosely: case-folded, fragment dropped, runs of / collapsed, no trailing /."""
    url = url.split("#", 1)[0].casefold()
    scheme, sep, rest = url.partition("://")
    return scheme + sep + re.sub(r"/{2,}", "/", rest).rstrip("/")


def check_title(title) -> str | None:
    """Why a title cannot be printed as it is, or None."""
    if not isinstance(title, str):
        return f"\"title\" must be a string, not {type(title).__name__}"
    if "\n" in title.strip() or any(unicodedata.category(c) == "Cc" for c in title):
        return "\"title\" must be one line without control characters"
    if len(title) > MAX_TITLE_LENGTH:
        return f"\"title\" is {len(title)} characters long (at most {MAX_TITLE_LENGTH})"
    bad = sorted({c for c in title if c in MARKUP_CHARS})
    if bad:
        return f"\"title\" contains {' '.join(bad)}, which Markdown or HTML would act on"
    return None


def check_expect(phrase: str) -> str | None:
    """Why an expect phrase proves nothing, or None."""
    folded = unicodedata.normalize("NFKC", phrase).casefold().strip()
    if folded in SITE_WIDE_WORDS:
        return f"\"expect\" 「{phrase}」 is on every page of the site; use a phrase of this page"
    if len(folded) < MIN_QUOTE:
        return f"\"expect\" 「{phrase}」 is shorter than {MIN_QUOTE} characters; use a phrase of this page"
    return None


def _phrases(entry: dict, key: str) -> list[str] | None:
    """The entry's `expect` or `quotes` as a list of phrases; None if they are not phrases."""
    value = entry.get(key, [])
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        return None
    return [p.strip() for p in value]


def _entry_problem(entry: dict) -> str | None:
    """Why the keys of an entry besides `url` are unusable, or None."""
    if unknown := sorted(str(k) for k in entry if k not in KNOWN_KEYS):
        return f"unknown key {', '.join(unknown)} (known: {', '.join(sorted(KNOWN_KEYS))})"
    expect, quotes = _phrases(entry, "expect"), _phrases(entry, "quotes")
    for key, phrases in (("expect", expect), ("quotes", quotes)):
        if phrases is None:
            return f"\"{key}\" must be a phrase or a list of non-empty phrases"
    for problem in [check_expect(p) for p in expect] + [f"quote 「{q}」 is shorter than {MIN_QUOTE} characters"
                                                        for q in quotes if len(q) < MIN_QUOTE]:
        if problem:
            return problem
    compared = entry.get("compared", True)
    if not isinstance(compared, bool):
        return "\"compared\" must be true or false"
    if not compared and quotes:
        return "\"compared: false\" (nobody could read the page) but it has quotes"
    if not isinstance(entry.get("notes") or "", str):
        return "\"notes\" must be a string"
    return check_title(entry.get("title") or "")


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


def _allowed_domains(data: dict, text: str, path: Path) -> dict[str, str]:
    """{host: path_prefix} of the file's `allowed_domains`; SourcesError if it is missing or malformed."""
    entries = data.get("allowed_domains")
    line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("allowed_domains:")), 0)
    where = f"{path}:{line}" if line else str(path)
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{where}: no `allowed_domains:` list (every source and every redirect is judged "
                           "against it; host, optional path_prefix)")
    if not all(isinstance(e, dict) and isinstance(e.get("host"), str) and e["host"].strip() for e in entries):
        raise SourcesError(f"{where}: every `allowed_domains` entry needs a `host`")
    return link_guard.allowed_map(entries)


def load_checklist(path: str | Path) -> tuple[list[Source], dict[str, str]]:
    """The validated sources and the {host: path_prefix} allowlist of a sources file (links.yml)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"{path}: sources file not found") from None
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{path}: cannot read sources file: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read sources file: {exc.strerror or exc}") from None
    try:
        data = safe_yaml.load(text)
    except RecursionError:
        raise SourcesError(f"{path}: invalid YAML: nested too deeply") from None
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
        if problem := check_url(url):
            raise SourcesError(f"{where}: {url} {problem}")
        key = near_duplicate_key(url)
        if key in seen:
            same = ("listed twice" if entries[seen[key]].get("url") == url
                    else "a near-duplicate (it differs only by case, fragment or //)")
            raise SourcesError(f"{where}: {url} is {same} (also sources[{seen[key]}])")
        seen[key] = index
        if problem := _entry_problem(entry):
            raise SourcesError(f"{where}: {url}: {problem}")
        sources.append(Source(url=url, expect=_phrases(entry, "expect"), title=_one_line(entry.get("title") or ""),
                              quotes=_phrases(entry, "quotes"), compared=entry.get("compared", True), index=index,
                              line=line))
    allowed = _allowed_domains(data, text, path)
    for source in sources:
        if problem := allowed_problem(source.url, allowed):
            where = f"{path}:{source.line}" if source.line else str(path)
            raise SourcesError(f"{where}: sources[{source.index}]: {problem}")
    return sources, allowed
