"""The content model (scripts/content.py): link targets, front matter and the 出典 rewrite. Footnotes and
citations are tested through their rules (tests/lint/test_citations.py), links in tests/lint/test_site_policy.py.
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
<a href="https://jp.norton.com/virus-protection-promise">保証</a> と www.nortonstore.jp と [相対](../faq.md#refund)

```text
https://support.norton.com/sp/ja/jp/home/current/contact-chat
```
相対リンク [FAQ](faq.md#refund) は対象外です。[^a] [b](https://www.nortonstore.jp/flow/#steps)

[^a]: [流れ](https://www.nortonstore.jp/flow/#:~:text=%E8%AA%B2)「課金」
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
    (15, "https://www.nortonstore.jp", "bare-host"),
    (15, "../faq.md#refund", "markdown"),
    (18, "https://support.norton.com/sp/ja/jp/home/current/contact-chat", "code"),
    (20, "faq.md#refund", "markdown"),
    (20, "https://www.nortonstore.jp/flow/#steps", "markdown"),  # a fragment stays, a text fragment goes:
    (22, "https://www.nortonstore.jp/flow/", "markdown"),
]


def test_extract_links_finds_every_kind_with_lines():
    assert content.extract_links(SAMPLE) == EXPECTED


def test_iter_links_gives_absolute_urls_and_front_matter(tmp_path):
    (tmp_path / "stop").mkdir()
    (tmp_path / "stop" / "a.md").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "b.md").write_text("本文 https://my.norton.com/ と [x](https://jp.norton.com/au)。\n", encoding="utf-8")
    links = list(content.iter_links(tmp_path))
    assert links[0] == (tmp_path / "b.md", 1, "https://my.norton.com/")
    absolute = [u for _, u, k in EXPECTED if u.startswith("https://") and k != "bare-host"]
    assert [link.url for link in links[2:]] == absolute
    meta = content.read_front_matter(tmp_path / "stop" / "a.md")
    assert meta["title"] == "見本" and content.source_urls(meta) == [u for _, u, k in EXPECTED if k == "front-matter"]
    assert content.read_front_matter(tmp_path / "b.md") == {} and content.source_urls({}) == []
    (tmp_path / "c.md").write_text("---\na: &i x\nb: *i\n---\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"c\.md:3: .*aliases"):  # never walk an alias bomb
        list(content.iter_links(tmp_path))


LINKS = """sources:
  - url: https://www.nortonstore.jp/support/autorenewal/flow/
    title: 自動延長サービスの流れ
  - url: https://www.nortonstore.jp/orderstatus/
    title: "注文情報確認: ログイン"
    compared: false
"""
PLAIN = """---
title: 見本
sources:
  - https://www.nortonstore.jp/support/autorenewal/flow/
  - {url: https://www.nortonstore.jp/orderstatus/, title: 古い題名, compared: true}
  - https://www.nortonstore.jp/support/autorenewal/flow/
description: あとに続くキー
---

# 見本

本文 sources: はそのまま。
"""


@pytest.fixture
def links(tmp_path):
    (tmp_path / "links.yml").write_text(LINKS, encoding="utf-8")
    return content.load_links(tmp_path / "links.yml")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_sources_are_written_from_links_yml_and_the_rest_is_kept(links, newline):
    """Plain URLs and stale entries become {url, title, compared}; duplicates go; every other byte stays."""
    page = PLAIN.replace("\n", newline)
    result = content.sources_front_matter(page, links)
    assert not result.problems and result.line == 4
    assert result.text == page.replace(PLAIN.split("sources:")[1].split("description")[0].replace("\n", newline), (
        "\n  - url: https://www.nortonstore.jp/support/autorenewal/flow/\n    title: \"自動延長サービスの流れ\"\n"
        "    compared: true\n  - url: https://www.nortonstore.jp/orderstatus/\n    title: \"注文情報確認: ログイン\"\n"
        "    compared: false\n").replace("\n", newline))
    assert content.sources_front_matter(result.text, links).text is None, "a second run must change nothing"


def test_an_unknown_source_is_reported_with_its_line_and_nothing_written(links):
    result = content.sources_front_matter(PLAIN.replace("orderstatus/", "unknown/"), links)
    assert result.text is None and result.problems == [
        (5, "https://www.nortonstore.jp/unknown/ is not in scripts/data/links.yml sources (add it there first)")]
