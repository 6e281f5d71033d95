"""Shared fixtures: project paths, the link data file, and one strict build of the site per engine per test run.

`make test` runs pytest-xdist workers (`-n auto` in pyproject.toml). The builds are shared: the first
worker that needs an engine's site builds it under a file lock in the run's common temporary folder,
and the other workers reuse it, so each engine is built once per run, not once per worker.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from filelock import FileLock

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
def shared_tmp(tmp_path_factory) -> Path:
    """A folder every xdist worker of this run shares (under xdist each worker has its own basetemp,
    and their parent is common to the run); without xdist, the session's own folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def site_builds(shared_tmp):
    """Factory: site_builds(engine) -> output folder, strict build; each engine is built once per session."""
    shared = shared_tmp

    def get(engine: str) -> Path:
        out, done = shared / f"site-{engine}", shared / f"site-{engine}.built"
        with FileLock(str(shared / f"site-{engine}.lock")):
            if not done.exists():
                try:
                    build_site(out, engine)
                except BuildError as err:
                    done.write_text(str(err), encoding="utf-8")
                    pytest.fail(str(err))
                done.write_text("", encoding="utf-8")
        if error := done.read_text(encoding="utf-8"):
            pytest.fail(error)
        return out

    return get


@pytest.fixture(scope="session")
def built_site(site_builds) -> Path:
    """The site built once with `mkdocs build --strict` (tests/browser/ overrides this per engine)."""
    return site_builds("mkdocs")


@pytest.fixture(scope="session")
def zensical_site(site_builds) -> Path:
    """The same site built with Zensical (scripts/build_site.py: build, search tuning, Japanese labels)."""
    return site_builds("zensical")
