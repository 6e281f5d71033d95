"""MkDocs hook: fail `mkdocs build --strict` on page mistakes Python-Markdown accepts silently (an unclosed
`/// tab` swallows the rest of the page, unreadable front matter shows as text): one `docs/…md:LINE:
message` warning each, from the checks `make lint` runs too (scripts/lint/blocks.py, site_policy.py).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path; the checks live in the scripts package
    sys.path.insert(0, str(ROOT))

from scripts.content import parse_front_matter  # noqa: E402
from scripts.lint import blocks, site_policy  # noqa: E402

log = logging.getLogger("mkdocs.hooks.page_checks")
_names: set[str] = set()


def page_problems(text: str, where: str, names: set[str] | None = None) -> list[str]:
    """`where:LINE: message` for each block-marker or front-matter problem of one page."""
    problems = [str(p) for p in blocks.check_blocks(text, where, names)]
    meta, _, error = parse_front_matter(text)
    if error:
        problems.append(f"{where}:{error[0]}: {error[1]}")
    elif meta and "last_verified" in meta:
        problem = site_policy.date_problem(meta["last_verified"])
        if problem and "in the future" not in problem:  # a future date is a lint matter, not a broken page
            line = site_policy.key_line(text.split("\n"), "last_verified")
            problems.append(f"{where}:{line}: {problem}")
    return problems


def on_config(config, **kwargs):
    _names.clear()
    _names.update(blocks.known_block_names(Path(config.config_file_path)))


def on_page_markdown(markdown, page, config, files, **kwargs):
    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"  # docs/stop/store.md
    for problem in page_problems(Path(page.file.abs_src_path).read_text(encoding="utf-8"), where, _names or None):
        log.warning(problem)
    return markdown
