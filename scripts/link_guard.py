"""Judge one link the way a browser resolves it: judge(href, base, allowed_domains) -> None or a problem.

`href` is a link as written, `base` the URL of its page, `allowed_domains` links.yml's list of {host,
path_prefix} (or a {host: path_prefix} mapping). Python and browsers disagree (`https://a\\@b/` is b for
urlsplit, a for a browser; browsers remove `..` and `%2e%2e`), so links are resolved with a WHATWG parser
(ada-url, Node's) after refusing some shapes. Only https: and mailto:; no backslash, control character,
//host, dot segment, user info or port; an allowed host, exactly, and a path at or below its path_prefix
on a `/` boundary; a relative link must stay on the page's origin. Used by scripts/lint/site_policy.py;
cases in tests/test_link_guard.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import ada_url

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_RAW_PATH = re.compile(r"^[^:]*://[^/?#]*([^?#]*)")  # the path of an absolute link as written
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
    if scheme == "http":
        return f"{href} does not use https://"
    if scheme != "https":
        return f"{href} uses {scheme}:; only https: and mailto: links are allowed"
    if not text[match.end():].startswith("//"):
        return f"{href} has no //host after https:"
    if any(_DOT_SEGMENT.match(seg) for seg in _RAW_PATH.match(text).group(1).split("/")):
        return f"{href} contains a dot segment (. or .., also %2e); a browser would resolve it away"
    if (parts := _parse(text)) is None:
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
