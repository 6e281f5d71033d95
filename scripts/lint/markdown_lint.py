"""Markdown lint (pymarkdownlnt, rules and reasons in .pymarkdown.yml) and the /// block markers.

pymarkdown knows CommonMark, not pymdown-extensions: each file is scanned after scripts/lint/blocks.py
`mask_markers()` (markers and `{ #id }` attribute lists blanked); line numbers are the real file's.
The markers themselves are checked by blocks.check_blocks in the same run.

Usage:
    python -m scripts.lint.markdown_lint [FILES OR FOLDERS...]   (default: docs/ README.md CONTRIBUTING.md MAINTAINERS.md)
Output: one "file:line:col: MDxxx: description" per problem.
Exit status: 0 clean, 1 problems found, 2 usage or configuration error.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pymarkdown.api import PyMarkdownApi, PyMarkdownApiException

from scripts import ROOT
from scripts.lint import blocks as pymdown_blocks
from scripts.content import parse_front_matter
from scripts.lint.output import display, lint_main

CONFIG = ROOT / ".pymarkdown.yml"


def _placeholder_front_matter(text: str) -> str:
    """The text with its front matter replaced line for line by placeholders: pymarkdown crashes on
    front matter that is not valid YAML (site_policy reports it) and has no rule for its content."""
    _, body_start, _ = parse_front_matter(text)
    if not body_start:
        return text  # no front matter (or one that never ends: pymarkdown reads it as text)
    lines = text.split("\n")
    return "\n".join(["---", *(f"line{i}: 0" for i in range(1, body_start - 1)), *lines[body_start - 1:]])


def lint_text(text: str, path: str, config: Path = CONFIG) -> list[str]:
    """Return pymarkdown and block-marker problems for one file's text, as 'path:line:col: ...'."""
    problems: list[tuple[int, int, str]] = []
    for p in pymdown_blocks.check_blocks(text, path):
        problems.append((p.line, 0, f"{path}:{p.line}: blocks: {p.message}"))
    masked, line_map = pymdown_blocks.mask_markers(_placeholder_front_matter(text))
    api = PyMarkdownApi().configuration_file_path(str(config))
    try:
        result = api.scan_string(masked)
    except PyMarkdownApiException as exc:
        if "configuration" in str(exc).lower():
            raise
        reason = " ".join(str(exc).split())
        return [m for _, _, m in sorted(problems)] + [f"{path}:1: pymarkdown could not read this page: {reason}"]
    for f in result.scan_failures:
        line = line_map[f.line_number - 1] if 0 < f.line_number <= len(line_map) else f.line_number
        extra = f.extra_error_information.strip()
        msg = f"{path}:{line}:{f.column_number}: {f.rule_id}: {f.rule_description}" + (f" {extra}" if extra else "") + f" ({f.rule_name})"
        problems.append((line, f.column_number, msg))
    for e in result.pragma_errors:
        problems.append((e.line_number, 0, f"{path}:{e.line_number}: pragma: {e.pragma_error}"))
    problems.sort()
    return [m for _, _, m in problems]


def main(argv: list[str] | None = None) -> int:
    def check(files, _args):
        try:
            return [p for f in files for p in lint_text(f.read_text(encoding="utf-8"), display(f))]
        except PyMarkdownApiException as exc:
            raise RuntimeError(f"pymarkdown configuration error: {exc}") from None
    return lint_main(argv, "scripts.lint.markdown_lint", __doc__, check)


if __name__ == "__main__":
    sys.exit(main())
