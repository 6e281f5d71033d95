"""Markdown lint (pymarkdownlnt, .pymarkdown.yml) and the pymdownx block-marker check over the site."""

from __future__ import annotations

import re
import shutil
import sys

import pytest
import yaml

from lintutil import FIXTURES, ROOT, run

from scripts.lint import blocks as pymdown_blocks
from scripts.lint import markdown_lint as lint_markdown

pytestmark = pytest.mark.lint

FINDING = re.compile(r"^(?P<file>[^\s:][^:]*\.md):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<rule>MD\d{3}|blocks): .+$")


def test_site_pages_pass_markdown_lint(python):
    targets = [p for p in ("docs", "README.md", "CONTRIBUTING.md", "MAINTAINERS.md") if (ROOT / p).exists()]
    proc = run([python, "-m", "scripts.lint.markdown_lint", *targets])
    assert proc.returncode == 0, f"Markdown lint found problems (file:line:col):\n{proc.stdout}{proc.stderr}"


def test_material_syntax_is_clean():
    text = (FIXTURES / "material-syntax.md").read_text(encoding="utf-8")
    assert lint_markdown.lint_text(text, "material-syntax.md") == []


def test_violations_are_reported_at_the_real_line(python, tmp_path):
    """Masking shifts nothing: a problem after several tabs is reported at its line in the file."""
    text = (FIXTURES / "material-syntax.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    target = lines.index("外側の本文です。")  # inside a nested block, far below the first markers
    lines[target] = "外側の本文です。   "  # trailing spaces (MD009)
    lines.insert(target + 1, "* 別の記号の箇条書き")  # list right after a paragraph (MD032) with `*` (MD004)
    page = tmp_path / "page.md"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run([python, "-m", "scripts.lint.markdown_lint", page.name], cwd=tmp_path)
    assert proc.returncode == 1
    got = {(m["file"], int(m["line"]), m["rule"]) for line in proc.stdout.splitlines() if (m := FINDING.match(line))}
    assert ("page.md", target + 1, "MD009") in got, proc.stdout
    assert ("page.md", target + 2, "MD004") in got or ("page.md", target + 2, "MD032") in got, proc.stdout


def test_lists_in_adjacent_tabs_stay_separate():
    """Each tab's numbered list starts at 1: the masking must not merge them into one list (MD029)."""
    text = "# T { #t }\n\n/// tab | A\n1. a\n2. b\n///\n\n/// tab | B\n1. c\n2. d\n///\n"
    assert lint_markdown.lint_text(text, "tabs.md") == []


def test_multiple_blank_lines_still_reported():
    text = "# T { #t }\n\n/// note | x\nbody\n///\n\n\n\ntext\n"
    problems = lint_markdown.lint_text(text, "blank.md")
    assert any(p.startswith("blank.md:8:") and "MD012" in p for p in problems), problems


def test_mask_line_map_points_into_the_file():
    text = (FIXTURES / "material-syntax.md").read_text(encoding="utf-8")
    masked, line_map = pymdown_blocks.mask_markers(text)
    original = text.split("\n")
    for out_line, n in zip(masked.split("\n"), line_map):
        if out_line.strip() and out_line.strip() != "<!-- -->":
            assert out_line.rstrip() == re.sub(r"\s*\{[^{}]*\}", "", original[n - 1]).rstrip() or out_line == original[n - 1]


def test_block_names_come_from_mkdocs_yml():
    names = pymdown_blocks.known_block_names()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert {"tab", "details", "admonition"} <= names
    for ext in yaml.safe_load(config)["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.blocks.admonition" in ext:
            assert set(ext["pymdownx.blocks.admonition"]["types"]) <= names


def test_pymarkdown_config_is_valid(python):
    proc = run([python, "-m", "pymarkdown", "--strict-config", "--config", ROOT / ".pymarkdown.yml", "scan", FIXTURES / "material-syntax.md"])
    assert "BadPluginError" not in proc.stderr and "configuration" not in proc.stderr.lower(), proc.stderr


def test_tab_labels_are_spelled_one_way():
    """content.tabs.link keeps the chosen label selected across pages only if labels match exactly."""
    labels: dict[str, set[str]] = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            m = pymdown_blocks.OPENER.match(line)
            if m and m.group("name") == "tab" and m.group("title"):
                label = m.group("title").strip()
                key = re.sub(r"[\s　]", "", label).lower().replace("！", "!")
                labels.setdefault(key, set()).add(label)
    clashes = {k: v for k, v in labels.items() if len(v) > 1}
    assert not clashes, f"the same tab is labelled in different ways: {clashes}"


def test_cli_help_and_defaults(python):
    for module in ("scripts.lint.markdown_lint", "scripts.lint.blocks", "scripts.lint.workflow_lint",
                   "scripts.lint.site_policy", "scripts.lint.pages", "scripts.lint.citations", "scripts.serve",
                   "scripts.cite"):
        proc = run([python, "-m", module, "--help"])
        assert proc.returncode == 0 and "usage:" in proc.stdout, module


def test_copied_page_keeps_file_name_in_messages(python, tmp_path):
    """Findings name the file as given on the command line, relative to where the command runs."""
    (tmp_path / "docs").mkdir()
    shutil.copy(FIXTURES / "material-syntax.md", tmp_path / "docs" / "x.md")
    with (tmp_path / "docs" / "x.md").open("a", encoding="utf-8") as f:
        f.write("\n\n\nend\n")
    proc = run([python, "-m", "scripts.lint.markdown_lint", "docs"], cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout.startswith("docs/x.md:"), proc.stdout
