"""The command line the linters share (scripts/lint/output.py `lint_main`): `python -m MODULE [FILES OR
FOLDERS...]` prints one `file:line[:col]: message` per problem, the file named as given (relative to the
current folder), exits 1 on problems, 2 on a missing file, and explains itself with --help."""

from __future__ import annotations

import pytest

from scripts import cite, serve
from scripts.lint import markdown_lint, pages, site_policy, workflow_lint
from tests.lint.support.lintutil import FIXTURES

PAGE = ("---\ntitle: 見本\nlast_verified: 2026-11-31\nsources:\n"
        "  - https://www.nortonstore.jp/support/autorenewal/flow/\n---\n\n")
MATERIAL = (FIXTURES / "material-syntax.md").read_text(encoding="utf-8")
PINNED_NO_COMMENT = (FIXTURES / "workflows" / "pinned-no-comment.yml").read_text(encoding="utf-8")
# (module, file to write, its text, the lines it must print)
CASES = {
    "site_policy": (site_policy, "docs/stop/p.md", PAGE + "[例](http://example.com/) です。\n", [
        "docs/stop/p.md:3: `last_verified: 2026-11-31` is not a real date (day is out of range for month)",
        "docs/stop/p.md:8: http://example.com/ does not use https://"]),
    "markdown_lint": (markdown_lint, "docs/x.md", MATERIAL + "\n\n\nend\n", ["docs/x.md:"]),
    "workflow_lint pins": (workflow_lint, "ci.yml", PINNED_NO_COMMENT, ["ci.yml:"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_line_per_problem_with_the_file_as_given(case, tmp_path, monkeypatch, capsys):
    module, name, text, want = CASES[case]
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["--only", "pins", name] if module is workflow_lint else [name.split("/")[0]]
    assert module.main(args) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(want) and all(line.startswith(w) for line, w in zip(out, want)), out
    assert module.main(["no-such-page.md"]) == 2


@pytest.mark.parametrize("module", [markdown_lint, site_policy, workflow_lint, pages, cite, serve])
def test_help(module, capsys):
    with pytest.raises(SystemExit) as stop:
        module.main(["--help"])
    assert stop.value.code == 0 and f"python -m {module.__name__}" in capsys.readouterr().out
