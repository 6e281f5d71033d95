"""Finding the URLs a page cites (scripts/content.py extract_links / iter_links).

The rules built on it are tested on their functions: every official URL cited in docs/ is listed in
links.yml (scripts/lint/site_policy.py, tests/test_site_policy.py) and every links.yml source is
cited somewhere (scripts/lint/citations.py, tests/lint/test_citations.py).
"""

from __future__ import annotations

import pytest

from scripts import content


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
    assert content.without_text_fragment(page + "#:~:text=%E8%AA%B2%E9%87%91") == page
    assert content.without_text_fragment(page + "#steps") == page + "#steps"
    assert content.without_text_fragment(page) == page
    line = f"課金前に止めます。[^a]\n\n[^a]: [自動延長サービスの流れ]({page}#:~:text=%E8%AA%B2)「課金」\n"
    (found,) = [url for _, url, _ in content.extract_links(line)]
    assert content.without_text_fragment(found) == page, found


def test_front_matter_sources_as_mappings_or_plain_urls():
    meta = {"sources": ["https://my.norton.com/",
                        {"url": "https://jp.norton.com/au", "title": "au", "compared": False}]}
    assert content.source_urls(meta) == ["https://my.norton.com/", "https://jp.norton.com/au"]
    assert content.source_urls({}) == []


def test_extract_links_finds_every_kind_with_lines():
    assert content.extract_links(SAMPLE) == EXPECTED


def test_iter_links_api(tmp_path):
    (tmp_path / "stop").mkdir()
    (tmp_path / "stop" / "a.md").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "b.md").write_text("本文 https://my.norton.com/ と [x](https://jp.norton.com/au)。\n", encoding="utf-8")
    links = list(content.iter_links(tmp_path))
    assert all(isinstance(link, tuple) and len(link) == 3 for link in links)
    path, line, url = links[0]
    assert (path, line, url) == (tmp_path / "b.md", 1, "https://my.norton.com/")
    assert len(links) == len(EXPECTED) + 2
    only_fm = list(content.iter_links(tmp_path, kinds={"front-matter"}))
    assert [l.url for l in only_fm] == [u for _, u, k in EXPECTED if k == "front-matter"]
    with pytest.raises(ValueError):
        list(content.iter_links(tmp_path, kinds={"nonsense"}))
    assert set(content.cited_urls(tmp_path)["https://my.norton.com/"][0]._fields) == {"path", "line", "url"}
    meta = content.read_front_matter(tmp_path / "stop" / "a.md")
    assert meta["title"] == "見本" and len(meta["sources"]) == 2
    assert content.read_front_matter(tmp_path / "b.md") == {}
