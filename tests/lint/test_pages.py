"""`make lint` (scripts/lint/pages.py) catches each mistake a contributor can make on a page and
reports it once, as `file:LINE: message` at the line of the mistake.

The one end-to-end run of the suite: every mistake below is planted at once in a fresh copy of the
project (most in docs/stop/store.md) and `make lint-all` runs once. Each mistake must give exactly one
line, at its line, and nothing else may be reported: this is also the test that every real page, guide
and workflow passes every check (textlint, pymarkdown, site policy, citations, strict build, workflow
lint). Each rule is tested on its own function in the other files of tests/lint/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.lint.support.lintutil import ROOT, run

from scripts.lint import pages

pytestmark = pytest.mark.lint

COPY = ("docs", "overrides", "scripts", ".github", "mkdocs.yml", "prh.yml", ".textlintrc.yml", ".pymarkdown.yml",
        "README.md", "CONTRIBUTING.md", "MAINTAINERS.md")
PAGE = "docs/stop/store.md"
MAX_SECONDS = 20  # the budget for `make lint` on a quiet 2-core machine (doubled: the suite runs alongside)
FLOW = "https://www.nortonstore.jp/support/autorenewal/flow/"
NOT_A_QUOTE = "この文は公式ページの引用ではありません。"
UNCITED = "誰も引用していない公式の文がここにあります。"

# Body lines planted after the page's first paragraph (each its own paragraph), and the words the
# one reported line must contain. None: the mistake is planted elsewhere (see plant()).
MISTAKES = {
    "non-allowed domain": ("詳しくは[解説](https://example.com/norton)を見てください。", "example.com, which is not in scripts/data/links.yml allowed_domains"),
    "http link": ("[注文情報確認](http://www.nortonstore.jp/orderstatus/)を開きます。", "does not use https://"),
    "phone number": ("困ったときは 0120-123-456 に電話します。", "looks like a phone number"),
    "link to a missing page": ("[停止の手順](no-such-page.md)を見てください。", "broken link 'no-such-page.md'"),
    "missing anchor": ("[返金](../faq.md#no-such-anchor)を見てください。", "does not contain an anchor '#no-such-anchor'"),
    "wrong prh term": ("ノートンアカウントにサインインします。", "ノートンアカウント => ノートン アカウント"),
    "undefined footnote": ("課金の前に止めます。[^nosuch]", "footnote [^nosuch] has no definition"),
    "quote missing from links.yml": ("注文情報確認で止めます。[^planted]", f"「{NOT_A_QUOTE}」 is not one of the `quotes:`"),
    "unclosed tab": (None, "'/// tab | Gmail' is never closed"),
    "impossible date": (None, "`last_verified: 2026-11-31` is not a real date"),
    "front matter not rewritten": (None, "`sources:` differs from scripts/data/links.yml"),
    "uncited links.yml quote": (None, f"quote 「{UNCITED}」 of {FLOW} is not cited"),
    "page missing from the nav": (None, "page is not in the mkdocs.yml nav"),
}


def plant(project: Path) -> dict[str, tuple[str, int]]:
    """Plant every mistake in the copy; {case: (file, line)} where each must be reported."""
    page = project / PAGE
    lines = page.read_text(encoding="utf-8").split("\n")
    at = next(i for i in range(30, len(lines)) if lines[i] == "" and lines[i - 1] and not lines[i - 1].startswith("///"))
    where = {}
    for case, (line, _) in MISTAKES.items():
        if line is not None:
            lines[at + 1:at + 1] = [line, ""]
            at += 2
            where[case] = (PAGE, at)
    lines += [f"[^planted]: [有効期間自動延長までの流れ]({FLOW}#:~:text={quote(NOT_A_QUOTE, safe='')})「{NOT_A_QUOTE}」", ""]
    where["quote missing from links.yml"] = (PAGE, len(lines) - 1)
    lines += ["/// tab | Gmail", "検索欄に貼り付けます。", ""]
    where["unclosed tab"] = (PAGE, len(lines) - 2)
    text = re.sub(r"(?m)^last_verified: .*$", "last_verified: 2026-11-31", "\n".join(lines), count=1)
    where["impossible date"] = (PAGE, 4)
    text = text.replace('title: "ノートンストア 注文情報確認"', 'title: "古い題名"', 1)  # links.yml has the new one
    where["front matter not rewritten"] = (PAGE, text.split("\n").index('    title: "古い題名"') + 1)
    page.write_text(text, encoding="utf-8")
    links = project / "scripts" / "data" / "links.yml"
    data = links.read_text(encoding="utf-8")
    m = re.search(r"(?m)^  - url: " + re.escape(FLOW) + r"\n(?:    .*\n)*?    quotes:\n", data)
    links.write_text(data[:m.end()] + f'      - "{UNCITED}"\n' + data[m.end():], encoding="utf-8")
    where["uncited links.yml quote"] = ("scripts/data/links.yml", data[:m.end()].count("\n") + 1)
    shutil.copy(project / "docs" / "about.md", project / "docs" / "extra.md")
    where["page missing from the nav"] = ("docs/extra.md", 1)
    return where


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


def test_each_planted_mistake_fails_lint_once_at_its_line(project):
    where = plant(project)
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "scripts.lint.pages", "--all"], cwd=project,
                          capture_output=True, text=True, timeout=300, env=env)
    seconds = time.monotonic() - start
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in out, out
    findings = proc.stdout.splitlines()
    for case, (_, words) in MISTAKES.items():
        file, line = where[case]
        mine = [f for f in findings if words in f]
        assert len(mine) == 1 and mine[0].startswith(f"{file}:{line}: "), f"{case}: want one line at {file}:{line}:\n{out}"
    assert len(findings) == len(MISTAKES), f"one line per mistake, nothing else:\n{out}"
    assert seconds < 2 * MAX_SECONDS, f"make lint-all took {seconds:.1f} s"


def test_choose_pages(monkeypatch):
    monkeypatch.setattr(pages, "git_changed", lambda: ["docs/faq.md", "docs/gone.md", "Makefile", ".venv"])
    assert pages.choose([], False) == (["docs/faq.md"], False, "1 changed page(s)")
    monkeypatch.setattr(pages, "git_changed", lambda: ["prh.yml"])
    assert pages.choose([], False)[0] == pages.PAGES
    monkeypatch.setattr(pages, "git_changed", lambda: [])
    assert pages.choose([], False)[:2] == (pages.PAGES, True)
    assert pages.choose(["docs/faq.md"], False)[0] == ["docs/faq.md"]
    assert pages.choose([], True)[:2] == (pages.PAGES, True)
    monkeypatch.setattr(pages, "git_changed", lambda: [".github/workflows/ci.yml"])
    assert pages.choose([], False)[:2] == ([], True)


def test_build_warnings_map_to_the_line_of_the_link():
    stderr = (
        "INFO    -  Building documentation\n"
        "WARNING -  Doc file 'stop/store.md' contains a link 'order-number.md#nowhere', but the doc "
        "'order-number.md' does not contain an anchor '#nowhere'.\n"
        "WARNING -  docs/stop/store.md:9: '/// tab | Gmail' is never closed\n"
        "WARNING -  A reference to 'stop/chatx.md' is included in the 'nav' configuration, which is not found in the documentation files.\n"
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
