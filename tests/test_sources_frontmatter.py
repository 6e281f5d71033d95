"""`python -m scripts.sources_frontmatter`: --check reports stale pages, --write rewrites them in place
(line ends kept), an unknown source stops it with nothing written. The rewrite itself is tested in
tests/test_content.py (`sources_front_matter`), the lint of a stale page in tests/lint/test_citations.py.
"""

from __future__ import annotations

import pytest

from scripts import sources_frontmatter as sf

LINKS = """sources:
  - url: https://www.nortonstore.jp/support/autorenewal/flow/
    title: 自動延長サービスの流れ
  - url: https://www.nortonstore.jp/orderstatus/
    title: 注文情報確認
    compared: false
"""
PAGE = """---
title: 見本
sources:
  - https://www.nortonstore.jp/support/autorenewal/flow/
  - https://www.nortonstore.jp/orderstatus/
---

# 見本
"""


@pytest.fixture
def args(tmp_path) -> list[str]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_bytes(PAGE.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "docs" / "none.md").write_text("# 出典のないページ\n", encoding="utf-8")
    (tmp_path / "links.yml").write_text(LINKS, encoding="utf-8")
    return ["--docs", str(tmp_path / "docs"), "--links", str(tmp_path / "links.yml")]


def test_check_then_write_then_clean(args, tmp_path, capsys):
    assert sf.main(["--check", *args]) == 1
    assert "p.md:4: `sources:` differs" in capsys.readouterr().out  # the first line that changes
    assert sf.main(["--write", *args]) == 0 and sf.main(args) == 0
    text = (tmp_path / "docs" / "p.md").read_bytes().decode("utf-8")
    assert '\r\n    title: "注文情報確認"\r\n    compared: false\r\n' in text and "\n" not in text.replace("\r\n", "")
    assert (tmp_path / "docs" / "none.md").read_text(encoding="utf-8") == "# 出典のないページ\n"


def test_an_unknown_source_writes_nothing(args, tmp_path, capsys):
    page = tmp_path / "docs" / "p.md"
    page.write_text(PAGE.replace("orderstatus/", "unknown/"), encoding="utf-8")
    assert sf.main(["--write", *args]) == 2
    assert "p.md:5: https://www.nortonstore.jp/unknown/ is not in" in capsys.readouterr().out
    assert page.read_text(encoding="utf-8") == PAGE.replace("orderstatus/", "unknown/")


def test_help_names_the_command(capsys):
    with pytest.raises(SystemExit) as stop:
        sf.main(["--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0 and "python -m scripts.sources_frontmatter" in out and "--write" in out
