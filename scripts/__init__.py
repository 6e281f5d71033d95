"""Project tooling for the guide, one package per job (run from the repository root):

- `scripts.urlcheck`  the weekly official-URL checker (`python -m scripts.urlcheck --help`)
- `scripts.lint`      the page and workflow linters; `python -m scripts.lint.pages` is `make lint`;
                      `link_guard.judge()` judges a link the way a browser resolves it
- `scripts.search`    Japanese site search of both engines: index tuning, Zensical's labels, recall
- `scripts.browser`   headless Chromium tools: static server, phone figures (pages and routes), `make bench`
- `scripts/hooks/`    MkDocs hooks, loaded by path from mkdocs.yml (not imported as a package; the
                      search hook is scripts/search/hook.py)
- `scripts/data/`     the data files: allowed domains and sources, checker settings, budgets, synonyms
- `scripts.build_site` builds with either engine (`make build ENGINE=zensical`); `scripts.serve` is
  `make serve`; `scripts.sources_frontmatter` writes each page's 出典 entries from links.yml
- `scripts/content.py` the content model: one parser for a page's front matter, sections, footnotes
  (citations) and links, and for links.yml (used by lint, the hooks, sources_frontmatter, the URL
  checker and the tests); `scripts.cite` writes a citation (links.yml quote + footnote line)
- `scripts/safe_yaml.py` loads YAML like yaml.safe_load but refuses aliases (no "billion laughs")
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository root
DATA = ROOT / "scripts" / "data"
