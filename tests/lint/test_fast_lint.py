"""`make lint` (scripts/lint/pages.py) catches each mistake a contributor can make on a page and
reports it once, as `docs/…md:LINE: …`, in a few lines.

Each case plants one mistake in docs/stop/store.md of a fresh copy of the project and runs the
command `make lint FILES=docs/stop/store.md` runs. The linters' own tests (prh specs, workflow
fixtures, the pre-commit run) stay in `make test`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lintutil import ROOT, run

from scripts.lint import pages

pytestmark = pytest.mark.lint

COPY = ("docs", "overrides", "scripts", "mkdocs.yml", "prh.yml", ".textlintrc.yml", ".pymarkdown.yml")
PAGE = "docs/stop/store.md"
MAX_LINES = 60


@pytest.fixture(scope="module")
def project(tmp_path_factory, node) -> Path:
    """A fresh copy of what the page checks read (node_modules linked, not copied)."""
    dst = tmp_path_factory.mktemp("project")
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        else:
            shutil.copy(src, dst / name)
    (dst / "node_modules").symlink_to(ROOT / "node_modules")
    return dst


def planted(line: str) -> tuple[str, int]:
    """docs/stop/store.md with `line` inserted after its first body paragraph; (text, line number)."""
    lines = (ROOT / PAGE).read_text(encoding="utf-8").split("\n")
    at = next(i for i in range(30, len(lines)) if lines[i] == "" and lines[i - 1] and not lines[i - 1].startswith("///"))
    return "\n".join(lines[:at + 1] + [line, ""] + lines[at + 1:]), at + 2


def lint(project: Path, text: str) -> tuple[subprocess.CompletedProcess, float]:
    page = project / PAGE
    original = page.read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    try:
        start = time.monotonic()
        env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.run([sys.executable, "-m", "scripts.lint.pages", PAGE], cwd=project,
                              capture_output=True, text=True, timeout=300, env=env)
        return proc, time.monotonic() - start
    finally:
        page.write_text(original, encoding="utf-8")


# mistake: (planted line, or None for the front matter; words the one reported line must contain)
MISTAKES = {
    "non-allowed domain": ("詳しくは[解説](https://example.com/norton)を見てください。", "example.com, which is not in scripts/data/links.yml allowed_domains"),
    "http link": ("[注文情報確認](http://www.nortonstore.jp/orderstatus/)を開きます。", "does not use https://"),
    "phone number": ("困ったときは 0120-123-456 に電話します。", "looks like a phone number"),
    "link to a missing page": ("[停止の手順](no-such-page.md)を見てください。", "broken link 'no-such-page.md'"),
    "missing anchor": ("[返金](../faq.md#no-such-anchor)を見てください。", "does not contain an anchor '#no-such-anchor'"),
    "unclosed tab": ("/// tab | Gmail\n検索欄に貼り付けます。", "'/// tab | Gmail' is never closed"),
    "wrong prh term": ("ノートンアカウントにサインインします。", "ノートンアカウント => ノートン アカウント"),
    "impossible date": (None, "`last_verified: 2026-11-31` is not a real date"),
}


@pytest.mark.parametrize("case", list(MISTAKES))
def test_each_mistake_fails_lint_once_with_file_and_line(project, case):
    line, words = MISTAKES[case]
    if line is None:
        text = re.sub(r"(?m)^last_verified: .*$", "last_verified: 2026-11-31", (ROOT / PAGE).read_text(encoding="utf-8"), count=1)
        at = 4
    else:
        text, at = planted(line)
    proc, seconds = lint(project, text)
    out = (proc.stdout + proc.stderr).splitlines()
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert len(out) <= MAX_LINES, f"{len(out)} lines"
    findings = proc.stdout.splitlines()
    assert len(findings) == 1, f"expected one line for one mistake:\n{proc.stdout}"
    assert findings[0].startswith(f"{PAGE}:{at}: ") and words in findings[0], findings[0]


def test_clean_page_passes(project):
    proc, _ = lint(project, (ROOT / PAGE).read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_choose_pages(monkeypatch):
    monkeypatch.setattr(pages, "git_changed", lambda: ["docs/faq.md", "docs/gone.md", "Makefile", ".venv"])
    assert pages.choose([], False) == (["docs/faq.md"], False, "1 changed page(s)")
    monkeypatch.setattr(pages, "git_changed", lambda: ["prh.yml"])
    assert pages.choose([], False)[0] == pages.blocks.DEFAULT_TARGETS
    monkeypatch.setattr(pages, "git_changed", lambda: [])
    assert pages.choose([], False)[:2] == (pages.blocks.DEFAULT_TARGETS, True)
    assert pages.choose(["docs/faq.md"], False)[0] == ["docs/faq.md"]
    assert pages.choose([], True)[:2] == (pages.blocks.DEFAULT_TARGETS, True)
    monkeypatch.setattr(pages, "git_changed", lambda: [".github/workflows/ci.yml"])
    assert pages.choose([], False)[:2] == ([], True)


def test_build_warnings_map_to_the_line_of_the_link():
    stderr = (
        "INFO    -  Building documentation\n"
        "WARNING -  Doc file 'stop/store.md' contains a link 'order-number.md#nowhere', but the doc "
        "'order-number.md' does not contain an anchor '#nowhere'.\n"
        "WARNING -  docs/stop/store.md:9: '/// tab | Gmail' is never closed\n"
        "Aborted with 2 warnings in strict mode!\n"
    )
    found = pages.parse_build(stderr)
    assert found[0][0] == PAGE and found[0][2].startswith("broken link 'order-number.md#nowhere'")
    assert found[0][1] == 1  # not in the page: first line
    assert found[1] == (PAGE, 9, "'/// tab | Gmail' is never closed [strict build]")
    assert len(found) == 2


def test_make_lint_runs_the_page_checks():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lint:.*\n\t(.+)$", makefile, re.MULTILINE).group(1)
    assert "-m scripts.lint.pages" in recipe and "pytest" not in recipe


def test_make_help_lists_every_target_in_one_line():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.+)$", makefile, re.MULTILINE).group(1).split()
    proc = run(["make", "--no-print-directory", "-C", ROOT])
    assert proc.returncode == 0, proc.stderr
    listed = [line.split()[0] for line in proc.stdout.splitlines()[1:]]
    assert sorted(listed) == sorted(phony), proc.stdout
    assert proc.stdout == run(["make", "--no-print-directory", "-C", ROOT, "help"]).stdout
