"""Turn the bytes of a fetched page into the text a reader sees, the way a browser would.

- `decode_page()`: WHATWG encoding labels, U+FFFD for a bad byte, browsers' EUC-JP extras (①, Ⅰ ...).
- `page_facts()`: the page parsed as browsers do (justhtml: pure Python, linear time where html.parser is
  quadratic on a page of unclosed `<a `), then the visible body text, title, h1s and redirects.
- `find_phrases()`: phrases compared after folding width, case, JIS variants and typographic quotes.
The LinkChecker plugin loads this file by path, so it imports only the standard library, justhtml and
charset_normalizer (installed with requests), all at import time.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
from justhtml import Element, JustHTML

MAX_PAGE_BYTES = 1_000_000  # a support article is far smaller; more is not read

# WHATWG encoding labels (https://encoding.spec.whatwg.org/#names-and-labels) under the Python codec that
# decodes what browsers decode; UTF-16 labels read as UTF-8 (a page cannot declare UTF-16 in its own bytes).
# Other labels that Python knows (iso-8859-2, ...) are used as they are; unknown ones are ignored, as browsers do.
WHATWG_LABELS = {label: codec for codec, labels in {
    "cp932": "shift_jis shift-jis sjis x-sjis ms_kanji ms932 csshiftjis windows-31j cp932",
    "euc_jp": "euc-jp euc_jp x-euc-jp cseucpkdfmtjapanese",
    "iso2022_jp_ext": "iso-2022-jp csiso2022jp",
    "utf-8": "utf-8 utf8 unicode-1-1-utf-8 unicode11utf8 unicode20utf8 x-unicode20utf8"
             " utf-16 utf-16le utf-16be unicode unicodefffe ucs-2 csunicode iso-10646-ucs-2 unicodefeff",
    "cp1252": "ascii us-ascii iso-8859-1 iso8859-1 iso_8859-1 latin1 l1 cp819 ibm819 iso-ir-100 csisolatin1"
              " windows-1252 cp1252 x-cp1252 ansi_x3.4-1968 iso88591 iso_8859-1:1987",
    "gb18030": "gbk gb2312 gb_2312 gb_2312-80 chinese csgb2312 csiso58gb231280 iso-ir-58 x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "cp949": "euc-kr cseuckr csksc56011987 iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601"
             " windows-949",
}.items() for label in labels.split()}

# Codecs tried by detection when a page declares nothing, most specific first.
DETECT_CODECS = ("utf_8", "cp932", "euc_jp", "iso2022_jp")

# Import every codec we may need now: LinkChecker run as root drops to "nobody" before it checks
# anything, and "nobody" may be unable to import modules from a root-only Python installation.
for _name in {*WHATWG_LABELS.values(), *DETECT_CODECS, "utf-8-sig", "utf-16", "latin-1", "iso8859_2"}:
    codecs.lookup(_name)

_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SPACE = re.compile(r"\s+")
ERRORS = "whatwg-replace"


def _jis_pair_to_cp932(first: int, second: int) -> bytes:
    """An EUC-JP two-byte code (both bytes 0xA1-0xFE) as the Shift_JIS bytes of the same JIS cell."""
    row, cell = first - 0x80, second - 0x80
    lead = (row + 1) // 2 + 0x70
    if lead >= 0xA0:
        lead += 0x40
    if row % 2:
        trail = cell + 0x1F + (1 if cell >= 0x60 else 0)
    else:
        trail = cell + 0x7E
    return bytes((lead, trail))


def _replace_as_browsers_do(exc: UnicodeError):
    """Codec error handler: EUC-JP cells Python's euc_jp lacks (NEC row 13, IBM rows) are decoded
    through cp932, as the WHATWG EUC-JP decoder does; anything else becomes U+FFFD."""
    if exc.encoding == "euc_jp":  # the codec name codec_for() gives
        pair = exc.object[exc.start:exc.start + 2]
        if len(pair) == 2 and 0xA1 <= pair[0] <= 0xFE and 0xA1 <= pair[1] <= 0xFE:
            try:
                return _jis_pair_to_cp932(pair[0], pair[1]).decode("cp932"), exc.start + 2
            except UnicodeDecodeError:
                pass
    return "\ufffd", max(exc.end, exc.start + 1)


codecs.register_error(ERRORS, _replace_as_browsers_do)


def codec_for(label: str | None) -> str | None:
    """The Python codec that decodes a WHATWG encoding label as browsers do, or None if unknown."""
    label = (label or "").strip().lower()
    name = WHATWG_LABELS.get(label, label)
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def decode_page(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes (the first MAX_PAGE_BYTES) as a browser would; return (text, codec used).

    Byte-order mark, then Content-Type charset, then <meta> charset (used even when some bytes are
    invalid in it), else strict UTF-8, else detection among Japanese encodings.
    """
    data = data[:MAX_PAGE_BYTES]
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, "replace"), codec
    header, meta = _CHARSET_PARAM.search(content_type or ""), _META_CHARSET.search(data[:1024])
    for label in (header and header.group(1), meta and meta.group(1).decode("ascii", "replace")):
        codec = codec_for(label)
        if codec:
            return data.decode(codec, ERRORS), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=list(DETECT_CODECS)).best()
    if best is not None:  # one of DETECT_CODECS
        return data.decode(best.encoding, ERRORS), best.encoding
    return data.decode("cp932", ERRORS), "cp932 (guessed)"


