"""What a page may put into the HTML: front matter, attribute lists, raw HTML, and the built pages.

Both themes print front matter raw, attr_list accepts any attribute (`{ .md-button onclick=… }`) and
Python-Markdown passes raw HTML through, so a page could run code. The allowlists are in
scripts/data/html_policy.yml. scripts/lint/site_policy.py applies `front_matter_problems` and
`markup_problems` to every page (`make lint`); scripts/build_site.py checks every built page
(`site_problems`) and adds a Content-Security-Policy with the hashes of the allowed inline scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup
from markdown.extensions.attr_list import get_attrs

from scripts import DATA, ROOT
from scripts.content import INLINE_CODE, blank_comments, body_lines
from scripts.safe_yaml import load as load_yaml

RULES_FILE = DATA / "html_policy.yml"
PLAIN_TEXT_BAD = re.compile(r'[<>"&\x00-\x1f\x7f]')
# A raw HTML start tag (not an autolink such as <https://…> or <a@b.jp>).
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^<>]*)>")
# attr_list's own pattern, once up to the first `}` and once (as attr_list reads an element's tail)
# up to the last `}` of the line.
_ATTR_LIST_SHORT = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)\}")
_ATTR_LIST_LONG = re.compile(r"\{:?[ ]*([^}\n ][^\n]*)\}")
_SCOPE = re.compile(r'(__md_scope=new URL\()"(?:[./]*|/[a-z0-9/-]*)"(,location\))')


@lru_cache(maxsize=None)
def rules(path: Path = RULES_FILE) -> dict:
    """scripts/data/html_policy.yml, loaded once."""
    return load_yaml(path.read_text(encoding="utf-8"))


def _forbidden(name: str) -> bool:
    name = name.lower()
    return name.startswith("on") or name in rules()["never"]


def _name_problem(kind: str, value: str) -> str | None:
    if not re.match(rules()["names"][kind], value or ""):
        return f"{kind} {value!r} is not a plain name (lowercase ASCII letters, digits, '-'; ids from the themes start with '__')"
    return None


# --- front matter -------------------------------------------------------------------------------

def front_matter_problems(meta: dict, key_lines: dict[str, int]) -> list[tuple[int, str]]:
    """(line, message) for each front matter value the themes could print as HTML or do not know.

    `meta` is the parsed front matter (scripts/lint/site_policy.py `front_matter`), `key_lines` the
    line of each top-level key (a missing key counts as line 1).
    """
    fm = rules()["front_matter"]
    found: list[tuple[int, str]] = []
    for key, value in meta.items():
        line = key_lines.get(str(key), 1)
        if key not in fm["keys"]:
            found.append((line, f"front matter key `{key}` is not one pages use (allowed: {', '.join(fm['keys'])})"))
        elif key in fm["plain_text"]:
            if not isinstance(value, str):
                found.append((line, f"front matter `{key}` must be plain text, got {type(value).__name__}"))
            elif (m := PLAIN_TEXT_BAD.search(value)):
                found.append((line, f"front matter `{key}` holds {m.group(0)!r}: plain text only, no < > \" & "
                                    "(the themes print it into the HTML as it is)"))
        elif key in ("hide", "content_lang"):
            bad = [v for v in (value if isinstance(value, list) else [value]) if v not in fm[key]]
            if bad:
                found.append((line, f"front matter `{key}` may hold only {', '.join(fm[key])}; got {bad}"))
        elif key == "sources" and isinstance(value, list):
            for src in value:
                if isinstance(src, dict):
                    extra = sorted(str(k) for k in src if k not in fm["source_keys"])
                    if extra:
                        found.append((line, f"a `sources` entry has unknown keys {extra} (allowed: {', '.join(fm['source_keys'])})"))
                    title = src.get("title")
                    if title is not None and (not isinstance(title, str) or PLAIN_TEXT_BAD.search(title)):
                        found.append((line, f"a `sources` title must be plain text without < > \" &: {title!r}"))
                elif not isinstance(src, str):
                    found.append((line, f"a `sources` entry must be a URL or {{url, title, compared}}, got {src!r}"))
    return found


# --- attribute lists and raw HTML in Markdown ---------------------------------------------------

def _masked_body(text: str, body_start: int, code_spans: bool = True) -> str:
    """The page with front matter, fenced code and comments blanked (line numbers and offsets kept);
    inline code too when `code_spans`."""
    out = [" " * len(line) for line in text.split("\n")]
    for n, line, in_code in body_lines(blank_comments(text), body_start):
        if not in_code:
            out[n - 1] = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line) if code_spans else line
    return "\n".join(out)


def _attr_list_problems(content: str, strict: bool) -> list[str]:
    """Problems of one attribute list's content. strict: every token must be a class or an id."""
    found = []
    for key, value in get_attrs(content):
        key = str(key)
        if not strict and value is None:
            continue  # a bare word of the text between two attribute lists
        if key in (".", "id"):
            if strict and (p := _name_problem("class" if key == "." else "id", value)):
                found.append(p)
        elif _forbidden(key):
            found.append(f"attribute list sets `{key}`: event handlers and {', '.join(rules()['never'])} are never allowed")
        else:
            found.append(f"attribute list sets `{key}`: attribute lists may carry only .classes and #ids")
    return found


