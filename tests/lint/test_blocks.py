"""The /// block markers (scripts/lint/blocks.py): each broken marker is caught with file and line, by
check_blocks and through Markdown lint. That the masking keeps every line: tests/lint/test_markdown_lint.py.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.lint.support.lintutil import ROOT

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


def test_block_names_come_from_mkdocs_yml():
    names = pymdown_blocks.known_block_names()
    assert {"tab", "details", "admonition"} <= names
    for ext in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.blocks.admonition" in ext:
            assert set(ext["pymdownx.blocks.admonition"]["types"]) <= names


def test_tab_labels_are_spelled_one_way():
    """content.tabs.link keeps the chosen label selected across pages only if labels match exactly."""
    labels: dict[str, set[str]] = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            m = pymdown_blocks.OPENER.match(line)
            if m and m.group("name") == "tab" and m.group("title"):
                label = m.group("title").strip()
                labels.setdefault(re.sub(r"[\s　]", "", label).lower().replace("！", "!"), set()).add(label)
    clashes = {k: v for k, v in labels.items() if len(v) > 1}
    assert not clashes, f"the same tab is labelled in different ways: {clashes}"