# -- CSS that hides -----------------------------------------------------------------------------

_IMPORTANT = re.compile(r"!\s*important\s*$", re.IGNORECASE)
_COMPOUND = re.compile(r"([A-Za-z][A-Za-z0-9-]*)?((?:[.#][A-Za-z0-9_-]+)*)")
_NEVER_HIDDEN = frozenset({"html", "body", "head"})  # anti-clickjacking snippets hide <body> until a script runs
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)  # an unclosed comment runs to the end, as in CSS
MAX_RULES = 2000  # a page's own <style> rules that are read (support pages have a few dozen)


def style_display(declarations: str) -> bool | None:
    """True if CSS declarations hide the element (display:none, visibility:hidden, `display:/**/none` ...),
    False if they show it (display or visibility set to anything else), None if they say nothing of it."""
    verdict = None
    for declaration in _CSS_COMMENT.sub("", declarations).split(";"):
        name, colon, value = declaration.partition(":")
        if not colon:
            continue
        name, value = name.strip().lower(), _IMPORTANT.sub("", value.strip().lower()).strip()
        if name == "display":
            verdict = value == "none"
        elif name == "visibility":
            verdict = value in ("hidden", "collapse")
        elif name == "content-visibility" and value == "hidden":
            verdict = True
    return verdict


def display_rules(css: str) -> list[tuple[str | None, frozenset, str | None, bool]]:
    """(tag, classes, id, hides) of the simple selectors (`.notfound`, `div#x.y`) of top-level rules that
    hide or show an element, in order. Rules inside @media, and selectors with combinators or
    pseudo-classes, are left out: the checker would rather read a hidden sentence than miss a visible one.
    """
    css = _CSS_COMMENT.sub("", css)
    rules, depth, start, prelude = [], 0, 0, ""
    for brace in re.finditer(r"[{}]", css):
        if brace.group() == "{":
            if depth == 0:
                prelude = css[start:brace.start()].rsplit(";", 1)[-1].strip()
            depth += 1
        else:
            hides = style_display(css[start:brace.start()]) if depth == 1 and prelude[:1] not in ("", "@") else None
            for selector in prelude.split(",") if hides is not None else ():
                match = _COMPOUND.fullmatch(selector.strip())
                if not match or not (match.group(1) or match.group(2)):
                    continue
                tag = (match.group(1) or "").lower() or None
                if tag in _NEVER_HIDDEN:
                    continue
                parts = re.findall(r"([.#])([A-Za-z0-9_-]+)", match.group(2))
                ids = [n for kind, n in parts if kind == "#"]
                rules.append((tag, frozenset(n for kind, n in parts if kind == "."), ids[0] if ids else None, hides))
            depth = max(0, depth - 1)
        start = brace.end()
    return rules


class _Rules:
    """Display rules indexed by id, class and tag, so matching an element costs what it has."""

    def __init__(self, rules):
        self.by_key: dict[tuple[str, str], list] = {}
        for order, (tag, classes, ident, hides) in enumerate(rules):
            key = ("#", ident) if ident else (".", min(classes)) if classes else ("t", tag)
            specificity = (1 if ident else 0, len(classes), 1 if tag else 0, order)
            self.by_key.setdefault(key, []).append((tag, classes, ident, hides, specificity))

    def hides(self, tag: str, attrs: dict) -> bool:
        """True if the most specific matching rule (the later one among equals) hides the element."""
        classes, ident = set(attrs.get("class", "").split()), attrs.get("id")
        best = (), False
        for key in [("t", tag), ("#", ident), *((".", name) for name in classes)]:
            for rule_tag, rule_classes, rule_id, hides, specificity in self.by_key.get(key, ()):
                if rule_tag in (None, tag) and rule_classes <= classes and rule_id in (None, ident):
                    best = max(best, (specificity, hides))
        return best[1]


