"""Validation of the sources file (scripts/urlcheck/sources.py): bad input stops the checker with exit 2
and one line naming the file, line and entry, before any request."""

from __future__ import annotations

import time

import pytest

from scripts import DATA
from scripts.urlcheck import sources

# "Billion laughs": nine levels of nine aliases (387 million strings once expanded).
ALIAS_BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))

BAD_INPUTS = {
    "missing file": (None, "not found"),
    "a directory": ("<dir>", "cannot read"),
    "not UTF-8": (b"sources:\n  - url: https://example.com/\xff\n", "not UTF-8"),
    "invalid YAML": ("sources:\n  - url: [unclosed\n", "invalid YAML"),
    "no sources key": ("allowed_domains: []\n", "no `sources:`"),
    "empty sources": ("sources: []\n", "non-empty list"),
    "entry without url": ("sources:\n  - url: https://a.example/\n  - title: 注文の確認\n    expect: [注文]\n",
                          'sources[1] has no "url" (注文の確認)'),
    "plain http": ("sources:\n  - url: http://www.example.com/page\n",
                   "sources[0]: http://www.example.com/page is not https"),
    "http on a private address": ("sources:\n  - url: http://10.0.0.1/page\n", "only for loopback"),
    "ftp scheme": ("sources:\n  - url: ftp://example.com/file\n", "only https:// is accepted"),
    "entry not a mapping": ("sources:\n  - https://a.example/\n", "sources[0] must be a mapping"),
    "duplicate url": ("sources:\n  - url: https://a.example/\n  - url: https://a.example/\n", "listed twice"),
    "expect not phrases": ("sources:\n  - url: https://a.example/\n    expect: {a: 1}\n", '"expect" must be'),
    # issue 9
    "YAML alias bomb": (ALIAS_BOMB + "sources:\n  - url: https://a.example/\n    notes: *i\n", "aliases"),
    "credentials in the URL": ("sources:\n  - url: https://user:secret@a.example/\n", "user name or password"),
    "user name only": ("sources:\n  - url: https://user@a.example/\n", "user name or password"),
    "near-duplicate by case": ("sources:\n  - url: https://a.example/Page\n  - url: https://A.example/page\n",
                               "near-duplicate"),
    "near-duplicate by fragment": ("sources:\n  - url: https://a.example/p\n  - url: https://a.example/p#top\n",
                                   "near-duplicate"),
    "near-duplicate by //": ("sources:\n  - url: https://a.example/a/b\n  - url: https://a.example/a//b\n",
                             "near-duplicate"),
    "absurd URL length": ("sources:\n  - url: https://a.example/" + "a" * 5000 + "\n", "characters long"),
    "title with markup": ("sources:\n  - url: https://a.example/\n    title: '[click](javascript:x)'\n",
                          "Markdown or HTML"),
    "title too long": ("sources:\n  - url: https://a.example/\n    title: " + "長" * 300 + "\n", "characters long"),
    "expect shorter than 10": ("sources:\n  - url: https://a.example/\n    expect: [返金]\n", "shorter than 10"),
    # issue 19: a one-word guess is in every hub page's menus; expect is a sentence of the page body
    "expect a one-word guess": ("sources:\n  - url: https://a.example/\n    expect: [注文情報確認]\n", "shorter than 10"),
    "URL with |": ("sources:\n  - url: https://a.example/p|https://evil.example/\n", "%7C"),
    "URL with < and >": ("sources:\n  - url: https://a.example/<b>x</b>\n", "RFC 3986"),
    "URL with non-ASCII": ("sources:\n  - url: https://a.example/ページ\n", "percent-encode"),
    "URL with a bare %": ("sources:\n  - url: https://a.example/100%\n", "%25"),
    "no allowed_domains": ("sources:\n  - url: https://a.example/p\n    quotes: [これは十文字以上の引用文です。]\n",
                           "allowed_domains"),
    "URL outside allowed_domains": ("allowed_domains:\n  - host: b.example\nsources:\n  - url: https://a.example/p\n",
                                    "not in scripts/data/links.yml allowed_domains"),
    "URL outside the path_prefix": ("allowed_domains:\n  - host: a.example\n    path_prefix: /norton\nsources:\n"
                                    "  - url: https://a.example/norton-evil/p\n", "only /norton and below"),
    "expect a site-wide word": ("sources:\n  - url: https://a.example/\n    expect: [Norton]\n", "every page"),
    "expect 注文": ("sources:\n  - url: https://a.example/\n    expect: [注文]\n", "every page"),
    "quote shorter than 10": ("sources:\n  - url: https://a.example/\n    quotes: [短い引用]\n", "shorter than 10"),
    "compared not a boolean": ("sources:\n  - url: https://a.example/\n    compared: maybe\n", "true or false"),
    "compared false with quotes": ("sources:\n  - url: https://a.example/\n    compared: false\n"
                                   "    quotes: [これは十文字以上の引用文です。]\n", "compared: false"),
    "unknown key": ("sources:\n  - url: https://a.example/\n    qoutes: [x]\n", "unknown key qoutes"),
}




@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line(tmp_path, run_main, name):
    content, needle = BAD_INPUTS[name]
    path = tmp_path / "sources.yml"
    if content == "<dir>":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    began = time.monotonic()
    status, out, err = run_main("--sources", str(path), "--json", str(tmp_path / "r.json"))
    assert time.monotonic() - began < 10  # an alias bomb fails at once
    assert status == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and str(path) in lines[0] and needle in lines[0], lines[0]
    assert not (tmp_path / "r.json").exists()


def test_entry_error_names_its_line(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text("# comment\nsources:\n  - url: https://a.example/\n  - title: x\n", encoding="utf-8")
    with pytest.raises(sources.SourcesError, match=r"s\.yml:4: sources\[1\]"):
        sources.load_checklist(path)


def test_project_sources_file_is_valid_input(links_data):
    checked, _ = sources.load_checklist(DATA / "links.yml")
    assert len(checked) == len(links_data["sources"])
    assert all(s.url.startswith("https://") and (s.expect or s.quotes or not s.compared) for s in checked)


@pytest.mark.parametrize("url,ok", [
    ("https://support.norton.com/x", True),
    ("http://127.0.0.1:8000/x", True),
    ("http://127.9.9.9/x", True),
    ("http://localhost/x", True),
    ("http://128.0.0.1/x", False),
    ("http://localhost.example.com/x", False),
    ("http://support.norton.com/x", False),
    ("https:///nohost", False),
    ("mailto:a@example.com", False),
])
def test_url_rules(url, ok):
    assert (sources.check_url(url) is None) is ok
