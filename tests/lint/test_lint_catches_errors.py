"""The mistakes the issue names, each caught with a clear message that says where:

- a wrong term (textlint + prh.yml: tests/lint/test_prose_lint.py and the make lint run in test_fast_lint.py),
- a broken tab marker (scripts/lint/blocks.py; Python-Markdown accepts these silently, so the strict
  build sees them only through scripts/hooks/page_checks.py),
- an unpinned action (scripts/lint/workflow_lint.py: the pin check and zizmor).
"""

from __future__ import annotations

import shutil
import sys

import pytest

from lintutil import FIXTURES, ROOT, run

from scripts.lint import blocks as pymdown_blocks
from scripts.lint import markdown_lint

pytestmark = pytest.mark.lint

PAGE_HEAD = "---\ntitle: 見本\n---\n\n# 見本 { #top }\n\n"


# (page body, expected line, words the message must contain)
BROKEN_BLOCKS = {
    "never closed": ("/// tab | Gmail\n本文です。\n", 7, ["'/// tab | Gmail'", "never closed"]),
    "four slashes closed with three": ("//// tab | Gmail\n本文です。\n///\n", 9, ["'///' does not close", "'//// tab | Gmail'", "line 7"]),
    "closer without opener": ("本文です。\n\n///\n", 9, ["closes nothing"]),
    "unknown block name": ("/// tabs | Gmail\n本文です。\n///\n", 7, ["unknown block 'tabs'"]),
    "tab without label": ("/// tab\n本文です。\n///\n", 7, ["a tab needs a label"]),
    "legacy admonition": ("!!! warning \"注意\"\n    本文です。\n", 7, ["/// block syntax", "!!!"]),
    "legacy tab": ('=== "Gmail"\n    本文です。\n', 7, ["/// block syntax"]),
    "not a marker": ("/// | Gmail\n", 7, ["not a valid block marker"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN_BLOCKS))
def test_broken_block_marker_fails_with_file_and_line(case):
    body, line, words = BROKEN_BLOCKS[case]
    problems = [str(p) for p in pymdown_blocks.check_blocks(PAGE_HEAD + body, "page.md")]
    first = [p for p in problems if p.startswith(f"page.md:{line}: ")]
    assert first, f"no finding at page.md:{line}: {problems}"
    assert all(w in first[0] for w in words), first[0]
    # the Markdown lint step runs the same check
    assert any(p.startswith(f"page.md:{line}: blocks: ") for p in markdown_lint.lint_text(PAGE_HEAD + body, "page.md"))


def test_block_checker_command_exits_1_with_file_and_line(python, tmp_path):
    (tmp_path / "page.md").write_text(PAGE_HEAD + BROKEN_BLOCKS["never closed"][0], encoding="utf-8")
    proc = run([python, "-m", "scripts.lint.blocks", "page.md"], cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout.startswith("page.md:7: "), proc.stdout


def test_broken_tab_is_silent_in_python_markdown():
    """Why the checker (and the build hook) exist: Python-Markdown accepts a mismatched block silently."""
    import markdown

    exts = ["attr_list", "pymdownx.blocks.tab", "pymdownx.blocks.admonition", "pymdownx.superfences"]
    html = markdown.markdown("//// tab | Gmail\n本文\n///\n\n次の段落\n", extensions=exts)
    assert "///" in html and "次の段落" in html.split("tabbed-content")[1]  # the text was swallowed by the tab


def test_valid_nesting_and_code_examples_pass():
    text = (FIXTURES / "material-syntax.md").read_text(encoding="utf-8")
    assert pymdown_blocks.check_blocks(text, "material-syntax.md") == []


def test_site_pages_have_valid_block_markers(python):
    proc = run([python, "-m", "scripts.lint.blocks"])
    assert proc.returncode == 0, proc.stdout


def test_unpinned_action_fails_with_file_line_and_fix(python, tmp_path):
    wf = tmp_path / "ci.yml"
    shutil.copy(FIXTURES / "workflows" / "unpinned.yml", wf)
    proc = run([python, "-m", "scripts.lint.workflow_lint", wf.name], cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert "ci.yml:8:15: 'actions/checkout@v4' is not pinned to a commit SHA: write 'actions/checkout@<40-hex commit SHA> # v4'" in proc.stdout, proc.stdout
    assert any(ln.startswith("ci.yml:8:15: unpinned-uses:") and "[zizmor, high]" in ln for ln in lines), proc.stdout
