"""What the lint commands share: a problem's one-line `file:line: message` form and their command line."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PAGES = ["docs", "README.md", "CONTRIBUTING.md", "MAINTAINERS.md"]  # the Markdown the linters read


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
    resolved = path.resolve()
    return str(resolved.relative_to(Path.cwd())) if resolved.is_relative_to(Path.cwd()) else str(path)


def files_of(targets: list[str], pattern: str = "*.md", defaults: list[str] = PAGES) -> list[Path]:
    """The files named, and those matching `pattern` in the folders named (hidden folders skipped).
    A missing default target is skipped; any other missing target raises FileNotFoundError."""
    files: list[Path] = []
    for t in targets:
        p = Path(t)
        if p.is_dir():
            files += sorted(x for x in p.rglob(pattern) if not any(s.startswith(".") for s in x.relative_to(p).parts))
        elif p.exists():
            files.append(p)
        elif t not in defaults:
            raise FileNotFoundError(t)
    return files


def lint_main(argv: list[str] | None, module: str, doc: str, check: Callable[[list[Path]], list],
              defaults: list[str] = PAGES, pattern: str = "*.md", options: Callable | None = None) -> int:
    """The command line of one linter: `python -m MODULE [FILES OR FOLDERS...]`.

    `check(files, args)` returns the problems; `options(parser)` may add arguments. Prints each problem,
    then the summary; returns 0 clean, 1 problems found, 2 usage error (or a check's RuntimeError).
    """
    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=doc.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(doc.split("\n\n")[1:]))
    parser.add_argument("paths", nargs="*", help="files or folders to check")
    if options:
        options(parser)
    args = parser.parse_args(argv)
    try:
        files = files_of(args.paths or defaults, pattern, defaults)
        problems = [str(p) for p in check(files, args)]
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"{module}: {'no such file or folder: ' if isinstance(exc, FileNotFoundError) else ''}{exc}",
              file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    print(f"{module}: {len(files)} file(s), {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0
