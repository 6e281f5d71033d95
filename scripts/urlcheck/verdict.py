"""Decide the status of one official URL from what LinkChecker observed: `classify()` returns a `Verdict`.

The statuses are described in `python -m scripts.urlcheck --help`. `Verdict.transient` marks failures worth
retrying; `retry_wait()` turns Retry-After into seconds to wait (capped). `load_settings()` reads
scripts/data/checker.yml; the site policy lint uses it with `site_of()`.
"""

from __future__ import annotations

import email.utils
import ipaddress
import re
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

import ada_url
import yaml

from scripts import DATA, safe_yaml
from scripts.urlcheck import engine
from scripts.urlcheck.pagetext import refresh_target
from scripts.urlcheck.sources import allowed_problem, is_loopback_host

# In the reports' order: what needs work first.
STATUSES = ("broken", "soft-404", "drifted", "unreachable", "not-checked", "redirected", "ok")
FAILING = frozenset({"broken", "soft-404", "drifted", "unreachable", "not-checked"})
SHORT_URL = 160  # characters of a URL quoted in a detail
SETTINGS_FILE = DATA / "checker.yml"


@dataclass
class Settings:
    """Contents of scripts/data/checker.yml (its comments say what each one is for)."""

    user_agent: str
    timeout: int
    retries: int
    retry_after_cap: float
    time_budget: float
    host_time_budget: float
    transient_http_statuses: frozenset[int]
    not_found_phrases: list[str]
    root_paths: list[re.Pattern]
    retry_backoff: float = 3
    max_parallel_hosts: int = 8
    not_found_patterns: list[str] = field(default_factory=list)
    not_found_title_patterns: list[str] = field(default_factory=list)
    two_label_public_suffixes: frozenset[str] = frozenset()
    actions: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        """Check and convert the values as YAML gave them (a bad one raises)."""
        self.user_agent = " ".join(str(self.user_agent).split())
        self.timeout = int(self.timeout)
        self.retries = int(self.retries)
        self.max_parallel_hosts = max(1, int(self.max_parallel_hosts))
        for name in ("retry_after_cap", "time_budget", "host_time_budget", "retry_backoff"):
            setattr(self, name, float(getattr(self, name)))
        self.transient_http_statuses = frozenset(int(s) for s in self.transient_http_statuses)
        self.not_found_phrases = [str(p) for p in self.not_found_phrases]
        self.not_found_patterns = [re.compile(str(p)).pattern for p in self.not_found_patterns or []]
        self.not_found_title_patterns = [re.compile(str(p)).pattern for p in self.not_found_title_patterns or []]
        self.root_paths = [re.compile(p, re.IGNORECASE) for p in self.root_paths]
        self.two_label_public_suffixes = frozenset(s.lower() for s in self.two_label_public_suffixes)
        self.actions = {str(k): " ".join(str(v).split()) for k, v in (self.actions or {}).items()}
        self.labels = {str(k): str(v) for k, v in (self.labels or {}).items()}


def load_settings(path: str | Path = SETTINGS_FILE) -> Settings:
    """Read the settings file; raise ValueError with a one-line message when it is unusable."""
    path = Path(path)
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read settings: {' '.join(str(exc).split())}") from None
    try:
        return Settings(**{f.name: data[f.name] for f in fields(Settings) if f.name in data})
    except (TypeError, ValueError, AttributeError, re.error) as exc:
        raise ValueError(f"{path}: bad settings: {type(exc).__name__}: {exc}") from None


@dataclass
class Verdict:
    """The status of one URL after one LinkChecker attempt."""

    status: str
    detail: str
    transient: bool = False  # worth another attempt
    retry_after: str | None = None  # as sent by the server
    missing: list[str] = field(default_factory=list)  # expect phrases and quotes no longer on the page


def short(url: str, limit: int = SHORT_URL) -> str:
    """A URL (or any remote text) cut to limit characters for a detail line."""
    url = " ".join(str(url if url is not None else "").split())
    return url if len(url) <= limit else url[:limit - 1] + "…"


def site_of(host: str | None, two_label_suffixes=frozenset()) -> str:
    """Registrable part of a host name: support.norton.com -> norton.com, a.b.co.jp -> b.co.jp."""
    host = (host or "").lower().rstrip(".")
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in two_label_suffixes else 2
    try:
        return str(ipaddress.ip_address(host))  # an address is a site of its own
    except ValueError:
        return ".".join(labels[-keep:])


def is_root_path(path: str, settings: Settings) -> bool:
    """True if path is a site or language top page (settings.root_paths)."""
    return any(p.fullmatch(path or "/") for p in settings.root_paths)


