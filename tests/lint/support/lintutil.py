"""Paths and a subprocess helper shared by the lint tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXTLINT_CLI = ROOT / "scripts" / "lint" / "textlint" / "cli.mjs"
TEXTLINTRC = ROOT / ".textlintrc.yml"


def run(cmd: list, cwd: Path = ROOT, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a command (items may be Paths) and capture its text output.

    The repository root is on PYTHONPATH, so `python -m scripts.lint.…` works from any folder.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
