"""LinkChecker plugins of scripts/urlcheck/: they report what LinkChecker saw, as `<info>` lines of its
XML output that start with `official-url-check:` followed by JSON (read by engine.parse_xml).

- OfficialPageResponse (every response, redirect hops included): {"kind": "response", "url", "status",
  "retry_after", "content_type", "location", "refresh", "cf_mitigated"}
- OfficialPageContent (valid pages): decodes the body as a browser would and reads the text a reader sees
  (pagetext.py): {"kind": "content", "codec", "title", "h1", "bytes", "read_bytes", "not_found",
  "not_found_title", "present", "refresh", "script_location"}, or {"kind": "content", "error", "error_type"}
  when the body cannot be read (reset mid-body, short body, bad gzip).
They are enabled by sections of the same name in the config engine.Workspace writes; [OfficialPageContent]
names the JSON spec (phrases and patterns). LinkChecker loads this file from its plugin folder, by path.
"""

import json
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from linkcheck.plugins import _ConnectionPlugin, _ContentPlugin

# LinkChecker loads this file by path (through a symlink in its plugin folder), so it is not part of
# the scripts package: pagetext.py is found beside the real file's parent folder (scripts/urlcheck/).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pagetext  # noqa: E402

__all__ = ["OfficialPageResponse", "OfficialPageContent"]


def _web_location(base, location):
    """True if a redirect's Location resolves to an http(s) URL that parses."""
    try:
        target = urljoin(base, location.strip())
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)

PREFIX = "official-url-check:"


def _emit(url_data, record):
    url_data.add_info(PREFIX + json.dumps(record, ensure_ascii=True, sort_keys=True))


class OfficialPageResponse(_ConnectionPlugin):
    """Report status code and Retry-After of every HTTP response (redirect hops included)."""

    def applies_to(self, url_data):
        return url_data.is_http() and getattr(url_data, "url_connection", None) is not None

    def check(self, url_data):
        try:
            self._check(url_data)
        except Exception as exc:  # noqa: BLE001 - never stop LinkChecker
            _emit(url_data, {"kind": "response", "error": f"{type(exc).__name__}: {exc}"[:300]})

    def _check(self, url_data):
        response = url_data.url_connection
        headers = getattr(response, "headers", {}) or {}
        status = getattr(response, "status_code", None) or 0
        location = headers.get("Location")
        # A redirect to javascript:, data:, file:, ftp: or a malformed Location makes requests raise
        # (or LinkChecker stop with an internal error, losing every record). No browser would follow
        # it to a page, so drop the header: the hop is then reported as it is, and judged broken.
        if location and 300 <= status < 400 and not _web_location(response.url or url_data.url, location):
            del headers["Location"]
        _emit(url_data, {
            "kind": "response",
            "url": getattr(response, "url", None) or url_data.url,
            "status": getattr(response, "status_code", None),
            "retry_after": headers.get("Retry-After"),
            "content_type": headers.get("Content-Type"),
            "location": location,
            "refresh": headers.get("Refresh"),
            "cf_mitigated": headers.get("cf-mitigated"),
        })

    @classmethod
    def read_config(cls, configparser):
        return {}


class OfficialPageContent(_ContentPlugin):
    """Decode a valid page and report not-found phrases and expected phrases found in it."""

    def __init__(self, config):
        super().__init__(config)
        self.not_found = config.get("not_found_phrases", [])
        self.expect = config.get("expect_phrases", [])
        self.patterns = config.get("not_found_patterns", [])
        self.title_patterns = config.get("not_found_title_patterns", [])

    def applies_to(self, url_data):
        return url_data.is_http()

    def check(self, url_data):
        # An exception here would stop the whole LinkChecker run ("internal error"): report it instead.
        try:
            self._check(url_data)
        except Exception as exc:  # noqa: BLE001
            _emit(url_data, {"kind": "content", "error": f"{type(exc).__name__}: {exc}"[:300],
                             "error_type": type(exc).__name__})

    def _check(self, url_data):
        data = url_data.get_raw_content()
        content_type = (url_data.headers or {}).get("Content-Type")
        text, codec = pagetext.decode_page(data, content_type)  # reads the first MAX_PAGE_BYTES only
        facts = pagetext.page_facts(text)
        visible = facts["text"]
        # What the page itself puts in quotation marks is a mention, not its message.
        message = pagetext.without_quotations(visible)
        headings = pagetext.without_quotations("\n".join([facts["title"], *facts["h1"]]))
        _emit(url_data, {
            "kind": "content",
            "codec": codec,
            "title": facts["title"][:200],
            "h1": [h[:200] for h in facts["h1"][:5]],
            "bytes": len(data),
            "read_bytes": min(len(data), pagetext.MAX_PAGE_BYTES),
            "not_found": pagetext.find_phrases(message, self.not_found)
            + pagetext.find_patterns(message, self.patterns),
            "not_found_title": pagetext.find_patterns(headings, self.title_patterns),
            "present": sorted(pagetext.find_phrases(visible, self.expect)),
            "refresh": facts["refresh"][:5],
            "script_location": facts["script_location"][:5],
        })

    @classmethod
    def read_config(cls, configparser):
        section = cls.__name__
        spec = {}
        if configparser.has_option(section, "spec"):
            with open(configparser.get(section, "spec"), encoding="utf-8") as handle:
                spec = json.load(handle)
        return {key: list(spec.get(key, [])) for key in
                ("not_found_phrases", "expect_phrases", "not_found_patterns", "not_found_title_patterns")}
