"""The design card keeps mkdocs.yml within what Zensical (Material's successor) also reads.

Zensical ignores MkDocs hooks, so its build has the untuned search and the bare-URL 出典 list;
everything else (tabs, admonitions, furniture, the unofficial footer) must come out the same.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    # Zensical writes .cache/ next to mkdocs.yml: build a copy, not the working tree.
    project = tmp_path_factory.mktemp("zensical")
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    zensical = Path(sys.executable).with_name("zensical")
    proc = subprocess.run([str(zensical), "build"], cwd=project, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"zensical build failed:\n{proc.stdout}\n{proc.stderr}"
    return project / "site"


def test_zensical_builds_every_page(zensical_site, built_site):
    mkdocs_pages = {p.relative_to(built_site) for p in built_site.rglob("index.html") if "search" not in p.parts}
    zensical_pages = {p.relative_to(zensical_site) for p in zensical_site.rglob("index.html")}
    assert mkdocs_pages <= zensical_pages, f"missing under Zensical: {sorted(map(str, mkdocs_pages - zensical_pages))}"


def test_zensical_keeps_tabs_admonitions_and_furniture(zensical_site):
    soup = BeautifulSoup((zensical_site / "order-number" / "index.html").read_text(encoding="utf-8"), "html.parser")
    labels = [label.get_text(strip=True) for label in soup.select(".tabbed-labels label")]
    assert {"Gmail", "Outlook", "Yahoo!メール", "iPhone のメール"} <= set(labels), labels
    assert soup.select(".admonition"), "admonitions are not rendered"
    assert soup.select_one(".verified-date time"), "最終確認日 is not shown"
    assert soup.select("#page-sources li a"), "出典 list is not shown"
    footer = soup.select_one(".md-copyright")
    assert footer and "非公式" in footer.get_text()
