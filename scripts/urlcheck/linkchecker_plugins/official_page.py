"""LinkChecker plugins of scripts/urlcheck/: what LinkChecker saw, as `<info>` lines of its XML output that
start with `official-url-check:` followed by JSON (read by engine.parse_xml).

- OfficialPageResponse, for every response (redirect hops included): status and the headers the verdicts use.
- OfficialPageContent, for valid pages: the text a reader sees, decoded as a browser would (pagetext.py), and
  the not-found wordings and expected phrases in it; or the error when the body cannot be read.
engine.Workspace enables them with config sections of the same name; [OfficialPageContent] holds the
phrases and patterns as JSON. LinkChecker loads this file from its plugin folder, by path.
"""

import json
import sys
from pathlib import Path

from linkcheck.plugins import _ConnectionPlugin, _ContentPlugin

# Loaded by path (through a symlink), so not part of the scripts package: pagetext.py is found in the
# real file's parent folder (scripts/urlcheck/).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pagetext  # noqa: E402

__all__ = ["OfficialPageResponse", "OfficialPageContent"]
PREFIX = "official-url-check:"
SPEC_KEYS = ("not_found_phrases", "expect_phrases", "not_found_patterns", "not_found_title_patterns")


def _emit(url_data, record):
    url_data.add_info(PREFIX + json.dumps(record, ensure_ascii=True, sort_keys=True))


def _error(exc) -> dict:
    return {"error": f"{type(exc).__name__}: {exc}"[:300], "error_type": type(exc).__name__}


class OfficialPageResponse(_ConnectionPlugin):
    """Report the status and headers of every HTTP response (redirect hops included)."""

    def applies_to(self, url_data):
        return url_data.is_http() and getattr(url_data, "url_connection", None) is not None

    def check(self, url_data):
        try:  # an exception here would stop the whole LinkChecker run: report it instead
            response = url_data.url_connection
            headers = getattr(response, "headers", {}) or {}
            _emit(url_data, {
                "kind": "response",
                "url": getattr(response, "url", None) or url_data.url,
                "status": getattr(response, "status_code", None),
                "retry_after": headers.get("Retry-After"),
                "content_type": headers.get("Content-Type"),
                "location": headers.get("Location"),
                "refresh": headers.get("Refresh"),
                "cf_mitigated": headers.get("cf-mitigated"),
            })
        except Exception as exc:  # noqa: BLE001
            _emit(url_data, {"kind": "response", **_error(exc)})


class OfficialPageContent(_ContentPlugin):
    """Decode a valid page and report the not-found wordings and the expected phrases a reader sees in it."""

    def __init__(self, config):
        super().__init__(config)
        self.spec = config

    def applies_to(self, url_data):
        return url_data.is_http()

    def check(self, url_data):
        try:  # an exception here would stop the whole LinkChecker run: report it instead
            _emit(url_data, {"kind": "content", **self._facts(url_data)})
        except Exception as exc:  # noqa: BLE001
            _emit(url_data, {"kind": "content", **_error(exc)})

    def _facts(self, url_data) -> dict:
        data = url_data.get_raw_content()
        content_type = (url_data.headers or {}).get("Content-Type")
        text, codec = pagetext.decode_page(data, content_type)  # reads the first MAX_PAGE_BYTES only
        facts = pagetext.page_facts(text)
        visible = facts["text"]
        # What the page itself puts in quotation marks is a mention, not its message.
        message = pagetext.without_quotations(visible)
        headings = pagetext.without_quotations("\n".join([facts["title"], *facts["h1"]]))
        return {
            "codec": codec,
            "title": facts["title"][:200],
            "h1": [h[:200] for h in facts["h1"][:5]],
            "bytes": len(data),
            "read_bytes": min(len(data), pagetext.MAX_PAGE_BYTES),
            "not_found": pagetext.find_phrases(message, self.spec["not_found_phrases"])
            + pagetext.find_patterns(message, self.spec["not_found_patterns"]),
            "not_found_title": pagetext.find_patterns(headings, self.spec["not_found_title_patterns"]),
            "present": sorted(pagetext.find_phrases(visible, self.spec["expect_phrases"])),
            "refresh": facts["refresh"][:5],
            "script_location": facts["script_location"][:5],
        }

    @classmethod
    def read_config(cls, configparser):
        spec = json.loads(configparser.get(cls.__name__, "spec", fallback="{}"))
        return {key: list(spec.get(key, [])) for key in SPEC_KEYS}
