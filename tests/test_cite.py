"""`python -m scripts.cite` writes citations that pass `make lint` (scripts/lint/citations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import cite
from scripts.content import text_fragment
from scripts.lint import citations

FLOW = "https://www.nortonstore.jp/support/autorenewal/flow/"
ORDER = "https://www.nortonstore.jp/orderstatus/"
OLD = "自動延長サービスを停止したい場合は、課金予定日より前にお手続きください。"
NEW = "自動延長サービスの停止は、課金予定日の前日までにお手続きください。"
LINKS = f"""allowed_domains:
  - host: www.nortonstore.jp
sources:
  - url: {FLOW}
    title: 自動延長サービスの流れ
    quotes:
      - "{OLD}"
    expect: ["自動延長サービス"]
  - url: {ORDER}
    title: 注文情報確認
    notes: 注文番号とメールアドレスで入る画面。
"""


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "links.yml").write_text(LINKS, encoding="utf-8")
    note = cite.footnote_line("自動延長サービスの流れ", FLOW, OLD, "flow")
    (tmp_path / "docs" / "p.md").write_text(f"# 見本\n\n課金前に止めます。[^flow]\n\n[注文情報確認]({ORDER})を開きます。\n\n{note}\n",
                                            encoding="utf-8")
    return tmp_path


def problems(project: Path) -> list[str]:
    return [str(p) for p in citations.check(project / "docs", project / "links.yml", mkdocs_yml=None, root=project)]


def test_the_planted_project_has_one_problem_the_quoteless_source(project):
    assert problems(project) == [f"links.yml:9: {ORDER} has no `quotes:` (exact sentences the guide relies on), "
                                 "or mark it `compared: false` with a reason in `notes`"]


def test_cite_adds_the_quote_and_prints_a_footnote_that_passes_lint(project, capsys):
    sentence = "注文番号と電子メールアドレスを入力してください。"
    assert cite.main([ORDER, sentence, "--id", "order", "--links", str(project / "links.yml")]) == 0
    line = capsys.readouterr().out.strip()
    assert line == f"[^order]: [注文情報確認]({ORDER}#:~:text={text_fragment(sentence)})「{sentence}」"
    assert "%E6%B3%A8" in line and "、" not in line.split("「")[0]
    page = project / "docs" / "p.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n注文情報確認で止めます。[^order]\n\n{line}\n", encoding="utf-8")
    assert problems(project) == []
    # a second quote goes under the same `quotes:`
    assert cite.main([FLOW, "課金予定日の前日までに手続きを終えてください。", "--links", str(project / "links.yml")]) == 0
    text = (project / "links.yml").read_text(encoding="utf-8")
    assert text.count("quotes:") == 2 and text.index("課金予定日の前日") < text.index('expect: ["自動延長サービス"]')


def test_replace_updates_links_yml_and_every_footnote(project, capsys):
    assert problems(project) and "flow" not in " ".join(problems(project))
    args = [FLOW, "--replace", OLD, NEW, "--links", str(project / "links.yml"), "--docs", str(project / "docs")]
    assert cite.main(args) == 0
    assert capsys.readouterr().out.splitlines() == ["links.yml:7: quote replaced", "docs/p.md:7: quote replaced"]
    text = (project / "docs" / "p.md").read_text(encoding="utf-8")
    assert OLD not in text and f"#:~:text={text_fragment(NEW)})「{NEW}」" in text
    assert OLD not in (project / "links.yml").read_text(encoding="utf-8")
    assert len(problems(project)) == 1  # still only the quoteless source


@pytest.mark.parametrize("args, words", [
    (["https://www.nortonstore.jp/other/", "どこにもない公式ページの文です。"], "is not a source"),
    ([FLOW, OLD], "already a quote"),
    ([FLOW, "短い文。"], "at least 10 characters"),
    ([FLOW, "--replace", "ない文はここにありません。", NEW], "is not a quote of"),
])
def test_nothing_is_written_on_a_mistake(project, capsys, args, words):
    before = (project / "links.yml").read_text(encoding="utf-8")
    assert cite.main([*args, "--links", str(project / "links.yml"), "--docs", str(project / "docs")]) == 2
    assert words in capsys.readouterr().err
    assert (project / "links.yml").read_text(encoding="utf-8") == before
