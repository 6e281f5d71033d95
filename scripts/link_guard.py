"""Judge one link the way a browser resolves it: is it allowed on the guide's pages?

    judge(href, base, allowed_domains) -> None if the link is fine, else a one-line problem

`href` is the link as written (a Markdown target or an `<a href>` of the built HTML), `base` the URL
of the page it sits on (e.g. https://jidoencho-guide.github.io/norton/faq/), `allowed_domains` the
`allowed_domains` list of scripts/data/links.yml (`[{"host": ..., "path_prefix": ...}, ...]`) or a
mapping {host: path_prefix}.

Why not `urllib.parse`: Python and browsers disagree. `https://evil.example\\@support.norton.com/` is
support.norton.com for `urlsplit` and evil.example for a browser; `..` and `%2e%2e` segments are left
in place by Python and removed by browsers. Links are therefore resolved with a WHATWG URL parser
(ada-url, the parser of Node.js), and some shapes are refused before any parsing.

Rules, in order:
- no backslash, ASCII control character, tab or line break anywhere (browsers read `\\` as `/` or drop
  the character, so the link would not go where it looks like it goes);
- no scheme-relative link (`//host/...`), no `javascript:`, `data:`, `vbscript:`, `file:` ...:
  only `https:` and `mailto:` (plain `http:` is refused too);
- an absolute link may not contain dot segments (`.`, `..`, `%2e%2e` ...) nor user info
  (`user:password@`), nor a port;
- its host must be an allowed host, exactly (no trailing dot), and its path must be the host's
  `path_prefix` or lie below it on a `/` boundary (`/jidoencho-guide/norton-evil` is not below
  `/jidoencho-guide/norton`);
- a relative link must resolve to the same origin as `base` (it may use `../`: that is how sites link).

Used by scripts/lint/site_policy.py on every link target of docs/ (scripts/content.py
`extract_links`) and by tests/lint/test_site_policy.py on every `<a href>` of the built site; its own
cases are in tests/test_link_guard.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import ada_url

ALLOWED_SCHEMES = ("https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_BAD_CHARS = re.compile(r"[\\\x00-\x1f\x7f]")
_DOT_SEGMENT = re.compile(r"^(?:\.|%2e){1,2}$", re.IGNORECASE)
_ATTRS = ("href", "protocol", "username", "password", "hostname", "port", "pathname", "origin")


def allowed_map(allowed_domains) -> dict[str, str]:
    """{host: path_prefix} from links.yml's list of mappings (or such a mapping itself)."""
    if isinstance(allowed_domains, Mapping):
        return {str(h).lower(): str(p or "/") for h, p in allowed_domains.items()}
    return {str(d["host"]).lower(): str(d.get("path_prefix") or "/") for d in allowed_domains}


def under_prefix(path: str, prefix: str) -> bool:
    """True if path is prefix or lies below it, comparing whole `/`-separated segments."""
    if prefix in ("", "/"):
        return True
    prefix = prefix.rstrip("/")
    return path == prefix or path.startswith(prefix + "/")


def _parse(url: str) -> dict | None:
    if not ada_url.check_url(url):
        return None
    return ada_url.parse_url(url, attributes=_ATTRS)


def _raw_path(href: str) -> str:
    """The path part of an absolute href as written (before ? and #), without scheme and host."""
    rest = _SCHEME.sub("", href, count=1)
    rest = re.split(r"[?#]", rest, maxsplit=1)[0]
    if rest.startswith("//"):
        rest = rest[2:]
        rest = rest[rest.find("/"):] if "/" in rest else ""
    return rest


def judge(href: str, base: str, allowed_domains) -> str | None:
    """None if a browser following href (on the page at base) lands on an allowed place, else why not."""
    allowed = allowed_map(allowed_domains)
    if _BAD_CHARS.search(href):
        what = "a backslash" if "\\" in href else "a control character, tab or line break"
        return f"{href!r} contains {what}; browsers read it differently from what it looks like"
    text = href.strip(" ")
    if text != href:
        return f"{href!r} has leading or trailing spaces"
    if text.startswith("//"):
        return f"{href} is scheme-relative (//host); write https://"
    match = _SCHEME.match(text)
    if match is None:  # relative: must stay on the site of the page
        resolved = ada_url.join_url(base, text) if ada_url.check_url(base) else None
        parts = _parse(resolved) if resolved else None
        mine = _parse(base)
        if parts is None or mine is None:
            return f"{href} cannot be resolved against {base}"
        if parts["origin"] != mine["origin"]:
            return f"{href} leaves the site: a browser goes to {parts['href']}"
        return None
    scheme = match.group(1).lower()
    if scheme == "mailto":
        return None
    if scheme not in ALLOWED_SCHEMES:
        if scheme == "http":
            return f"{href} does not use https://"
        return f"{href} uses {scheme}:; only https: and mailto: links are allowed"
    if not text[match.end():].startswith("//"):
        return f"{href} has no //host after https:"
    if any(_DOT_SEGMENT.match(seg) for seg in _raw_path(text).split("/")):
        return f"{href} contains a dot segment (. or .., also %2e); a browser would resolve it away"
    parts = _parse(text)
    if parts is None:
        return f"{href} is not a valid URL"
    if parts["username"] or parts["password"] or "@" in text.split("/", 3)[2]:
        return f"{href} contains user info (user:password@); a browser goes to {parts['hostname']}"
    if parts["port"]:
        return f"{href} names a port ({parts['port']})"
    host = parts["hostname"]
    if host not in allowed:
        return f"{href}: a browser goes to {host or '(no host)'}, which is not in scripts/data/links.yml allowed_domains"
    if not under_prefix(parts["pathname"], allowed[host]):
        return f"{href}: on {host} only {allowed[host]} and below is allowed (a browser opens {parts['pathname']})"
    return None
