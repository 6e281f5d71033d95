"""MkDocs hook (mkdocs.yml `hooks:`): tune Material's search index (scripts/search/index.py) once the
search plugin wrote it. SEARCH_JA=off leaves it as Material wrote it. Zensical runs no hooks."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path; the tuning lives in the scripts package
    sys.path.insert(0, str(ROOT))

from scripts.search.index import MATERIAL_INDEX, tune_site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")


def on_post_build(config, **kwargs) -> None:
    if os.environ.get("SEARCH_JA", "on").lower() in {"0", "off", "false", "no"}:
        log.info("SEARCH_JA=off: search index left as Material wrote it")
    elif (Path(config["site_dir"]) / MATERIAL_INDEX).exists():
        tune_site(config["site_dir"])
