"""Check the pymdownx "blocks" markers of a page, and mask them for Markdown linters.

Every tab and admonition is written `/// tab | Gmail` … `///`. A broken marker does not break the strict
build: an unclosed block runs to the end of the page, a closer with the wrong number of slashes shows
"///" and swallows the text after it, an unknown name or a tab without a label prints as text.
`check_blocks` reports each (and `!!!` / `???` / `===`) with its line, fenced code skipped; known names
are tab, details, admonition and the admonition types of mkdocs.yml. scripts/lint/markdown_lint.py
and the build hook scripts/hooks/page_checks.py run it. `mask_markers` blanks the markers (and
`{ #id }` attribute lists) so that pymarkdown sees plain Markdown, with a map back to the real lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from scripts import ROOT
from scripts.content import body_lines
from scripts.lint.output import Problem

OPENER = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*(?P<name>[A-Za-z][\w-]*)[ \t]*(?:\|[ \t]*(?P<title>.*?))?[ \t]*$")
CLOSER = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*$")
# Anything that starts with 3+ slashes but is neither a valid opener nor a closer ("/// | x", "///tab|").
SLASHES = re.compile(r"^[ \t]*/{3,}")
OPTION = re.compile(r"^[ \t]{4,}\S")
ABBR = re.compile(r"^\*\[[^\]]+\]:")
LEGACY = re.compile(r"^[ \t]*(?:(?P<adm>!!!|\?\?\?\+?)[ \t]+\w|(?P<tab>===\+?)[ \t]+[\"'])")
_ATTR_ITEM = r"""(?:[#.][^\s{}]+|[\w:-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+))"""
ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*" + _ATTR_ITEM + r"(?:[ \t]+" + _ATTR_ITEM + r")*[ \t]*:?\}")

BASE_BLOCKS = {"tab", "details", "admonition"}
DEFAULT_ADMONITION_TYPES = {"note", "attention", "caution", "danger", "error", "tip", "hint", "warning"}


class _IgnoreTags(yaml.SafeLoader):
    """SafeLoader that tolerates mkdocs.yml tags such as !!python/name: and !ENV."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def known_block_names(mkdocs_yml: Path = ROOT / "mkdocs.yml") -> set[str]:
    """Block names the site's mkdocs.yml enables: tab, details, admonition + admonition types."""
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    for ext in config.get("markdown_extensions") or []:
        if isinstance(ext, dict) and (types := (ext.get("pymdownx.blocks.admonition") or {}).get("types")):
            return BASE_BLOCKS | set(types)
    return BASE_BLOCKS | DEFAULT_ADMONITION_TYPES


def _code_lines(lines: list[str]) -> set[int]:
    """0-based indexes of lines inside fenced code blocks, fence lines included (scripts/content.py body_lines)."""
    outside = {n - 1 for n, _, in_code in body_lines("\n".join(lines), 0) if not in_code}
    return set(range(len(lines))) - outside


def check_blocks(text: str, path: str = "<text>", names: set[str] | None = None) -> list[Problem]:
    """Return every problem with the block markers in `text` (see the module docstring)."""
    names = known_block_names() if names is None else names
    lines = text.splitlines()
    code = _code_lines(lines)
    problems: list[Problem] = []
    stack: list[tuple[str, str, int, str]] = []  # (indent, fence, line number, header text)
    for i, line in enumerate(lines):
        if i in code:
            continue
        n = i + 1
        legacy = LEGACY.match(line)
        if legacy:
            what = "admonition" if legacy.group("adm") else "tab"
            example = "/// note | 見出し" if what == "admonition" else "/// tab | Gmail"
            problems.append(Problem(path, n, f"'{line.strip()}': this site writes every {what} with the /// block syntax ({example} … ///), never !!!, ??? or ==="))
            continue
        closer = CLOSER.match(line)
        if closer:
            fence = closer.group("fence")
            if not stack:
                problems.append(Problem(path, n, f"'{fence}' closes nothing: there is no open block here (it would show as literal text)"))
            elif stack[-1][1] != fence:
                _, open_fence, open_line, header = stack[-1]
                problems.append(Problem(path, n, f"'{fence}' does not close '{header}' opened at line {open_line} (that block needs '{open_fence}'); check the number of slashes"))
            else:
                stack.pop()
            continue
        opener = OPENER.match(line)
        if opener:
            name, title, fence = opener.group("name"), opener.group("title"), opener.group("fence")
            header = line.strip()
            if name not in names:
                problems.append(Problem(path, n, f"unknown block '{name}' in '{header}' (known: {', '.join(sorted(names))}); it would show as literal text"))
            elif name == "tab" and not (title or "").strip():
                problems.append(Problem(path, n, f"'{header}': a tab needs a label, e.g. '/// tab | Gmail'"))
            # pushed even when wrong, so that its own closer is not reported a second time
            stack.append((opener.group("indent"), fence, n, header))
            continue
        if SLASHES.match(line):
            problems.append(Problem(path, n, f"'{line.strip()}' is not a valid block marker: write '/// name | title' to open and '///' alone to close"))
    for _, _, open_line, header in stack:
        problems.append(Problem(path, open_line, f"'{header}' is never closed: add a line with only '{header.split()[0]}' after its content"))
    problems.sort(key=lambda p: p.line)
    return problems


def mask_markers(text: str) -> tuple[str, list[int]]:
    """(text for a Markdown linter, map: `line_map[k]` is the real 1-based line of its line k+1).

    Option lines and attribute lists go; each marker becomes blank, `<!-- -->`, blank (a block boundary ends
    the paragraph or list before it, as in Python-Markdown); blank runs only this made are collapsed."""
    lines = text.split("\n")
    code = _code_lines(lines)
    out: list[tuple[str, int, bool]] = []  # (text, original 1-based line, synthetic)
    in_options = False
    for i, line in enumerate(lines):
        n = i + 1
        if i in code:
            in_options = False
            out.append((line, n, False))
            continue
        if in_options and OPTION.match(line):
            continue
        in_options = False
        marker = OPENER.match(line) or CLOSER.match(line)
        if marker:
            in_options = bool(OPENER.match(line))
            indent = marker.group("indent")
            out.extend([("", n, True), (indent + "<!-- -->", n, True), ("", n, True)])
            continue
        if ABBR.match(line):
            out.append(("", n, True))
            continue
        out.append((ATTR_LIST.sub("", line) if "{" in line else line, n, False))
    kept: list[tuple[str, int, bool]] = []
    for s, n, synthetic in out:
        blank_before = bool(kept) and kept[-1][0].strip() == ""
        if s.strip() == "" and blank_before and not synthetic and kept[-1][2]:
            kept[-1] = (s, n, False)  # the separator's blank now stands for this real blank line
            continue
        if s.strip() == "" and blank_before and synthetic:
            continue
        if s.strip() == "" and synthetic and not kept:
            continue
        kept.append((s, n, synthetic))
    return "\n".join(s for s, _, _ in kept), [n for _, n, _ in kept]
