"""Turn the bytes of a fetched page into text that phrases can be searched in.

Used by the LinkChecker plugin (scripts/urlcheck/linkchecker_plugins/official_page.py) and by the tests.

- `decode_page(data, content_type)` picks the character set in this order: byte-order mark, the
  `charset` of the Content-Type header, a `<meta charset>` / `http-equiv` declaration in the first
  bytes, strict UTF-8, then detection among UTF-8, cp932, EUC-JP and ISO-2022-JP
  (charset_normalizer). Japanese labels are mapped to the
  codecs that real pages need (Shift_JIS -> cp932, EUC-JP -> euc_jp).
- `visible_text(html)` keeps what a reader sees: text outside <script>, <style>, <template>,
  <noscript>, comments and elements hidden by `hidden`, `aria-hidden="true"` or an inline
  `display:none`, plus the <title>.
- `normalise(text)` folds width (NFKC), case and runs of white space, so that 「ＡＢＣ」 matches "abc".
- `find_phrases(text, phrases)` returns the phrases that occur in the text (after normalising both).
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from html.parser import HTMLParser

# Labels seen on Japanese pages, mapped to the Python codec that decodes what they really contain.
CODEC_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "euc-jp": "euc_jp",
    "euc_jp": "euc_jp",
    "x-euc-jp": "euc_jp",
    "iso-2022-jp": "iso2022_jp",
    "utf8": "utf-8",
}

# Codecs tried by detection, most specific first.
DETECT_CODECS = ("utf_8", "cp932", "euc_jp", "iso2022_jp")

# Import every codec we may need now: LinkChecker run as root drops to "nobody" before it checks
# anything, and "nobody" may be unable to import modules from a root-only Python installation.
for _name in {*CODEC_ALIASES.values(), *DETECT_CODECS, "utf-8-sig", "utf-16", "ascii", "latin-1", "cp1252",
              "shift_jis", "euc_jis_2004", "shift_jis_2004"}:
    codecs.lookup(_name)

try:  # installed with requests (see requirements.lock); imported here for the same reason
    import charset_normalizer
except ImportError:  # pragma: no cover
    charset_normalizer = None

_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SPACE = re.compile(r"\s+")


def codec_for(label: str | None) -> str | None:
    """Return a usable Python codec name for a charset label, or None if unknown."""
    if not label:
        return None
    name = CODEC_ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def charset_from_meta(data: bytes) -> str | None:
    """The charset declared by a <meta> element in the first 8 KB of an HTML page, if any."""
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_page(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes; return (text, codec used).

    A declared charset that fails to decode strictly is ignored and the next rule is tried.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, "replace"), codec  # utf-8-sig / utf-16 are preloaded
    for label in (charset_from_content_type(content_type), charset_from_meta(data)):
        codec = codec_for(label)
        if codec:
            try:
                return data.decode(codec), codec
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if charset_normalizer is not None:
        try:
            best = charset_normalizer.from_bytes(data, cp_isolation=list(DETECT_CODECS)).best()
        except (LookupError, ValueError):
            best = None
        if best is not None:
            try:
                return str(best), best.encoding
            except (LookupError, UnicodeDecodeError):
                pass
    for codec in ("euc_jp", "cp932"):
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace"), "utf-8 (with replacements)"


class _VisibleText(HTMLParser):
    """Collect the text a reader sees, and the <title>.

    Hidden: <script>, <style>, <template>, <noscript>, and any element with the `hidden`
    attribute, `aria-hidden="true"` or an inline `display:none` / `visibility:hidden` style
    (pages often carry an unused "not found" template that way).
    """

    HIDDEN = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    _HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden_tag: str | None = None  # tag that opened the current hidden region
        self._depth = 0  # nesting of that tag inside the region
        self._in_title = False

    def _hides(self, tag: str, attrs) -> bool:
        if tag in self.HIDDEN:
            return True
        values = {name.lower(): (value or "") for name, value in attrs}
        return ("hidden" in values or values.get("aria-hidden", "").lower() == "true"
                or bool(self._HIDDEN_STYLE.search(values.get("style", ""))))

    def handle_starttag(self, tag, attrs):
        if self._hidden_tag is not None:
            if tag == self._hidden_tag:
                self._depth += 1
            return
        if tag == "title":
            self._in_title = True
        elif tag not in self.VOID and self._hides(tag, attrs):
            self._hidden_tag, self._depth = tag, 1

    def handle_endtag(self, tag):
        if self._hidden_tag is not None:
            if tag == self._hidden_tag:
                self._depth -= 1
                if self._depth == 0:
                    self._hidden_tag = None
            return
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif self._hidden_tag is None:
            self.parts.append(data)


def visible_text(page: str) -> tuple[str, str]:
    """Return (title, visible text) of an HTML page; plain text is returned as is."""
    if "<" not in page:
        return "", page
    parser = _VisibleText()
    try:
        parser.feed(page)
        parser.close()
    except Exception:  # malformed markup: fall back to a crude tag strip
        stripped = re.sub(r"(?is)<(script|style|template|noscript)\b.*?</\1>", " ", page)
        return "", html.unescape(re.sub(r"(?s)<[^>]+>", " ", stripped))
    title = _SPACE.sub(" ", "".join(parser.title)).strip()
    return title, title + "\n" + " ".join(parser.parts)


def normalise(text: str) -> str:
    """NFKC, case-folded, runs of white space collapsed to one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def find_phrases(text: str, phrases) -> list[str]:
    """Return the phrases (as given) that occur in text, comparing normalised forms."""
    haystack = normalise(text)
    return [p for p in phrases if normalise(p) and normalise(p) in haystack]