def _error_verdict(result: str, timeout: int) -> Verdict:
    """Classify a LinkChecker result that is not an HTTP status (an exception message)."""
    name, _, rest = result.partition(":")
    name, rest, low = name.strip(), rest.strip(), result.lower()
    if name == engine.MALFORMED_REDIRECT_RESULT:
        return Verdict("broken", f"redirect with a malformed Location ({rest})")
    if name == engine.DEADLINE_RESULT:  # a tarpit; another try would cost as much
        return Verdict("unreachable", rest + "; not retried")
    if name == engine.NOT_CHECKED_RESULT:  # the time budget ran out
        return Verdict("not-checked", rest)
    if "redirect" in name.lower():
        return Verdict("broken", f"redirect loop or too many redirects ({result[:160]})")
    if "ssl" in name.lower() or "certificate" in low:
        return Verdict("broken", f"TLS/certificate problem: {result[:200]}")
    if "timeout" in name.lower() or "timed out" in low:
        return Verdict("unreachable", f"no answer within {timeout} s ({name})", transient=True)
    if name in ("ConnectionError", "ChunkedEncodingError", "ContentDecodingError", "ProtocolError") \
            or "connection" in low or "hostname not found" in low:
        if ("name" in low and "resol" in low) or "hostname not found" in low or "name or service" in low:
            reason = "host name not found (DNS)"
        elif "refused" in low:
            reason = "connection refused"
        elif "reset" in low or "aborted" in low:
            reason = "connection reset"
        else:
            reason = f"connection failed: {result[:160]}"
        return Verdict("unreachable", reason, transient=True)
    # Anything else ("syntax OK" for a skipped request, LinkChecker crashed, ...) is not a check.
    return Verdict("unreachable", f"not checked: {result[:240] or 'no result'}", transient=True)


# Errors while reading the body after a good status line: the connection broke, the body was shorter
# than announced, or its compression is broken. Worth another attempt.
BODY_ERRORS = frozenset({"ChunkedEncodingError", "ContentDecodingError", "ConnectionError", "ProtocolError",
                         "IncompleteRead", "ReadTimeout", "Timeout", "ConnectionResetError", "DecodeError",
                         "ReadTimeoutError", "SSLError", "error", "BadGzipFile", "EOFError", "OSError"})
WEB_SCHEMES = ("http", "https")


def _join(base: str, target: str) -> str | None:
    """target resolved against base as a browser would (WHATWG); None if it is not a valid URL."""
    try:
        return ada_url.join_url(base, target.strip())
    except ValueError:
        return None


def redirect_problem(obs) -> Verdict | None:
    """A redirect no browser should follow: to javascript:/data:/file:/ftp:, malformed, or to plain http."""
    for record in obs.responses:
        location, status = record.get("location"), record.get("status") or 0
        if not location or not 300 <= status < 400:
            continue
        if (target := _join(record.get("url") or obs.url, location)) is None:
            return Verdict("broken", f"redirect with a malformed Location: {short(location, 120)!r}")
        scheme = urlsplit(target).scheme.lower()
        if scheme not in WEB_SCHEMES:
            return Verdict("broken", f"redirect to a {scheme}: URL, which is not a web page: {short(location, 80)!r}")
        if scheme == "http" and not is_loopback_host(urlsplit(target).hostname):
            return Verdict("broken", f"redirect to plain http:// ({short(target, 120)}): an https page must stay https")
    return None


def hops_outside(obs, allowed: dict[str, str]) -> Verdict | None:
    """The first redirect hop (or the final URL) outside links.yml `allowed_domains` / `path_prefix`."""
    hops = [r.get("url") for r in obs.responses if r.get("url")] + list(obs.redirects) + [obs.final_url]
    for hop in dict.fromkeys(h for h in hops if h):
        if problem := allowed_problem(hop, allowed):
            return Verdict("soft-404", f"redirected outside the places links.yml allows: {short(problem, 240)}")
    return None


def _sends_away(obs, redirected: bool, settings: Settings) -> Verdict | None:
    """A redirect, Refresh header, meta refresh or script location that sends a deep link to a top page or away."""
    content = obs.content or {}
    header = next((r.get("refresh") for r in reversed(obs.responses) if r.get("refresh")), None)
    targets = [("redirect", obs.final_url)] if redirected else []
    targets += [("Refresh header", refresh_target(header))]
    targets += [("meta refresh", t) for t in content.get("refresh", [])]
    targets += [("script location", t) for t in content.get("script_location", [])]
    start = urlsplit(obs.url)
    home = site_of(start.hostname, settings.two_label_public_suffixes)
    for how, target in targets:
        resolved = _join(obs.final_url or obs.url, target) if target else None
        parts = urlsplit(resolved or "")
        if parts.scheme.lower() not in WEB_SCHEMES:
            continue  # none, not a valid URL, or not a web page
        if site_of(parts.hostname, settings.two_label_public_suffixes) != home:
            return Verdict("soft-404", f"{how} sends readers to another site: {short(resolved)}")
        if is_root_path(parts.path, settings) and not is_root_path(start.path, settings):
            return Verdict("soft-404", f"{how} sends readers to a top page: {short(resolved)}")
    return None


