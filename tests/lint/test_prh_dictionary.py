"""Tests of the terminology dictionary (prh.yml) itself.

1. prh's own spec check: prh refuses to load a dictionary whose `specs` fail.
2. Every rule has specs: at least one that changes the text, and every pattern is exercised.
3. Every spec, as a Markdown sentence run through textlint + textlint-rule-prh: `from != to` must be
   reported and `--fix` must turn it into `to`; `from == to` must not be reported at all.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.lint.support.lintutil import ROOT, TEXTLINT_CLI, run

pytestmark = pytest.mark.lint

PRH = ROOT / "prh.yml"
RULES = yaml.safe_load(PRH.read_text(encoding="utf-8"))["rules"]
SPECS = [(i, rule["expected"], spec["from"], spec["to"]) for i, rule in enumerate(RULES) for spec in rule.get("specs", [])]


def _patterns(rule: dict) -> list[str]:
    p = rule.get("patterns", rule.get("pattern", []))
    return [p] if isinstance(p, str) else list(p)


def _to_regex(pattern: str) -> re.Pattern:
    """prh pattern ("/regex/" or a literal) as a Python regex (the dictionary uses the common subset).

    re.ASCII: like JavaScript, `\\b` and `\\w` only know ASCII letters (「e」 and 「の」 are a boundary).
    """
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        return re.compile(pattern[1:-1], re.ASCII)
    return re.compile(re.escape(pattern))


def test_prh_loads_and_its_own_specs_pass(node):
    proc = run([node, "-e", "const e=require('prh').fromYAMLFilePath(process.argv[1]);console.log(e.rules.length)", PRH])
    assert proc.returncode == 0, f"prh rejected prh.yml (a spec failed?):\n{proc.stderr}"
    assert int(proc.stdout) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r["expected"] for r in RULES])
def test_every_rule_has_specs_for_every_pattern(rule):
    specs = rule.get("specs") or []
    assert any(s["from"] != s["to"] for s in specs), f"{rule['expected']}: add a spec that shows a correction"
    assert rule.get("prh"), f"{rule['expected']}: add a `prh:` line saying why (shown to the writer)"
    for pattern in _patterns(rule):
        rx = _to_regex(pattern)
        assert any(rx.search(s["from"]) for s in specs if s["from"] != s["to"]), f"{rule['expected']}: no spec exercises pattern {pattern}"


def test_site_spellings_are_not_flagged_by_other_rules():
    """An `expected` spelling must not match another rule's pattern (two rules fighting over a word)."""
    for rule in RULES:
        expected = re.sub(r"\$\d", "", rule["expected"])
        for other in RULES:
            if other is rule:
                continue
            for pattern in _patterns(other):
                hit = _to_regex(pattern).search(expected)
                assert not hit or hit.group(0) == re.sub(r"\$\d", "", other["expected"]), (
                    f"'{rule['expected']}' is reported by the rule for '{other['expected']}' ({pattern})"
                )


@pytest.fixture(scope="module")
def spec_results(node, tmp_path_factory):
    """One textlint --fix-dry-run (prh only) over one generated Markdown page per spec: {file: result},
    each with the messages prh reported (`messages`) and the fixed text (`output`)."""
    base = tmp_path_factory.mktemp("prh-specs")
    (base / ".textlintrc.yml").write_text(yaml.safe_dump({"rules": {"prh": {"rulePaths": [str(PRH)]}}}), encoding="utf-8")
    pages = base / "pages"
    pages.mkdir()
    for n, (_, _, src, _) in enumerate(SPECS):
        (pages / f"spec-{n:03d}.md").write_text(f"# 見本 {{ #spec-{n} }}\n\n{src}\n", encoding="utf-8")
    fixed = run([node, TEXTLINT_CLI, "--config", base / ".textlintrc.yml", "--fix-dry-run", "pages"], cwd=base)
    assert fixed.returncode == 0, fixed.stderr
    return {r["filePath"].rsplit("/", 1)[-1]: r for r in json.loads(fixed.stdout)}


@pytest.mark.parametrize(("n", "spec"), list(enumerate(SPECS)), ids=[f"{s[1]}: {s[2]}" for s in SPECS])
def test_spec_through_textlint(spec_results, n, spec):
    _, expected, src, dst = spec
    result = spec_results[f"spec-{n:03d}.md"]
    messages, output = result["messages"], result["output"]
    if src == dst:
        assert messages == [], f"'{src}' must stay as it is, but textlint reported: {[m['message'] for m in messages]}"
    else:
        assert messages and all(m["ruleId"] == "prh" and m["line"] == 3 and m["fixed"] for m in messages), messages
        assert output.splitlines()[2] == dst, f"--fix turned '{src}' into '{output.splitlines()[2]}', expected '{dst}'"