# -- what a reader sees ------------------------------------------------------------------------

HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "rt", "rp", "iframe", "noembed",
                         "noframes", "title"})
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
                    "q", "rb", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
                    "wbr"})
CHROME_TAGS = frozenset({"nav", "menu"})  # site navigation and menus, wherever they are
LANDMARK_TAGS = frozenset({"header", "footer"})  # the site's header and footer (not an article's own)
SECTIONING = frozenset({"article", "main", "section", "aside"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar", "search"})
SCRIPT_TYPES = re.compile(r"^(|module|(text|application)/(x-)?(java|ecma)script)$", re.IGNORECASE)
HANDLERS = ("onload", "onpageshow", "onerror")  # run without the reader doing anything


def _walk(node):
    """The nodes under node, in document order (a <template>'s content is not among them)."""
    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children or ()))


def _hidden(tag: str, attrs: dict, rules: _Rules) -> bool:
    """Hidden by its tag or attributes, by an inline style, or else by the page's <style> rules."""
    if (tag in HIDDEN_TAGS or "hidden" in attrs or attrs.get("aria-hidden", "").strip().lower() == "true"
            or (tag == "dialog" and "open" not in attrs)):
        return True
    inline = style_display(attrs.get("style", ""))
    return inline if inline is not None else rules.hides(tag, attrs)


def _visible_text(root, rules: _Rules) -> tuple[str, list[str]]:
    """The body text a reader sees (no menus, site header/footer or hidden elements) and the visible h1s."""
    parts, h1s = [], []
    stack = [(root, False, False, None)]  # node, in chrome, in a sectioning element, the h1 it is in
    while stack:
        item = stack.pop()
        if isinstance(item, str):  # the space after a block element
            parts.append(item)
            continue
        node, chrome, sectioning, h1 = item
        if node.name == "#text":
            if not chrome:
                parts.append(node.data)
            if h1 is not None:
                h1.append(node.data)
            continue
        if node.children is None:  # comment, doctype
            continue
        tag, attrs = node.name, node.attrs
        if tag not in INLINE:
            parts.append(" ")
        if _hidden(tag, attrs, rules):
            continue
        role = attrs.get("role", "").strip().lower()
        chrome = chrome or tag in CHROME_TAGS or role in CHROME_ROLES or (tag in LANDMARK_TAGS and not sectioning)
        if tag == "h1":
            h1 = []
            h1s.append(h1)
        if tag not in INLINE:
            stack.append(" ")
        stack.extend((child, chrome, sectioning or tag in SECTIONING, h1) for child in reversed(node.children))
    return "".join(parts), [_SPACE.sub(" ", "".join(h)).strip() for h in h1s]


def page_facts(page: str) -> dict:
    """What a reader sees and where the page sends them: {"title", "text" (visible body text), "h1"
    (visible h1s), "refresh" (meta refresh targets), "script_location" (where scripts send the reader)}."""
    root = JustHTML(page[:MAX_PAGE_BYTES], sanitize=False).root
    title, refresh, scripts, rules = None, [], [], []
    for node in _walk(root):
        if not isinstance(node, Element):
            continue
        tag, attrs = node.name, node.attrs
        scripts += [attrs[h] for h in HANDLERS if attrs.get(h)]
        if tag == "meta" and attrs.get("http-equiv", "").strip().lower() == "refresh":
            refresh.append(attrs.get("content", ""))
        elif tag == "title" and title is None and node.namespace == "html":  # an SVG <title> is a tooltip
            title = node.to_text(separator="", strip=False)
        elif tag == "script" and SCRIPT_TYPES.match(attrs.get("type", "").strip()):
            scripts.append(node.to_text(separator="", strip=False))
        elif tag == "style" and attrs.get("media", "").strip().lower() in ("", "all", "screen"):  # not print
            rules += display_rules(node.to_text(separator="", strip=False))
    text, h1s = _visible_text(root, _Rules(rules[:MAX_RULES]))
    return {
        "title": _SPACE.sub(" ", title or "").strip(),
        "text": text,
        "h1": h1s,
        "refresh": [t for v in refresh if (t := refresh_target(v))],
        "script_location": script_targets("\n".join(scripts)),
    }


