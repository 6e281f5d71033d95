"""MkDocs hook (mkdocs.yml `hooks:`): scripts/search/index.py tunes Material's search index after the build."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path; the tuning lives in the scripts package
    sys.path.insert(0, str(ROOT))

from scripts.search.index import on_post_build  # noqa: E402,F401
