"""Project tooling, one package per job, run from the repository root (layers: MAINTAINERS.md「構成」):
`scripts.urlcheck` (weekly official-URL checker), `scripts.lint` (`make lint`), `scripts.search`
(Japanese search of both engines), `scripts.browser` (headless Chromium tools, `make bench`),
`scripts/hooks/` (MkDocs hooks, loaded by path), `scripts/data/` (the data files), and modules:
`content` (the one parser of pages and links.yml), `link_guard`, `safe_yaml`, `build_site`, `serve`,
`cite` and `sources_frontmatter`. Each runnable one has `--help`.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository root
DATA = ROOT / "scripts" / "data"
