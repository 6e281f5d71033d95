"""textlint (preset-ja-technical-writing + prh.yml) over the site, with the pymdownx-aware parser.

The real pages must pass; text inside tabs, admonitions and collapsible blocks must be linted; the
markers themselves (`/// tab | Gmail`, `///`, option lines, `{ #ascii-id }`, front matter) must not
be reported; and every finding must name the file and line.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.lint.support.lintutil import FIXTURES, ROOT, run

pytestmark = pytest.mark.lint

FINDING = re.compile(r"^(?P<file>[^\s:][^:]*\.md):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+) \[Error/(?P<rule>[^\]]+)\]$")


def findings(stdout: str) -> list[dict]:
    return [m.groupdict() for line in stdout.splitlines() if (m := FINDING.match(line))]


def test_site_pages_pass_textlint(textlint):
    """docs/, README.md, CONTRIBUTING.md, the maintainers' page and the pull request template: no prose
    or terminology problem (one textlint run)."""
    targets = [p for p in ("docs", "README.md", "CONTRIBUTING.md", "MAINTAINERS.md", ".github/PULL_REQUEST_TEMPLATE.md")
               if (ROOT / p).exists()]
    proc = textlint(*targets)
    assert proc.returncode == 0, f"textlint found problems (file:line:col):\n{proc.stdout}{proc.stderr}"


PLANTED = {  # file name: text (None: copied from tests/lint/support/fixtures/)
    "wrong-terms.md": None,
    "material-syntax.md": None,
    "label.md": "# 見出し { #top }\n\n/// tab | Yahooメール\n本文です。\n///\n",
    "period.md": "# 見出し { #top }\n\n/// note | 注意\n句点のない文です\n///\n",
}


@pytest.fixture(scope="module")
def planted(textlint, tmp_path_factory) -> dict[str, list[dict]]:
    """{file: findings} of one textlint run over the planted pages (one Node start, not four)."""
    folder = tmp_path_factory.mktemp("prose")
    for name, text in PLANTED.items():
        (folder / name).write_text(text or (FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    proc = textlint(*PLANTED, cwd=folder)
    assert proc.returncode == 1 and "problem(s)" in proc.stderr, proc.stdout + proc.stderr
    return {name: [f for f in findings(proc.stdout) if f["file"] == name] for name in PLANTED}


def test_wrong_terms_inside_blocks_are_reported_with_file_and_line(planted):
    got = {(f["file"], int(f["line"]), f["rule"], f["msg"].split(" / ")[0]) for f in planted["wrong-terms.md"]}
    assert got == {
        ("wrong-terms.md", 12, "prh", "ノートンアカウント => ノートン アカウント"),  # body of a tab
        ("wrong-terms.md", 15, "prh", "Yahooメール => Yahoo!メール"),  # a tab label
        ("wrong-terms.md", 20, "prh", "シマンテック・ストア => シマンテックストア"),  # body of a warning
        ("wrong-terms.md", 26, "prh", "オーダー番号 => 注文番号"),  # body of a details block (after its options)
    }, planted["wrong-terms.md"]


def test_tab_label_is_reported_at_its_column(planted):
    assert [(f["line"], f["col"]) for f in planted["label.md"] if "Yahooメール => Yahoo!メール" in f["msg"]] == [("3", "11")]


def test_material_markers_alone_produce_nothing(planted):
    assert planted["material-syntax.md"] == [], "markers were reported as prose"


def test_prose_rules_run_inside_blocks(planted):
    """Not only prh: the preset's rules see the bodies too (a body sentence without 「。」)."""
    rules = {(int(f["line"]), f["rule"]) for f in planted["period.md"]}
    assert (4, "ja-technical-writing/ja-no-mixed-period") in rules, planted["period.md"]


def test_fix_corrects_terms_and_leaves_markers_alone(textlint, tmp_path):
    page = tmp_path / "wrong-terms.md"
    original = (FIXTURES / "wrong-terms.md").read_text(encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    proc = textlint(page.name, cwd=tmp_path, extra=("--fix-dry-run",))
    assert proc.returncode == 0, proc.stderr
    [result] = json.loads(proc.stdout)
    expected = (
        original.replace("ノートンアカウント", "ノートン アカウント")
        .replace("Yahooメール", "Yahoo!メール")
        .replace("シマンテック・ストア", "シマンテックストア")
        .replace("オーダー番号", "注文番号")
    )
    assert result["output"] == expected
    assert page.read_text(encoding="utf-8") == original, "--fix-dry-run must not write"


def test_masking_keeps_every_offset(node):
    """The parser sees a masked copy; it must have the same length and the same line breaks."""
    script = (
        "const {maskPymdown}=require(process.argv[1]);const fs=require('fs');"
        "const out=process.argv.slice(2).map(f=>{const t=fs.readFileSync(f,'utf8');const m=maskPymdown(t);"
        "return [f,t.length===m.length,[...t].every((c,i)=>(c==='\\n')===(m[i]==='\\n')),m];});"
        "process.stdout.write(JSON.stringify(out));"
    )
    files = [FIXTURES / "material-syntax.md", FIXTURES / "wrong-terms.md", *sorted((ROOT / "docs").rglob("*.md"))]
    proc = run([node, "-e", script, ROOT / "scripts" / "lint" / "textlint" / "pymdown-blocks.cjs", *files])
    assert proc.returncode == 0, proc.stderr
    for name, same_length, same_lines, _ in json.loads(proc.stdout):
        assert same_length and same_lines, name
    material = json.loads(proc.stdout)[0][3]
    assert "#         Gmail" in material  # a tab label becomes a heading for the linter
    assert "{ #top }" not in material and 'target="_blank"' not in material
    before_code_example = material.split("```markdown")[0]
    assert "///" not in before_code_example and "type: tip" not in before_code_example
    assert "/// tab | Gmail" in material.split("```markdown")[1]  # code blocks are left alone


def test_builtin_parser_would_misreport_markers(node, tmp_path):
    """Why the custom processor exists: plain textlint reads the markers as sentences."""
    page = tmp_path / "material-syntax.md"
    shutil.copy(FIXTURES / "material-syntax.md", page)
    proc = run([node, ROOT / "node_modules" / "textlint" / "bin" / "textlint.js", "--config", ROOT / ".textlintrc.yml", "--format", "unix", page.name], cwd=tmp_path)
    assert proc.returncode == 1 and "ja-no-mixed-period" in proc.stdout, proc.stdout


def test_textlint_cli_help(node):
    proc = run([node, ROOT / "scripts" / "lint" / "textlint" / "cli.mjs", "--help"])
    assert proc.returncode == 0 and "Usage:" in proc.stdout


def test_textlint_config_keeps_the_preset_strict():
    """Tuning is limited to what the guide's style needs; each tuned rule is explained in a comment."""
    import yaml

    text = (ROOT / ".textlintrc.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    preset = config["rules"]["preset-ja-technical-writing"]
    assert set(preset) <= {"no-mix-dearu-desumasu", "max-kanji-continuous-len", "sentence-length", "no-exclamation-question-mark", "ja-no-mixed-period"}
    assert all(v is not False for v in preset.values()), "a preset rule is switched off"
    assert preset["max-kanji-continuous-len"]["max"] == 6
    for rule in preset:
        block = text.split(f"    {rule}:")[0].rstrip().splitlines()[-1]
        assert block.strip().startswith("#"), f"{rule}: explain the change in a comment right above it"
    assert config["rules"]["prh"]["rulePaths"] == ["./prh.yml"]
