"""Front matter `sources:` and scripts/data/links.yml agree (scripts/sources_frontmatter.py).

The 出典 box is rendered from each page's front matter, so a title fixed in links.yml, or a source newly
marked `compared: false`, must reach the pages: `make lint` reports a stale page (scripts/lint/citations.py, tested on the
real site in tests/lint/test_citations.py). The script itself is tested on planted pages: plain URLs, stale entries, duplicates,
unknown URLs, Windows line ends, and a second run that changes nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from scripts import sources_frontmatter as sf

ROOT = Path(__file__).resolve().parent.parent

LINKS = {
    "https://www.nortonstore.jp/support/autorenewal/flow/": {"title": "自動延長サービスの流れ", "compared": True},
    "https://www.nortonstore.jp/orderstatus/": {"title": "注文情報確認: ログイン", "compared": False},
}
PLAIN = """---
title: 見本
last_verified: 2026-11-28
sources:
  - https://www.nortonstore.jp/support/autorenewal/flow/
  - https://www.nortonstore.jp/orderstatus/
  - https://www.nortonstore.jp/support/autorenewal/flow/
description: あとに続くキー
---

# 見本

本文 sources: はそのまま。
"""


def test_plain_urls_become_titled_entries_and_the_rest_is_kept():
    result = sf.convert(PLAIN, LINKS)
    assert not result.problems and result.text
    meta = yaml.safe_load(result.text.split("---\n")[1])
    assert meta["sources"] == [
        {"url": "https://www.nortonstore.jp/support/autorenewal/flow/", "title": "自動延長サービスの流れ", "compared": True},
        {"url": "https://www.nortonstore.jp/orderstatus/", "title": "注文情報確認: ログイン", "compared": False},
    ]
    assert meta["description"] == "あとに続くキー" and meta["title"] == "見本"
    assert result.text.endswith("# 見本\n\n本文 sources: はそのまま。\n")
    assert sf.convert(result.text, LINKS).text is None, "a second run must change nothing"


def test_stale_titles_and_compared_values_are_refreshed():
    once = sf.convert(PLAIN, LINKS).text
    renamed = {**LINKS, "https://www.nortonstore.jp/orderstatus/": {"title": "注文情報確認", "compared": True}}
    again = sf.convert(once, renamed).text
    assert again and '"注文情報確認"' in again and "compared: false" not in again


def test_unknown_url_is_reported_with_its_line_and_nothing_written(tmp_path):
    page = PLAIN.replace("https://www.nortonstore.jp/orderstatus/", "https://www.nortonstore.jp/unknown/")
    result = sf.convert(page, LINKS)
    assert result.text is None
    assert result.problems == [(6, "https://www.nortonstore.jp/unknown/ is not in scripts/data/links.yml "
                                   "sources (add it there first)")]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text(page, encoding="utf-8")
    links = tmp_path / "links.yml"
    links.write_text(yaml.safe_dump({"sources": [{"url": u, **v} for u, v in LINKS.items()]}, allow_unicode=True),
                     encoding="utf-8")
    assert sf.main(["--write", "--docs", str(docs), "--links", str(links)]) == 2
    assert (docs / "p.md").read_text(encoding="utf-8") == page


def test_check_and_write_exit_codes(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text(PLAIN.replace("\n", "\r\n"), encoding="utf-8", newline="")
    (docs / "none.md").write_text("# 出典のないページ\n", encoding="utf-8")
    links = tmp_path / "links.yml"
    links.write_text(yaml.safe_dump({"sources": [
        {"url": "https://www.nortonstore.jp/support/autorenewal/flow/", "title": "自動延長サービスの流れ"},
        {"url": "https://www.nortonstore.jp/orderstatus/", "title": "注文情報確認: ログイン", "compared": False,
         "notes": "サインインが必要"},
    ]}, allow_unicode=True), encoding="utf-8")
    args = ["--docs", str(docs), "--links", str(links)]
    assert sf.main(["--check", *args]) == 1
    assert "p.md:5: `sources:` differs" in capsys.readouterr().out  # the first line that changes
    assert sf.main(["--write", *args]) == 0
    assert sf.main(args) == 0
    text = (docs / "p.md").read_bytes().decode("utf-8")
    assert "\r\n    compared: false\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert (docs / "none.md").read_text(encoding="utf-8") == "# 出典のないページ\n"


def test_help_names_the_command():
    proc = subprocess.run([sys.executable, "-m", "scripts.sources_frontmatter", "--help"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "python -m scripts.sources_frontmatter" in proc.stdout
    assert "--check" in proc.stdout and "--write" in proc.stdout