# -- where a page sends the reader --------------------------------------------------------------

_REFRESH_URL = re.compile(r"""^\s*\d*(?:\.\d+)?\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"'\s]+)""", re.IGNORECASE)
_LITERAL = r"""(?:"((?:[^"\\\n]|\\.){0,2000})"|'((?:[^'\\\n]|\\.){0,2000})'|`((?:[^`\\]|\\.){0,2000})`)"""
_ORIGIN = r"(?:(?:(?:window|document|self|top)\s{0,8}\.\s{0,8})?location\s{0,8}\.\s{0,8}origin\s{0,8}\+\s{0,8})?"
_VALUE = rf"{_ORIGIN}(?:{_LITERAL}|([A-Za-z_$][\w$]{{0,64}}))"
_LOCATION_SET = re.compile(
    r"\blocation(?:\s{0,8}\.\s{0,8}href)?\s{0,8}=(?![=>])\s{0,8}" + _VALUE
    + r"|\blocation\s{0,8}\.\s{0,8}(?:replace|assign)\s{0,8}\(\s{0,8}" + _VALUE)
_ASSIGNMENT = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]{0,64})\s{0,8}=(?![=>])\s{0,8}" + _ORIGIN + _LITERAL)
_TEMPLATE_ORIGIN = re.compile(r"^\$\{\s*(?:window\s*\.\s*)?location\s*\.\s*origin\s*\}")


def _literal(groups) -> str | None:
    """The string of a matched JS literal (three groups: "…", '…', `…`), or None."""
    double, single, template = groups
    if template is not None:
        template = _TEMPLATE_ORIGIN.sub("", template)
        if "${" in template:
            return None  # built at run time from something else
    text = next((g for g in (double, single, template) if g is not None), None)
    return None if text is None else re.sub(r"\\(.)", r"\1", text)


def script_targets(script: str) -> list[str]:
    """Where scripts send the reader: `location`, `location.href`, `location.replace()` / `assign()` set
    to a string, a template string, `location.origin + "…"` or a variable assigned such a string."""
    if "location" not in script:
        return []
    variables: dict[str, list[str]] = {}
    for match in _ASSIGNMENT.finditer(script):
        value = _literal(match.groups()[1:4])
        if value is not None:
            variables.setdefault(match.group(1), []).append(value)
    targets: list[str] = []
    for match in _LOCATION_SET.finditer(script):
        groups = match.groups()
        for offset in (0, 4):  # the assignment form, then the call form
            literal = _literal(groups[offset:offset + 3])
            if literal is not None:
                targets.append(literal)
            elif groups[offset + 3]:
                targets.extend(variables.get(groups[offset + 3], []))
    return targets[:20]


def refresh_target(value: str | None) -> str | None:
    """The URL of a Refresh header or meta refresh value ("0; url=/"), or None."""
    match = _REFRESH_URL.match(value or "")
    if not match or re.fullmatch(r"\d+(?:\.\d+)?", match.group(1)):
        return None
    return match.group(1)


# -- comparing text -----------------------------------------------------------------------------

# Characters that split words on screen without showing: zero-width space/joiners, word joiner,
# byte-order mark, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# After NFKC: one form for the characters that Shift_JIS/EUC-JP decoders (Python's cp932 vs browsers)
# give differently, and plain quotes for typographic ones ("can’t" reads "can't").
_FOLD = str.maketrans({
    "\u301c": "~", "\u2212": "-", "\u2015": "\u2014", "\u2225": "\u2016",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})
_CJK = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_WORD = re.compile(r"[0-9a-z]")
_QUOTATION = re.compile(r"「[^「」\n]{1,200}」|『[^『』\n]{1,200}』|“[^“”\n]{1,200}”|\"[^\"\n]{1,200}\"")


def normalise(text: str) -> str:
    """NFKC, case-folded, JIS variants and typographic quotes folded, invisible characters removed,
    white space collapsed (and dropped between two Japanese characters, where it is only layout)."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).translate(_FOLD).casefold()
    return _SPACE_NEAR_CJK.sub("", _SPACE.sub(" ", text)).strip()


def without_quotations(text: str) -> str:
    """Text without what it puts in quotation marks: a page that mentions 「ページが見つかりません」 quotes it."""
    return _QUOTATION.sub(" ", text)


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
