"""Markdown lint (scripts/lint/markdown_lint.py: pymarkdownlnt with .pymarkdown.yml, on the /// masked text)."""

from __future__ import annotations

import sys

import pytest

from scripts.lint import markdown_lint as lint_markdown
from tests.lint.support.lintutil import FIXTURES, ROOT, run

pytestmark = pytest.mark.lint


def test_material_syntax_is_clean():
    text = (FIXTURES / "material-syntax.md").read_text(encoding="utf-8")
    assert lint_markdown.lint_text(text, "material-syntax.md") == []


def test_violations_are_reported_at_the_real_line():
    """Masking shifts nothing: a problem after several tabs is reported at its line in the file."""
    lines = (FIXTURES / "material-syntax.md").read_text(encoding="utf-8").splitlines()
    target = lines.index("外側の本文です。")  # inside a nested block, far below the first markers
    lines[target] = "外側の本文です。   "  # trailing spaces (MD009)
    lines.insert(target + 1, "* 別の記号の箇条書き")  # list right after a paragraph (MD032) with `*` (MD004)
    got = lint_markdown.lint_text("\n".join(lines) + "\n", "page.md")
    assert any(p.startswith(f"page.md:{target + 1}:") and "MD009" in p for p in got), got
    assert any(p.startswith(f"page.md:{target + 2}:") and ("MD004" in p or "MD032" in p) for p in got), got


def test_lists_in_adjacent_tabs_stay_separate():
    """Each tab's numbered list starts at 1: the masking must not merge them into one list (MD029)."""
    text = "# T { #t }\n\n/// tab | A\n1. a\n2. b\n///\n\n/// tab | B\n1. c\n2. d\n///\n"
    assert lint_markdown.lint_text(text, "tabs.md") == []


def test_multiple_blank_lines_still_reported():
    text = "# T { #t }\n\n/// note | x\nbody\n///\n\n\n\ntext\n"
    problems = lint_markdown.lint_text(text, "blank.md")
    assert any(p.startswith("blank.md:8:") and "MD012" in p for p in problems), problems


def test_pymarkdown_config_is_valid():
    proc = run([sys.executable, "-m", "pymarkdown", "--strict-config", "--config", ROOT / ".pymarkdown.yml", "scan", FIXTURES / "material-syntax.md"])
    assert "BadPluginError" not in proc.stderr and "configuration" not in proc.stderr.lower(), proc.stderr
