"""The rules of scripts/lint/citations.py (quote round trip, footnotes, 出典 front matter, nav) on planted
pages, each mistake one `file:line` problem. The real site passes them: tests/lint/test_pages.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.content import text_fragment
from scripts.lint import citations

OWN_REPOSITORY = citations.OWN_REPOSITORY

FLOW = "https://www.nortonstore.jp/support/autorenewal/flow/"
QUOTE = "自動延長サービスを停止したい場合は、課金予定日より前にお手続きください。"
ORDER = "https://www.nortonstore.jp/orderstatus/"

LINKS = f"""
allowed_domains:
  - host: www.nortonstore.jp
  - host: github.com
sources:
  - url: {FLOW}
    title: 自動延長サービスの流れ
    quotes:
      - "{QUOTE}"
  - url: {ORDER}
    title: 注文情報確認
    compared: false
    notes: 注文番号とメールアドレスで入る画面で、本文を読めない。
  - url: {OWN_REPOSITORY}
    title: このサイトのリポジトリ
"""


def page(sentence: str = QUOTE, fragment: str | None = None, label: str = "自動延長サービスの流れ",
         url: str = FLOW) -> str:
    fragment = text_fragment(sentence) if fragment is None else fragment
    return ("# 見本\n\n課金予定日より前に止めます。[^flow]\n\n注文情報確認で止めます。[^order][^repo]\n\n"
            f"[^flow]: [{label}]({url}#:~:text={fragment})「{sentence}」\n"
            f"[^order]: [注文情報確認]({ORDER})\n"
            f"[^repo]: [リポジトリ]({OWN_REPOSITORY})\n")


def run(tmp_path: Path, markdown: str, links_text: str = LINKS) -> list[str]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "p.md").write_text(markdown, encoding="utf-8")
    (tmp_path / "links.yml").write_text(links_text, encoding="utf-8")
    return [str(p) for p in citations.check(docs, tmp_path / "links.yml", mkdocs_yml=None, root=tmp_path)]


def test_planted_good_pages_pass_nested_brackets_and_continuation_lines_too(tmp_path):
    assert run(tmp_path, page()) == []
    nested = "「自動延長」を停止したい場合は、課金予定日より前にお手続きください。"
    links = LINKS.replace(QUOTE, nested.replace('"', '\\"'))
    md = page(nested).replace(f"[^flow]: [自動延長サービスの流れ]", "[^flow]:\n    [自動延長サービスの流れ]")
    assert run(tmp_path, md, links) == []


@pytest.mark.parametrize("markdown, expect", [
    (page("自動延長サービスを停止したい場合は、前日までにお手続きください。"), "is not one of the `quotes:`"),
    (page(fragment=text_fragment("課金予定日より前に")), "does not match the quoted"),
    (page(fragment=QUOTE), "not percent-encoded"),
    (page(url="https://www.nortonstore.jp/support/autorenewal/other/"), "not a `sources` url"),
    (page(label="自動延長の流れ（ノートンストア）"), "is not the source's title"),
    (page().replace(f"#:~:text={text_fragment(QUOTE)}", ""), "without a #:~:text= fragment"),
    (page().replace(f"「{QUOTE}」", ""), "no quoted sentence"),
])
def test_planted_faults_are_caught_with_file_and_line(tmp_path, markdown, expect):
    problems = run(tmp_path, markdown)
    assert any(expect in p for p in problems), problems
    assert all(p.startswith(("docs/p.md:7: [^flow]", "links.yml:")) for p in problems), problems


UNCITED = "この文はどこにも引用されていません。"
UNUSED = "  - url: https://www.nortonstore.jp/unused/\n    title: 使われないページ\n    compared: false\n    notes: 見本。\n"


@pytest.mark.parametrize("old, new, want", [
    (f'      - "{QUOTE}"\n', f'      - "{QUOTE}"\n      - "{UNCITED}"\n',
     f"links.yml:10: quote 「{UNCITED}」 of {FLOW} is not cited by any footnote in docs/"),
    (f'      - "{QUOTE}"\n', f'      - "{QUOTE}"\n      - "課金予定日"\n', "links.yml:10: quote '課金予定日' of "),
    ("    notes: 注文番号とメールアドレスで入る画面で、本文を読めない。\n", "", f"links.yml:10: {ORDER} is `compared: false` but has no `notes`"),
    (f'    quotes:\n      - "{QUOTE}"\n', "", f"links.yml:6: {FLOW} has no `quotes:`"),
    (f"  - url: {OWN_REPOSITORY}", UNUSED + f"  - url: {OWN_REPOSITORY}",
     "links.yml:14: https://www.nortonstore.jp/unused/ is not cited by any page of docs/ "
     "(cite it in a page body or front matter `sources:`, or remove it)"),
])
def test_links_yml_mistakes_are_one_line_each_at_their_line(tmp_path, old, new, want):
    problems = [p for p in run(tmp_path, page(), LINKS.replace(old, new, 1)) if p.startswith("links.yml")]
    assert len(problems) == 1 and problems[0].startswith(want), problems


def test_footnote_reference_without_definition_and_unused_definition(tmp_path):
    md = page().replace("止めます。[^order]", "止めます。[^ordr]")  # a typo in the reference
    problems = run(tmp_path, md)
    assert problems == [
        "docs/p.md:5: footnote [^ordr] has no definition (add a line `[^ordr]: ...`; the page would show \"[^ordr]\" as text)",
        "docs/p.md:8: footnote [^order] is defined but never referenced",
    ], problems


def test_references_in_code_and_comments_do_not_count(tmp_path):
    md = page() + "\n`[^code]` と書きます。<!-- [^comment] -->\n\n```text\n[^fence]\n```\n"
    assert run(tmp_path, md) == []


def test_stale_front_matter_is_reported_at_the_changed_line(tmp_path):
    fm = f"---\ntitle: 見本\nlast_verified: 2026-11-27\nsources:\n  - url: {FLOW}\n    title: \"古い題名\"\n    compared: true\n---\n"
    problems = run(tmp_path, fm + page())
    assert problems == ["docs/p.md:6: `sources:` differs from scripts/data/links.yml "
                        "(run: python -m scripts.sources_frontmatter --write)"], problems
    fresh = fm.replace("古い題名", "自動延長サービスの流れ")
    assert run(tmp_path, fresh + page()) == []


def test_nav_lists_every_page_and_only_pages(tmp_path):
    docs = tmp_path / "docs"
    (docs / "stop").mkdir(parents=True)
    for name in ("index.md", "stop/a.md", "extra.md"):
        (docs / name).write_text("# x\n", encoding="utf-8")
    mkdocs = tmp_path / "mkdocs.yml"
    mkdocs.write_text("site_name: x\nnav:\n  - はじめに: index.md\n  - 手順:\n      - A: stop/a.md\n"
                      "      - B: stop/b.md\nmarkdown_extensions:\n  - toc\n", encoding="utf-8")
    problems = [str(p) for p in citations.nav_problems(docs, mkdocs, root=tmp_path)]
    assert problems == ["mkdocs.yml:6: nav entry 'stop/b.md' names no page in docs/",
                        "docs/extra.md:1: page is not in the mkdocs.yml nav (add 'extra.md' under nav:)"], problems