def markup_problems(text: str, body_start: int = 0) -> list[tuple[int, str]]:
    """(line, message) for each attribute list or raw HTML tag the site does not allow."""
    allowed = rules()["raw_html"]
    text = text.replace("\r\n", "\n")
    body = _masked_body(text, body_start)
    # Tags are read without blanking code spans: a backtick inside an attribute value
    # (<div title="`" onclick=… x="`">) would otherwise hide the handler. A tag whose `<` sits in a
    # code span is an example, not markup.
    raw = _masked_body(text, body_start, code_spans=False)
    found: list[tuple[int, str]] = []
    for n, line in enumerate(body.split("\n"), 1):
        for m in _ATTR_LIST_SHORT.finditer(line):
            found += [(n, p) for p in _attr_list_problems(m.group(1), strict=True)]
            long = _ATTR_LIST_LONG.match(line, m.start())
            if long and long.group(0) != m.group(0):  # what attr_list reads when a `}` hides inside
                found += [(n, p) for p in _attr_list_problems(long.group(1), strict=False)]
    for m in _TAG.finditer(raw):
        if body[m.start()] != "<":
            continue
        n = raw.count("\n", 0, m.start()) + 1
        tag = m.group(1).lower()
        if tag not in allowed:
            found.append((n, f"raw HTML <{tag}> is not allowed in pages (allowed: {', '.join(f'<{t}>' for t in allowed)}; "
                             "write Markdown instead)"))
            continue
        for name, value in _parse(m.group(0)).find().attrs.items():
            if _forbidden(name):
                found.append((n, f"<{tag} {name}=…>: event handlers and {', '.join(rules()['never'])} are never allowed"))
            elif name not in allowed[tag]:
                found.append((n, f"<{tag} {name}=…> is not allowed (<{tag}> may carry: {', '.join(allowed[tag])})"))
            elif name in ("class", "id"):
                for word in (value or "").split() if name == "class" else [value or ""]:
                    if (p := _name_problem(name, word)):
                        found.append((n, f"<{tag}>: {p}"))
    return sorted(set(found))


# --- built pages --------------------------------------------------------------------------------

def _parse(html: str) -> BeautifulSoup:
    """The HTML as the browser's tokenizer reads it (of duplicate attributes, the first wins)."""
    return BeautifulSoup(html, "html.parser", multi_valued_attributes=None, on_duplicate_attribute="ignore")


def inline_scripts(html: str) -> list[tuple[dict, str]]:
    """(attributes, text) of each inline <script> a browser would run (JSON data blocks left out)."""
    data_types = rules()["built"]["data_script_types"]
    return [(s.attrs, s.string or "") for s in _parse(html).find_all("script")
            if "src" not in s.attrs and (s.get("type") or "").lower() not in data_types]


def csp_hash(text: str) -> str:
    """The CSP source expression of an inline script: 'sha256-' + base64 of the UTF-8 text's digest."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _theme_hash(text: str) -> str:
    """The hash under which a theme's inline script is listed (its per-page scope made '.')."""
    return csp_hash(_SCOPE.sub(r'\1"."\2', text))[len("sha256-"):]


@lru_cache(maxsize=1)
def project_scripts(overrides: Path = ROOT / "overrides") -> frozenset[str]:
    """The inline scripts the project wrote: every <script>…</script> text in overrides/*.html."""
    texts = set()
    for f in sorted(overrides.rglob("*.html")):
        texts.update(re.findall(r"<script>(.*?)</script>", f.read_text(encoding="utf-8"), re.DOTALL))
    return frozenset(texts)


def script_allowed(text: str, own: frozenset[str] | None = None) -> bool:
    """Is this inline script the project's own (overrides/) or one of the themes' listed ones?"""
    own = project_scripts() if own is None else own
    return text in own or _theme_hash(text) in rules()["built"]["inline_script_sha256"].values()


def built_page_problems(html: str, own: frozenset[str] | None = None, csp_meta: bool = True) -> list[str]:
    """"LINE: message" for each thing in a built page that could run code the project did not write.

    Refused: any on* attribute, <base>, <meta http-equiv> other than the Content-Security-Policy
    (and that one only with `csp_meta`), <script src> outside the allowed pattern, inline scripts
    that are neither the project's (overrides/) nor the themes' listed ones, and the other
    never-allowed attributes (style, srcset, ping, formaction) outside <head>.
    """
    built = rules()["built"]
    page = _parse(html)
    found: list[str] = []
    for tag in page.find_all(True):
        line = tag.sourceline
        for name in tag.attrs:
            if name.startswith("on"):
                found.append(f"{line}: <{tag.name} {name}=…>: inline event handler")
            elif name in ("srcset", "ping", "formaction"):
                found.append(f"{line}: <{tag.name} {name}=…> is never allowed")
        if tag.name == "base":
            found.append(f"{line}: <base> changes where every relative link goes")
        elif tag.name == "meta" and "http-equiv" in tag.attrs:
            value = (tag["http-equiv"] or "").lower()
            if not (csp_meta and value == "content-security-policy"):
                found.append(f"{line}: <meta http-equiv={value!r}> is not allowed (only the build's Content-Security-Policy)")
    for script in page.find_all("script"):
        attrs, text, line = script.attrs, script.string or "", script.sourceline
        if "src" in attrs:
            if not re.match(built["script_src"], attrs["src"] or ""):
                found.append(f"{line}: <script src={attrs['src']!r}> is not the engine's bundle or assets/javascripts/")
        elif (attrs.get("type") or "").lower() in built["data_script_types"]:
            continue
        elif not script_allowed(text, own):
            words = " ".join(text.split())[:80]
            found.append(f"{line}: inline <script> the project did not write: {words!r} (a theme's own script? "
                         "add its hash to scripts/data/html_policy.yml built.inline_script_sha256)")
    return found


def site_problems(site: Path) -> list[str]:
    """`page:LINE: message` for every built HTML page of a site folder."""
    return [f"{page.relative_to(site).as_posix()}:{p}" for page in sorted(site.rglob("*.html"))
            for p in built_page_problems(page.read_text(encoding="utf-8"))]
