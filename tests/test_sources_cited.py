"""scripts/data/links.yml `sources` and the official URLs cited in docs/ must match, both ways.

- Every official URL cited in docs/ (Markdown links, autolinks, bare URLs, URLs in code, and the
  front matter `sources:` list) is an entry of links.yml, as the exact same string. A citation
  footnote's text fragment (`#:~:text=...`, scripts/lint/citations.py) is not part of that string;
  any other fragment is. "Official" means
  the host is an allowed domain or on the same site as one (us.norton.com counts, as norton.com).
  Every URL in a page's front matter `sources:` must be listed, whatever its host. The report links
  to this project's issue form (`…/issues/new?template=…`) are not citations.
- Every links.yml entry is cited somewhere in docs/, so the weekly check never watches a page the
  guide no longer uses.

URLs are found by scripts/content.py (iter_links), which the domain allowlist test uses too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

from scripts import content as doclinks
from scripts.urlcheck.verdict import load_settings, site_of


def _official_sites(links_data) -> set[str]:
    suffixes = load_settings().two_label_public_suffixes
    return {site_of(entry["host"], suffixes) for entry in links_data["allowed_domains"]}


def _is_official(url: str, sites: set[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == site or host.endswith("." + site) for site in sites)


def _is_report_form(url: str) -> bool:
    """The 「この画面・手順が違う」 links open this project's issue form: a place to write, not a source."""
    parts = urlsplit(url)
    return parts.hostname == "github.com" and parts.path.endswith("/issues/new")


def _where(link: doclinks.DocLink) -> str:
    return f"{link.path.relative_to(ROOT)}:{link.line} {link.url}"


def test_every_cited_official_url_is_listed(links_data):
    listed = {entry["url"] for entry in links_data["sources"]}
    sites = _official_sites(links_data)
    missing = [_where(link) for link in doclinks.iter_links(DOCS)
               if _is_official(link.url, sites) and not _is_report_form(link.url)
               and doclinks.without_text_fragment(link.url) not in listed]
    assert not missing, (
        "official URLs cited in docs/ but not in scripts/data/links.yml `sources` "
        "(add an entry with url/title/expect, or cite a listed URL exactly):\n  " + "\n  ".join(missing))


def test_every_front_matter_source_is_listed(links_data):
    listed = {entry["url"] for entry in links_data["sources"]}
    missing = [_where(link) for link in doclinks.iter_links(DOCS, kinds={"front-matter"})
               if link.url not in listed]
    assert not missing, "front matter `sources:` URLs missing from links.yml:\n  " + "\n  ".join(missing)


def test_every_listed_source_is_cited(links_data, root):
    cited = {doclinks.without_text_fragment(url) for url in doclinks.cited_urls(DOCS)}
    text = (root / "scripts" / "data" / "links.yml").read_text(encoding="utf-8").splitlines()
    unused = []
    for entry in links_data["sources"]:
        if entry["url"] not in cited:
            line = next((n for n, row in enumerate(text, 1) if entry["url"] in row), 0)
            unused.append(f"scripts/data/links.yml:{line} {entry['url']}")
    assert not unused, (
        "links.yml entries that no page of docs/ cites (cite them in a page body or front matter "
        "`sources:`, or remove them):\n  " + "\n  ".join(unused))


# -- the extraction itself --------------------------------------------------------------------

SAMPLE = """---
title: 見本
sources:
  - https://support.norton.com/sp/ja/jp/home/current/solutions/v81141465
  - url: https://www.nortonstore.jp/orderstatus/
---

# 見本 { #sample }

[注文情報確認](https://www.nortonstore.jp/orderstatus/ "ノートンストア")と <https://my.norton.com/> を使います。
公式ページ（https://support.apple.com/ja-jp/HT202039）を開きます。https://jp.norton.com/au。
アドレスは `https://my.norton.com/` です。
<!-- https://hidden.example.com/ は読者に見えません -->
[ref]: https://support.google.com/googleplay/answer/7018481?hl=ja
<a href="https://jp.norton.com/virus-protection-promise">保証</a>

```text
https://support.norton.com/sp/ja/jp/home/current/contact-chat
```
相対リンク [FAQ](faq.md#refund) は対象外です。
"""

EXPECTED = [
    (4, "https://support.norton.com/sp/ja/jp/home/current/solutions/v81141465", "front-matter"),
    (5, "https://www.nortonstore.jp/orderstatus/", "front-matter"),
    (10, "https://www.nortonstore.jp/orderstatus/", "markdown"),
    (10, "https://my.norton.com/", "autolink"),
    (11, "https://support.apple.com/ja-jp/HT202039", "bare"),
    (11, "https://jp.norton.com/au", "bare"),
    (12, "https://my.norton.com/", "code"),
    (14, "https://support.google.com/googleplay/answer/7018481?hl=ja", "reference"),
    (15, "https://jp.norton.com/virus-protection-promise", "html"),
    (18, "https://support.norton.com/sp/ja/jp/home/current/contact-chat", "code"),
]


def test_text_fragment_is_dropped_but_other_fragments_stay():
    page = "https://www.nortonstore.jp/support/autorenewal/flow/"
    assert doclinks.without_text_fragment(page + "#:~:text=%E8%AA%B2%E9%87%91") == page
    assert doclinks.without_text_fragment(page + "#steps") == page + "#steps"
    assert doclinks.without_text_fragment(page) == page
    line = f"課金前に止めます。[^a]\n\n[^a]: [自動延長サービスの流れ]({page}#:~:text=%E8%AA%B2)「課金」\n"
    (found,) = [url for _, url, _ in doclinks.extract_links(line)]
    assert doclinks.without_text_fragment(found) == page, found


def test_front_matter_sources_as_mappings_or_plain_urls():
    meta = {"sources": ["https://my.norton.com/",
                        {"url": "https://jp.norton.com/au", "title": "au", "compared": False}]}
    assert doclinks.source_urls(meta) == ["https://my.norton.com/", "https://jp.norton.com/au"]
    assert doclinks.source_urls({}) == []


def test_extract_links_finds_every_kind_with_lines():
    assert doclinks.extract_links(SAMPLE) == EXPECTED


def test_iter_links_api(tmp_path):
    (tmp_path / "stop").mkdir()
    (tmp_path / "stop" / "a.md").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "b.md").write_text("本文 https://my.norton.com/ と [x](https://jp.norton.com/au)。\n", encoding="utf-8")
    links = list(doclinks.iter_links(tmp_path))
    assert all(isinstance(link, tuple) and len(link) == 3 for link in links)
    path, line, url = links[0]
    assert (path, line, url) == (tmp_path / "b.md", 1, "https://my.norton.com/")
    assert len(links) == len(EXPECTED) + 2
    only_fm = list(doclinks.iter_links(tmp_path, kinds={"front-matter"}))
    assert [l.url for l in only_fm] == [u for _, u, k in EXPECTED if k == "front-matter"]
    with pytest.raises(ValueError):
        list(doclinks.iter_links(tmp_path, kinds={"nonsense"}))
    assert set(doclinks.cited_urls(tmp_path)["https://my.norton.com/"][0]._fields) == {"path", "line", "url"}
    meta = doclinks.read_front_matter(tmp_path / "stop" / "a.md")
    assert meta["title"] == "見本" and len(meta["sources"]) == 2
    assert doclinks.read_front_matter(tmp_path / "b.md") == {}
