"""Shared fixtures: project paths, the link data file, and one strict build of the site per engine per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.build_site import BuildError, build_site
from scripts.content import load_links

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LINKS_FILE = ROOT / "scripts" / "data" / "links.yml"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def links_data() -> dict:
    """scripts/data/links.yml as loaded by the content model (scripts/content.py)."""
    return load_links(LINKS_FILE).data


@pytest.fixture(scope="session")
def site_builds(tmp_path_factory):
    """Factory: site_builds(engine) -> output folder, strict build; each engine is built once per session."""
    built: dict[str, Path] = {}

    def get(engine: str) -> Path:
        if engine not in built:
            out = tmp_path_factory.mktemp(f"site-{engine}")
            try:
                build_site(out, engine)
            except BuildError as err:
                pytest.fail(str(err))
            built[engine] = out
        return built[engine]

    return get


@pytest.fixture(scope="session")
def built_site(site_builds) -> Path:
    """The site built once with `mkdocs build --strict` (tests/browser/ overrides this per engine)."""
    return site_builds("mkdocs")


@pytest.fixture(scope="session")
def zensical_site(site_builds) -> Path:
    """The same site built with Zensical (scripts/build_site.py: build, search tuning, Japanese labels)."""
    return site_builds("zensical")