def _quoted(phrases) -> str:
    return "、".join(f"「{p}」" for p in phrases)


def classify(obs, expect: list[str], quotes: list[str], allowed: dict[str, str], settings: Settings) -> Verdict:
    """Status of one URL from an engine.Observation and the phrases and quotes it must show.

    `allowed`: links.yml `allowed_domains` as {host: path_prefix}; every redirect hop must stay inside it.
    """
    if (bad_redirect := redirect_problem(obs)) is not None:
        return bad_redirect
    status = obs.http_status
    if any((r.get("cf_mitigated") or "").strip().lower() == "challenge" for r in obs.responses):
        return Verdict("unreachable", f"HTTP {status or '?'} with a bot challenge (cf-mitigated: challenge): "
                                      "a script cannot see the page; open it in a browser")
    http_result = status is not None and re.match(r"^\d{3}\b", obs.result or "")
    if not http_result and not (obs.valid and 200 <= (status or 0) < 300):  # a valid page is judged below
        return _error_verdict(obs.result or "", settings.timeout)
    if status == 429 or status >= 500 or status in settings.transient_http_statuses:
        asked = [r["retry_after"] for r in obs.responses if r.get("retry_after")]  # the last one sent counts
        return Verdict("unreachable", f"HTTP {short(obs.result, 120) or status}", transient=True,
                       retry_after=asked[-1] if asked else None)
    if status >= 400:
        hint = " (refused; maybe bot protection: open it in a browser)" if status in (401, 403) else ""
        return Verdict("broken", f"HTTP {short(obs.result, 120) or status}{hint}")
    if status >= 300:
        return Verdict("broken", f"HTTP {short(obs.result, 120) or status} without a usable Location header")
    if not obs.valid:
        return Verdict("unreachable", f"LinkChecker marked it invalid: {short(obs.result, 200)}", transient=True)
    content = obs.content
    if content and content.get("error_type") in BODY_ERRORS:
        return Verdict("unreachable", f"HTTP {status} but the body could not be read ({content['error'][:160]})",
                       transient=True)

    redirected = bool(obs.redirects) and engine.url_key(obs.final_url) != engine.url_key(obs.url)
    if obs.redirects and (outside := hops_outside(obs, allowed)) is not None:
        return outside
    if (away := _sends_away(obs, redirected, settings)) is not None:
        return away
    if content and content.get("not_found_title"):
        return Verdict("soft-404", f"HTTP {status} but the title or heading says not found "
                                   f"(matches {content['not_found_title'][0]!r})")
    if content and content.get("not_found"):
        return Verdict("soft-404", f"HTTP {status} but the page says not found ({_quoted(content['not_found'][:3])})")
    wanted = list(expect) + list(quotes)
    if wanted:
        if not content or content.get("error"):
            why = f" ({content['error']})" if content and content.get("error") else ""
            return Verdict("drifted", f"page text could not be read{why}, so these phrases are unconfirmed: "
                                      + _quoted(wanted))
        present = set(content.get("present", []))
        lost_quotes = [q for q in quotes if q not in present]
        if quotes and len(lost_quotes) == len(quotes):
            return Verdict("soft-404", f"HTTP {status} but the page lost every quote the guide cites "
                                       f"({len(quotes)}): it is probably not the article any more",
                           missing=lost_quotes)
        missing = [p for p in expect if p not in present] + lost_quotes
        if missing:
            return Verdict("drifted", "missing: " + _quoted(missing), missing=missing)
    if redirected:
        return Verdict("redirected", f"now at {short(obs.final_url)}")
    codec = f" ({content['codec']})" if content and content.get("codec") else ""
    return Verdict("ok", f"HTTP {status}{codec}")


def retry_wait(retry_after: str | None, attempt: int, settings: Settings, cap: float) -> tuple[float, float | None]:
    """Seconds to wait before the next attempt (at most cap), and the seconds the server asked for (if any).
    Retry-After may be delta-seconds or an HTTP date; without it the wait is retry_backoff * attempt."""
    value = (retry_after or "").strip()
    asked = float(value) if value.isdigit() else None
    if value and asked is None:  # an HTTP date
        try:
            asked = max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    wanted = asked if asked is not None else settings.retry_backoff * attempt
    return max(0.0, min(cap, wanted)), asked
