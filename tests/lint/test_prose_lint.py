"""textlint (preset-ja-technical-writing + prh.yml) through scripts/lint/textlint/cli.mjs and its
pymdownx-aware processor: text inside tabs, admonitions and collapsible blocks is linted, the markers
themselves (`/// tab | Gmail`, `///`, option lines, `{ #ascii-id }`, front matter) are not, every
finding names its file and line, and `--fix` corrects terms without touching the markers. That the
real pages pass is part of the one end-to-end run (tests/lint/test_pages.py).
"""

from __future__ import annotations

import json

import pytest
import yaml

from tests.lint.support.lintutil import FIXTURES, ROOT, TEXTLINT_CLI, run

pytestmark = pytest.mark.lint

PLANTED = {  # file name: text (None: copied from tests/lint/support/fixtures/)
    "wrong-terms.md": None,
    "material-syntax.md": None,
    "label.md": "# 見出し { #top }\n\n/// tab | Yahooメール\n本文です。\n///\n",
    "period.md": "# 見出し { #top }\n\n/// note | 注意\n句点のない文です\n///\n",
    # The pull request template is no page of `make lint`, but contributors read it.
    "pr-template.md": (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8"),
}


@pytest.fixture(scope="module")
def planted(textlint, tmp_path_factory) -> dict[str, dict]:
    """{file: {messages, output}} of one `--fix-dry-run` over the planted pages (one Node start)."""
    folder = tmp_path_factory.mktemp("prose")
    for name, text in PLANTED.items():
        (folder / name).write_text(text or (FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    proc = textlint(*PLANTED, cwd=folder, extra=("--fix-dry-run",))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (folder / "wrong-terms.md").read_text(encoding="utf-8") == (FIXTURES / "wrong-terms.md").read_text(
        encoding="utf-8"), "--fix-dry-run must not write"
    return {r["filePath"]: r for r in json.loads(proc.stdout)}


def test_wrong_terms_inside_blocks_are_reported_with_file_and_line(planted):
    got = {(m["line"], m["ruleId"], m["message"].split("\n")[0]) for m in planted["wrong-terms.md"]["messages"]}
    assert got == {
        (12, "prh", "ノートンアカウント => ノートン アカウント"),  # body of a tab
        (15, "prh", "Yahooメール => Yahoo!メール"),  # a tab label
        (20, "prh", "シマンテック・ストア => シマンテックストア"),  # body of a warning
        (26, "prh", "オーダー番号 => 注文番号"),  # body of a details block (after its options)
    }, planted["wrong-terms.md"]


def test_tab_label_is_reported_at_its_column(planted):
    assert [(m["line"], m["column"]) for m in planted["label.md"]["messages"]] == [(3, 11)]


@pytest.mark.parametrize("name", ["material-syntax.md", "pr-template.md"])
def test_markers_and_the_pull_request_template_produce_nothing(planted, name):
    assert planted[name]["messages"] == [], "markers were reported as prose"


def test_prose_rules_run_inside_blocks(planted):
    """Not only prh: the preset's rules see the bodies too (a body sentence without 「。」)."""
    rules = {(m["line"], m["ruleId"]) for m in planted["period.md"]["messages"]}
    assert (4, "ja-technical-writing/ja-no-mixed-period") in rules, planted["period.md"]


def test_fix_corrects_terms_and_leaves_markers_alone(planted):
    original = (FIXTURES / "wrong-terms.md").read_text(encoding="utf-8")
    expected = (
        original.replace("ノートンアカウント", "ノートン アカウント")
        .replace("Yahooメール", "Yahoo!メール")
        .replace("シマンテック・ストア", "シマンテックストア")
        .replace("オーダー番号", "注文番号")
    )
    assert planted["wrong-terms.md"]["output"] == expected


def test_masking_keeps_every_offset_and_hides_what_the_builtin_parser_reads_as_prose(node):
    """The parser sees a masked copy with the same length and line breaks. Plain textlint's parser
    would read the markers as sentences (why the processor exists)."""
    script = (
        "const {maskPymdown}=require(process.argv[1]);const {parse}=require(process.argv[2]);"
        "const fs=require('fs');"
        "const prose=(t)=>parse(t).children.some(n=>n.type==='Paragraph'&&n.raw.startsWith('///'));"
        "const out=process.argv.slice(3).map(f=>{const t=fs.readFileSync(f,'utf8');const m=maskPymdown(t);"
        "return [f,t.length===m.length,[...t].every((c,i)=>(c==='\\n')===(m[i]==='\\n')),m,prose(t)];});"
        "process.stdout.write(JSON.stringify(out));"
    )
    files = [FIXTURES / "material-syntax.md", FIXTURES / "wrong-terms.md", *sorted((ROOT / "docs").rglob("*.md"))]
    proc = run([node, "-e", script, TEXTLINT_CLI.parent / "pymdown-blocks.cjs",
                ROOT / "node_modules" / "@textlint" / "markdown-to-ast", *files])
    assert proc.returncode == 0, proc.stderr
    for name, same_length, same_lines, _, _ in json.loads(proc.stdout):
        assert same_length and same_lines, name
    _, _, _, material, builtin_reads_markers = json.loads(proc.stdout)[0]
    assert builtin_reads_markers, "textlint's parser no longer reads /// markers as text: is the processor needed?"
    assert "#         Gmail" in material  # a tab label becomes a heading for the linter
    assert "{ #top }" not in material and 'target="_blank"' not in material
    before_code_example = material.split("```markdown")[0]
    assert "///" not in before_code_example and "type: tip" not in before_code_example
    assert "/// tab | Gmail" in material.split("```markdown")[1]  # code blocks are left alone


def test_textlint_cli_help(node):
    proc = run([node, TEXTLINT_CLI, "--help"])
    assert proc.returncode == 0 and "Usage:" in proc.stdout


def test_textlint_config_keeps_the_preset_strict():
    """Tuning is limited to what the guide's style needs; each tuned rule is explained in a comment."""
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
