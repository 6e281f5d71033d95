"""Issue 19, the build: scripts/build_site.py stops on hostile pages (both engines) and gives every
built page a Content-Security-Policy that lists only 'self' and the hashes of the page's own inline
scripts; the Zensical label replacement inserts JSON-quoted plain text only. The markup rules
themselves are tested in tests/lint/test_markup.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from scripts.build_site import BuildError, _js_string, check_pages, label_replacement, localize_search_ui, secure_site
from scripts.lint import markup

HEAD = ("---\ntitle: 見本\ndescription: 見本のページです。\nlast_verified: 2026-11-27\n"
        "sources:\n  - https://www.nortonstore.jp/support/autorenewal/flow/\n---\n\n# 見本 { #top }\n\n")


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


# --- Zensical labels ---------------------------------------------------------------------------------

HOSTILE_LABEL = '検索",onFocus:()=>{location="https://evil.example/"},x:"'


def test_a_hostile_label_stops_the_build(tmp_path):
    js = tmp_path / "assets" / "javascripts"
    js.mkdir(parents=True)
    bundle = js / "bundle.0000.min.js"
    bundle.write_text('x={placeholder:"Search"};', encoding="utf-8")
    labels = tmp_path / "labels.yml"
    labels.write_text("labels:\n  - en: 'placeholder:\"Search\"'\n    ja: " + json.dumps(HOSTILE_LABEL) + "\n", encoding="utf-8")
    with pytest.raises(BuildError, match="plain text"):
        localize_search_ui(tmp_path, labels)
    assert bundle.read_text(encoding="utf-8") == 'x={placeholder:"Search"};'
    for bad in ("検索\\", "検索`${x}`", "<b>検索</b>", "検索\n"):
        with pytest.raises(BuildError):
            label_replacement('placeholder:"Search"', bad)


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_labels_go_in_as_one_json_string(tmp_path):
    """Even a value the refusal would let through stays one string: the quoted hostile label, run by
    Node, is an object with the one key `placeholder` whose value is the label, character for character."""
    label = HOSTILE_LABEL + "\\\u2028`${x}`</script>"
    piece = "placeholder:" + _js_string(label)
    assert label_replacement('placeholder:"Search"', "検索") == 'placeholder:"検索"'
    count = label_replacement('`${new Intl.NumberFormat("en-US").format(i)} ${i===1?"result":"results"}`',
                              "{count}件見つかりました")
    script = f"const i=1234; const o={{{piece}}}; console.log(JSON.stringify([Object.keys(o), o.placeholder, {count}]));"
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [["placeholder"], label, "1,234件見つかりました"]
