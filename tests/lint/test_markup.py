"""Issue 19: a pull request cannot put code into the HTML (scripts/lint/markup.py, scripts/data/
html_policy.yml). Hostile front matter, attribute lists and raw HTML fail the page lint at their line;
hostile built HTML fails the built-page check (how the build applies both: tests/test_build_site.py).
"""

from __future__ import annotations

import pytest

from scripts.lint import markup
from scripts.lint.site_policy import check_text, load_policy


def page(front_matter_line: str = "title: 見本", body: str = "") -> str:
    """A page whose front matter starts with `front_matter_line` (line 2) and whose body ends with `body`."""
    return (f"---\n{front_matter_line}\nlast_verified: 2026-11-27\nsources:\n"
            "  - https://www.nortonstore.jp/support/autorenewal/flow/\n---\n\n# 見本 { #top }\n\n" + body)


BODY_LINE = page().count("\n") + 1  # the line of `body`


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def problems(text: str, policy) -> list[str]:
    return [str(p) for p in check_text(text, "docs/page.md", policy)]


# (the front matter's line 2, words of the message)
HOSTILE_FRONT_MATTER = {
    "description breaks out of content=": ("description: '止め方。\"><script>location=1</script><x y=\"'", ["`description`", '\'"\'']),
    "title holds an img onerror": ("title: 止め方<img src=x onerror=alert(1)>", ["`title`", "'<'"]),
    "title holds an ampersand entity": ("title: 止め方&#60;b&#62;", ["`title`", "'&'"]),
    "unknown key (template)": ("template: evil.html", ["key `template`"]),
    "title that is not text": ("title: [a, b]", ["`title` must be plain text"]),
    "hide with an unknown name": ("hide: [navigation, script]", ["`hide`", "'script'"]),
    "content_lang other than en": ("content_lang: 'en\" onload=\"x'", ["`content_lang`"]),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FRONT_MATTER))
def test_hostile_front_matter_fails_with_one_line(policy, case):
    line, words = HOSTILE_FRONT_MATTER[case]
    found = problems(page(line), policy)
    mine = [p for p in found if p.startswith("docs/page.md:2: ")]
    assert len(mine) == 1 and all(w in mine[0] for w in words), found


def test_hostile_source_entry_fails(policy):
    text = page().replace("  - https://www.nortonstore.jp/support/autorenewal/flow/",
                        "  - {url: 'https://www.nortonstore.jp/support/autorenewal/flow/', title: '<b>x</b>', onload: 1}")
    found = problems(text, policy)
    assert any("unknown keys ['onload']" in p for p in found), found
    assert any("`sources` title must be plain text" in p for p in found), found


# (body line, words of the message) — each on the first body line
HOSTILE_BODY = {
    "attr list onclick on an official button": (
        "[開く](https://my.norton.com/){ .md-button .official-link onclick=\"location.replace('https://my.norton.com.evil.example/')\" }",
        ["attribute list sets `onclick`"]),
    "attr list with a bare on* word": ("## 見出し { #top2 onmouseover }", ["`onmouseover`"]),
    "attr list style": ("[開く](https://my.norton.com/){ style=\"position:fixed;inset:0\" }", ["`style`"]),
    "attr list title": ("[開く](https://my.norton.com/){ title=x }", ["`title`", "only .classes and #ids"]),
    "attr list hiding a } in a value": ("[開く](https://my.norton.com/){ .a title=\"}\" onclick=x }", ["`onclick`"]),
    "attr list theme id": ("[開く](https://my.norton.com/){ #__config }", ["id '__config'"]),
    "span onmouseover": ("<span onmouseover=\"location='https://evil.example'\">x</span>", ["<span onmouseover=…>"]),
    "div with any attribute": ("<div class=\"routes\" data-x=\"1\" markdown>", ["<div data-x=…> is not allowed"]),
    "div style": ("<div class=\"routes\" style=\"display:none\" markdown>", ["<div style=…>"]),
    "img": ("<img src=\"https://my.norton.com/x.png\">", ["raw HTML <img>"]),
    "srcset": ("<span srcset=\"x 1x\">x</span>", ["<span srcset=…>"]),
    "ping": ("<span ping=\"https://evil.example\">x</span>", ["<span ping=…>"]),
    "formaction": ("<span formaction=\"https://evil.example\">x</span>", ["<span formaction=…>"]),
    "script": ("<script>location='https://evil.example'</script>", ["raw HTML <script>"]),
    "backticks inside attribute values": ("<div title=\"`\" onclick=\"alert(1)\" x=\"`\" markdown>", ["<div onclick=…>"]),
    "slash before the attribute": ("<span/onclick=\"alert(1)\">x</span>", ["<span onclick=…>"]),
    "tag across lines": ("<span class=\"addr\"\n  onclick=\"x()\">x</span>", ["<span onclick=…>"]),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_BODY))
def test_hostile_markup_fails_with_file_and_line(policy, case):
    body, words = HOSTILE_BODY[case]
    found = [p for p in problems(page(body=body + "\n"), policy) if p.startswith(f"docs/page.md:{BODY_LINE}: ")]
    assert found, problems(page(body=body + "\n"), policy)
    assert any(all(w in p for w in words) for p in found), found


def test_code_and_comments_are_not_markup(policy):
    body = ("`<span onclick=x>` と `{ onclick=x }` はコードです。\n\n```html\n<img src=x onerror=alert(1)>\n```\n\n"
            "<!-- <script>x</script> -->\n\n[開く](https://my.norton.com/){ .md-button #open-chat }\n\n"
            "[a](https://my.norton.com/){ .a } online [b](https://my.norton.com/){ .b }\n")
    assert problems(page(body=body), policy) == []


# --- built pages -----------------------------------------------------------------------------------

PLANTED_HTML = {
    "event handler": ('<a href="https://my.norton.com/" onclick="location=1">x</a>', "inline event handler"),
    "onerror": ('<img src="x" onerror="location=1">', "inline event handler"),
    "base": ('<base href="https://evil.example/">', "<base>"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "http-equiv='refresh'"),
    "foreign script src": ('<script src="https://evil.example/x.js"></script>', "is not the engine's bundle"),
    "script src with a dot path": ('<script src="../../x.js"></script>', "is not the engine's bundle"),
    "inline script": ("<script>location='https://evil.example/'</script>", "did not write"),
    "ping": ('<a href="https://my.norton.com/" ping="https://evil.example/">x</a>', "ping"),
}


@pytest.mark.parametrize("case", sorted(PLANTED_HTML))
def test_built_page_check_refuses_planted_html(case):
    html_bit, words = PLANTED_HTML[case]
    page = ('<!doctype html><html><head><meta charset="utf-8"><script src="assets/javascripts/x.js"></script>'
            '<script type="application/json">{"a": 1}</script></head><body><article><p>x</p></article></body></html>')
    assert markup.built_page_problems(page) == []
    planted = page.replace("</article>", html_bit + "</article>", 1)
    found = markup.built_page_problems(planted)
    assert len(found) == 1 and words in found[0], found
