"""Shared fixtures: the repository root, links.yml, and one strict build of the site per engine per run.

Under pytest-xdist the first worker that needs an engine's site builds it under a file lock in the
run's common temporary folder (shared_tmp); the other workers reuse it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from filelock import FileLock

from scripts import ROOT
from scripts.build_site import BuildError, build_site
from scripts.content import load_links


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def links_data() -> dict:
    """scripts/data/links.yml as loaded by the content model (scripts/content.py)."""
    return load_links().data


@pytest.fixture(scope="session")
def shared_tmp(tmp_path_factory) -> Path:
    """A folder every xdist worker of this run shares (the parent of the workers' own basetemps);
    without xdist, the session's own folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def site_builds(shared_tmp):
    """Factory: site_builds(engine) -> output folder of the strict build, built once per run."""

    def get(engine: str) -> Path:
        out, done = shared_tmp / f"site-{engine}", shared_tmp / f"site-{engine}.built"
        with FileLock(str(shared_tmp / f"site-{engine}.lock")):
            if not done.exists():
                try:
                    build_site(out, engine)
                    done.write_text("", encoding="utf-8")
                except BuildError as err:
                    done.write_text(str(err), encoding="utf-8")
        if error := done.read_text(encoding="utf-8"):
            pytest.fail(error)
        return out

    return get


@pytest.fixture(scope="session")
def built_site(site_builds) -> Path:
    """The site built with MkDocs + Material (tests/browser/ overrides this per engine)."""
    return site_builds("mkdocs")


@pytest.fixture(scope="session")
def zensical_site(site_builds) -> Path:
    """The same site built with Zensical (build, search tuning, Japanese labels)."""
    return site_builds("zensical")
