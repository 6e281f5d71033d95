"""The fast loop: every check on the pages, one `file:LINE: message` per mistake (`make lint`, pre-commit).

Runs side by side: site policy and citations (scripts/lint/site_policy.py, citations.py) on the whole
site in this process; `mkdocs build --strict` (broken links and anchors, mapped to the line of the link;
its hook scripts/hooks/page_checks.py reports block markers and front matter too); Markdown lint and
textlint + prh on the pages to check; the workflow lint when .github/ changed or with --all.

Pages to check: the FILES given, else the Markdown files that differ from git HEAD; every page when a
shared setting changed (links.yml, prh.yml, mkdocs.yml, scripts/lint/ …), when nothing changed (a
clean clone, CI) or with --all. A mistake two checks find is printed once.

Usage:
    python -m scripts.lint.pages [--all] [FILES...]
Exit status: 0 clean, 1 problems found (or a checker failed to run).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts import ROOT
from scripts.content import extract_links
from scripts.lint import citations, site_policy
from scripts.lint.output import PAGES

# A change to one of these can change the verdict on any page.
SHARED = re.compile(r"^(scripts/data/links\.yml|prh\.yml|\.textlintrc\.yml|\.pymarkdown\.yml|mkdocs\.yml|scripts/lint/.*|scripts/hooks/.*|scripts/content\.py)$")
WORKFLOWS = re.compile(r"^\.github/")
FINDING = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+)(?::\d+)?: (?P<msg>.+)$")
BUILD_LINE = re.compile(r"^(?:WARNING|ERROR)\s+-\s+(?P<msg>.+)$")
NAV_WARNING = re.compile(r"not included in the \"nav\" configuration|is included in the 'nav' configuration")
DOC_LINK = re.compile(r"^Doc file '(?P<doc>[^']+)' contains (?:a|an) (?:link|unrecognized relative link) '(?P<link>[^']+)',? (?:but )?(?P<why>.+)$")


def git_changed() -> list[str] | None:
    """Paths (relative to the root) that differ from HEAD, untracked included; None without git."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--no-renames"],
                             cwd=ROOT, capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return [line[3:].strip().strip('"') for line in out.stdout.splitlines() if len(line) > 3]


def choose(files: list[str], everything: bool) -> tuple[list[str], bool, str]:
    """(pages for the slow checks, run the workflow lint?, why) from the arguments and git."""
    if everything:
        return PAGES, True, "all pages (--all)"
    given = bool(files)
    if not given:
        changed = git_changed()
        if changed is None:
            return PAGES, True, "all pages (no git)"
        files = changed
    # Given files are relative to the current folder; git's are relative to the root already.
    rel = [Path(os.path.relpath(os.path.abspath(f), ROOT)).as_posix() if given else f for f in files]
    workflows = any(WORKFLOWS.match(f) for f in rel)
    if any(SHARED.match(f) for f in rel):
        return PAGES, workflows, "all pages (a shared setting changed)"
    pages = [f for f in rel if f.endswith(".md") and (f.startswith("docs/") or f in PAGES) and (ROOT / f).exists()]
    if not pages and not given and not workflows:
        return PAGES, True, "all pages (nothing changed since git HEAD)"
    return pages, workflows, f"{len(pages)} changed page(s)" if not given else f"{len(pages)} given page(s)"


def link_line(doc: Path, link: str) -> int:
    """The line of the first link to `link` in a page (scripts/content.py extract_links), or 1."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    return next((line for line, target, _ in extract_links(text) if target == link), 1)


def parse_build(stderr: str, docs_dir: str = "docs") -> list[tuple[str, int, str]]:
    """(file, line, message) of each warning of `mkdocs build --strict`; nav warnings are left to citations.py."""
    found = []
    for m in filter(None, (BUILD_LINE.match(raw.strip()) for raw in stderr.splitlines())):
        msg = m.group("msg").strip()
        if f := FINDING.match(msg):
            found.append((f["file"], int(f["line"]), f["msg"] + " [strict build]"))
        elif d := DOC_LINK.match(msg):
            page = f"{docs_dir}/{d['doc']}"
            line = link_line(ROOT / page, d["link"])
            found.append((page, line, f"broken link '{d['link']}': {d['why'].rstrip('.')} [strict build]"))
        elif not (msg.startswith("Aborted with") or NAV_WARNING.search(msg)):
            found.append(("mkdocs.yml", 0, f"mkdocs build --strict: {msg}"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.lint.pages", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("files", nargs="*", help="pages (or changed files) to check; default: what differs from git HEAD")
    parser.add_argument("--all", action="store_true", help="check every page and the workflows")
    args = parser.parse_args(argv)
    t0 = time.monotonic()
    pages, workflows, why = choose(args.files, args.all)
    py, node = sys.executable, shutil.which("node")
    out_dir = tempfile.mkdtemp(prefix="lint-site-")
    commands = {"strict build": [py, "-m", "mkdocs", "build", "--strict", "--site-dir", out_dir]}
    if pages:
        commands["Markdown lint"] = [py, "-m", "scripts.lint.markdown_lint", *pages]
        if node:
            commands["textlint"] = [node, "scripts/lint/textlint/cli.mjs", *pages]
    if workflows:
        commands["workflow lint"] = [py, "-m", "scripts.lint.workflow_lint"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        procs = {name: subprocess.Popen(cmd, cwd=ROOT, env=env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for name, cmd in commands.items()}
        # The cheap rules run here while the tools above work (no second Python start-up).
        os.chdir(ROOT)  # messages name files relative to the root
        findings = [(p.path, p.line, p.message) for p in
                    site_policy.check_files(sorted((ROOT / "docs").rglob("*.md"))) + citations.check()]
        timing = [f"site policy + citations {time.monotonic() - t0:.1f}s"]
        outputs = {}
        for name, proc in procs.items():
            outputs[name] = proc.communicate()
            timing.append(f"{name} {time.monotonic() - t0:.1f}s")
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)

    failures = []
    # The strict build comes last: its hook's warnings are dropped where another check reported the line.
    for name, (stdout, stderr) in sorted(outputs.items(), key=lambda item: item[0] == "strict build"):
        found = parse_build(stderr) if name == "strict build" else [
            (m["file"], int(m["line"]), m["msg"]) for line in stdout.splitlines() if (m := FINDING.match(line))]
        if procs[name].returncode and not found:
            tail = [line for line in (stderr or stdout).strip().splitlines() if line.strip()][-10:]
            failures.append(f"{name} failed to run (exit {procs[name].returncode}): "
                            + ("\n  ".join(tail) or "no output"))
        reported = {(f, n) for f, n, _ in findings} if name == "strict build" else set()
        findings += [x for x in found if x[2].startswith("broken link") or (x[0], x[1]) not in reported]
    lines = sorted(set(findings))
    for f, n, msg in lines:
        print(f"{f}:{n}: {msg}" if n else f"{f}: {msg}")
    for failure in failures:
        print(failure)
    if not node:
        print("textlint did not run: node is not installed (Node.js 20 or later; see README)")
    print(f"lint: {len(lines)} problem(s) in {time.monotonic() - t0:.1f}s; Markdown lint and textlint on {why}; "
          f"done after: {', '.join(timing)}", file=sys.stderr)
    return 1 if lines or failures or not node else 0


if __name__ == "__main__":
    sys.exit(main())
