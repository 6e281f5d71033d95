"""Project tooling, one package per job, run from the repository root (MAINTAINERS.md「構成」): urlcheck,
lint, search, browser (static server, phone figures, bench), hooks/ (MkDocs, loaded by path), data/,
and content (the one parser of pages and links.yml), link_guard, safe_yaml, build_site, serve, cite,
sources_frontmatter. Each tool has `--help`.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository root
DATA = ROOT / "scripts" / "data"
