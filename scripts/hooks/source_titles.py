"""MkDocs hook: give the 「出典」 list on each page readable titles from scripts/data/links.yml.

Pages list their official sources as bare URLs in front matter (`sources:`), which is what the
tests and the URL checker compare against links.yml. Readers, though, should see what each page
is. This hook puts `{url: {"title": ..., "host": ...}}` into `config.extra.source_info`, and
overrides/main.html shows the title with the host. Without the hook (for example under a
builder that ignores MkDocs hooks) the template falls back to the bare URL.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

LINKS_FILE = Path(__file__).resolve().parent.parent / "data" / "links.yml"


def load_source_info(path: Path = LINKS_FILE) -> dict[str, dict[str, str]]:
    """Map every source URL in links.yml to its title and host name."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        entry["url"]: {"title": entry.get("title") or entry["url"], "host": urlsplit(entry["url"]).hostname or ""}
        for entry in data.get("sources", [])
    }


def on_config(config, **kwargs):
    config.extra["source_info"] = load_source_info()
    return config
