"""LinkChecker plugins used by scripts/urlcheck/ (not a general-purpose module).

LinkChecker stays the engine: it makes the requests, follows redirects and decides reachability.
These two plugins only report what it saw, as `<info>` lines in its XML output that start with
`official-url-check:` followed by JSON, so the wrapper can judge soft 404s, drift and retries:

- OfficialPageResponse (connection plugin, runs for every response, redirect hops included):
  {"kind": "response", "url", "status", "retry_after", "content_type", "location"}
- OfficialPageContent (content plugin, runs on valid pages only): decodes the body (UTF-8,
  Shift_JIS, EUC-JP ... see scripts/urlcheck/pagetext.py) and reports
  {"kind": "content", "codec", "title", "bytes", "not_found": [phrases seen], "present": [expected
  phrases seen]}

They are enabled by sections of the same name in the LinkChecker config the wrapper writes; the
[OfficialPageContent] section names a JSON spec file: {"not_found_phrases": [...], "expect_phrases": [...]}.
LinkChecker loads plugins from $XDG_DATA_HOME/linkchecker/plugins/, where the wrapper links this file.
"""

import html
import json
import sys
from pathlib import Path

from linkcheck.plugins import _ConnectionPlugin, _ContentPlugin

# LinkChecker loads this file by path (through a symlink in its plugin folder), so it is not part of
# the scripts package: pagetext.py is found beside the real file's parent folder (scripts/urlcheck/).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pagetext  # noqa: E402

__all__ = ["OfficialPageResponse", "OfficialPageContent"]

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
        _emit(url_data, {
            "kind": "response",
            "url": getattr(response, "url", None) or url_data.url,
            "status": getattr(response, "status_code", None),
            "retry_after": headers.get("Retry-After"),
            "content_type": headers.get("Content-Type"),
            "location": headers.get("Location"),
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

    def applies_to(self, url_data):
        return url_data.is_http()

    def check(self, url_data):
        # An exception here would stop the whole LinkChecker run ("internal error"): report it instead.
        try:
            self._check(url_data)
        except Exception as exc:  # noqa: BLE001
            _emit(url_data, {"kind": "content", "error": f"{type(exc).__name__}: {exc}"[:300]})

    def _check(self, url_data):
        data = url_data.get_raw_content()
        content_type = (url_data.headers or {}).get("Content-Type")
        text, codec = pagetext.decode_page(data, content_type)
        title, visible = pagetext.visible_text(text)
        # Not-found wording counts only where a reader sees it; expected phrases may also sit
        # in the page source (pages that render their article from embedded data).
        present = set(pagetext.find_phrases(visible, self.expect))
        rest = [p for p in self.expect if p not in present]
        present.update(pagetext.find_phrases(html.unescape(text), rest))
        _emit(url_data, {
            "kind": "content",
            "codec": codec,
            "title": title[:200],
            "bytes": len(data),
            "not_found": pagetext.find_phrases(visible, self.not_found),
            "present": sorted(present),
        })

    @classmethod
    def read_config(cls, configparser):
        section = cls.__name__
        spec = {}
        if configparser.has_option(section, "spec"):
            with open(configparser.get(section, "spec"), encoding="utf-8") as handle:
                spec = json.load(handle)
        return {
            "not_found_phrases": list(spec.get("not_found_phrases", [])),
            "expect_phrases": list(spec.get("expect_phrases", [])),
        }
