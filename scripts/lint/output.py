"""Small pieces shared by the project's lint commands (blocks, markdown_lint, workflow_lint, site_policy).

Every linter prints one `file:line:col: message` per problem on stdout, then a one-line summary on
stderr, and exits 1 when it found something.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake at one line of one file, printed as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def display(path: Path) -> str:
    """The path as a contributor would type it: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def report(what: str, files: list, problems: list[str]) -> int:
    """Print the problems and the summary line; return the exit code."""
    for p in problems:
        print(p)
    print(f"{what}: {len(files)} file(s), {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0
