"""Turn the bytes of a fetched page into text that phrases can be searched in.

Used by the LinkChecker plugin (scripts/urlcheck/linkchecker_plugins/official_page.py) and by the tests.

- `decode_page(data, content_type)` picks the character set in this order: byte-order mark, the
  `charset` of the Content-Type header, a `<meta charset>` / `http-equiv` declaration in the first
  bytes, strict UTF-8, then detection among UTF-8, cp932, EUC-JP and ISO-2022-JP
  (charset_normalizer). Japanese labels are mapped to the
  codecs that real pages need (Shift_JIS -> cp932, EUC-JP -> euc_jp).
- `visible_text(html)` keeps what a reader sees: text outside <script>, <style>, <template>,
  <noscript>, ruby readings, comments, attributes, meta tags and elements hidden by `hidden`,
  `aria-hidden="true"` or an inline `display:none`, plus the <title>. `page_facts(html)` adds the
  <h1>s and where a meta refresh or an inline script sends the reader.
- `normalise(text)` folds width (NFKC), case and runs of white space, and drops zero-width spaces
  and soft hyphens, so that 「ＡＢＣ」 matches "abc" and 「注文\u200b番号」 matches 「注文番号」.
- `find_phrases(text, phrases)` returns the phrases that occur in the text (after normalising both);
  a phrase that starts or ends with a Latin letter or digit matches whole words only ("au" is not
  found in "because").
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
    """Collect the text a reader sees, the <title>, the <h1>s, and where the page sends the reader.

    Hidden: <script>, <style>, <template>, <noscript>, ruby readings (<rt>, <rp>), and any element
    with the `hidden` attribute, `aria-hidden="true"` or an inline `display:none` /
    `visibility:hidden` style (pages often carry an unused "not found" template that way).
    Attributes and comments never count as text. Inline elements (<span>, <wbr>, <ruby> ...) join
    their text without a space, so 「注文<wbr>番号」 reads 「注文番号」; block elements separate it.
    Also noted: a `<meta http-equiv="refresh">` target and `location = ...` targets in scripts.
    """

    HIDDEN = {"script", "style", "template", "noscript", "rt", "rp"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
              "q", "rb", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
    _HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.h1: list[list[str]] = []
        self.refresh: list[str] = []  # meta refresh content values
        self.scripts: list[str] = []
        self._hidden_tag: str | None = None  # tag that opened the current hidden region
        self._depth = 0  # nesting of that tag inside the region
        self._in_title = False
        self._in_h1 = 0

    def _hides(self, tag: str, attrs) -> bool:
        if tag in self.HIDDEN:
            return True
        values = {name.lower(): (value or "") for name, value in attrs}
        return ("hidden" in values or values.get("aria-hidden", "").lower() == "true"
                or bool(self._HIDDEN_STYLE.search(values.get("style", ""))))

    def _gap(self, tag: str) -> None:
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            values = {name.lower(): (value or "") for name, value in attrs}
            if values.get("http-equiv", "").lower() == "refresh":
                self.refresh.append(values.get("content", ""))
        if self._hidden_tag is not None:
            if tag == self._hidden_tag:
                self._depth += 1
            return
        if tag == "title":
            self._in_title = True
        elif tag not in self.VOID and self._hides(tag, attrs):
            self._hidden_tag, self._depth = tag, 1
            return
        if tag == "h1":
            self._in_h1 += 1
            self.h1.append([])
        self._gap(tag)

    def handle_endtag(self, tag):
        if self._hidden_tag is not None:
            if tag == self._hidden_tag:
                self._depth -= 1
                if self._depth == 0:
                    self._hidden_tag = None
            return
        if tag == "title":
            self._in_title = False
        if tag == "h1" and self._in_h1:
            self._in_h1 -= 1
        self._gap(tag)

    def handle_data(self, data):
        if self._hidden_tag == "script":
            self.scripts.append(data)
        if self._in_title:
            self.title.append(data)
        elif self._hidden_tag is None:
            self.parts.append(data)
            if self._in_h1 and self.h1:
                self.h1[-1].append(data)


_REFRESH_URL = re.compile(r"""^\s*\d*(?:\.\d+)?\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"'\s]+)""", re.IGNORECASE)
_SCRIPT_LOCATION = re.compile(
    r"""\blocation(?:\.href)?\s*=\s*["']([^"']+)["']|\blocation\.(?:replace|assign)\(\s*["']([^"']+)["']""")


def refresh_target(value: str | None) -> str | None:
    """The URL of a Refresh header or meta refresh value ("0; url=/"), or None."""
    if not value:
        return None
    match = _REFRESH_URL.match(value)
    if not match or re.fullmatch(r"\d+(?:\.\d+)?", match.group(1)):
        return None
    return match.group(1)


def page_facts(page: str) -> dict:
    """What a reader sees and where the page sends them.

    {"title", "text" (title + visible text), "h1": [...], "refresh": [meta refresh targets],
     "script_location": [location targets set by inline scripts]}
    """
    if "<" not in page:
        return {"title": "", "text": page, "h1": [], "refresh": [], "script_location": []}
    parser = _VisibleText()
    try:
        parser.feed(page)
        parser.close()
    except Exception:  # malformed markup: fall back to a crude tag strip
        stripped = re.sub(r"(?is)<(script|style|template|noscript)\b.*?</\1>|<!--.*?-->", " ", page)
        return {"title": "", "text": html.unescape(re.sub(r"(?s)<[^>]+>", " ", stripped)), "h1": [],
                "refresh": [], "script_location": []}
    title = _SPACE.sub(" ", "".join(parser.title)).strip()
    targets = [m.group(1) or m.group(2) for m in _SCRIPT_LOCATION.finditer("\n".join(parser.scripts))]
    return {
        "title": title,
        "text": title + "\n" + "".join(parser.parts),
        "h1": [_SPACE.sub(" ", "".join(h)).strip() for h in parser.h1],
        "refresh": [t for v in parser.refresh if (t := refresh_target(v))],
        "script_location": targets,
    }


def visible_text(page: str) -> tuple[str, str]:
    """Return (title, visible text) of an HTML page; plain text is returned as is."""
    facts = page_facts(page)
    return facts["title"], facts["text"]


# Characters that split words on screen without showing: zero-width space/joiners, word joiner,
# byte-order mark, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_CJK = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_WORD = re.compile(r"[0-9a-z]")


def normalise(text: str) -> str:
    """NFKC, case-folded, invisible characters removed, white space collapsed (and dropped between
    two Japanese characters, where it is only layout)."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold()
    return _SPACE_NEAR_CJK.sub("", _SPACE.sub(" ", text)).strip()


def phrase_pattern(phrase: str) -> re.Pattern | None:
    """A regex for a normalised phrase; Latin letters or digits at either end must be whole words."""
    norm = normalise(phrase)
    if not norm:
        return None
    head = r"(?<![0-9a-z])" if _WORD.match(norm[0]) else ""
    tail = r"(?![0-9a-z])" if _WORD.match(norm[-1]) else ""
    return re.compile(head + re.escape(norm) + tail)


def find_phrases(text: str, phrases) -> list[str]:
    """Return the phrases (as given) that occur in text, comparing normalised forms."""
    haystack = normalise(text)
    return [p for p in phrases if (rx := phrase_pattern(p)) and rx.search(haystack)]


def find_patterns(text: str, patterns) -> list[str]:
    """Return the regular expressions (as given) that match the normalised text."""
    haystack = normalise(text)
    return [p for p in patterns if re.search(p, haystack, re.IGNORECASE)]
