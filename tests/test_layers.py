"""The layout shows the architecture (MAINTAINERS.md「構成」): each module of scripts/ sits in a layer
(0 the content model, 1 search/lint/urlcheck, 2 what builds or edits pages, 3 tools driving builds and
browsers) and imports only its own layer or lower, no modules import each other in a ring, and tests
import no other test module (shared helpers live in `support/` or a conftest.py fixture).
A new module must be placed in LAYERS, or this test names it.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LAYERS = {
    "scripts": 0, "scripts.safe_yaml": 0, "scripts.link_guard": 0, "scripts.content": 0,
    "scripts.search": 1, "scripts.lint": 1, "scripts.urlcheck": 1,
    "scripts.build_site": 2, "scripts.hooks": 2, "scripts.cite": 2, "scripts.sources_frontmatter": 2,
    "scripts.serve": 2,
    "scripts.browser": 3, "scripts.search.recall": 3,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int | None:
    """The layer of the longest LAYERS entry that is `module` or one of its parent packages."""
    parts = module.split(".")
    for n in range(len(parts), 1, -1):
        if (key := ".".join(parts[:n])) in LAYERS:
            return LAYERS[key]
    return LAYERS.get(module)  # "scripts" itself; scripts.x must be placed on its own


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Project modules imported anywhere in `path` (function-level imports too), by full name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from scripts.lint import blocks` imports scripts.lint.blocks when that is a module.
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                     for a in node.names]
        else:
            continue
        found.update(n for n in names if n.split(".")[0] in {"scripts", "tests"})
    return found


def python_files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "node_modules" not in p.parts)


def graph(folder: str) -> dict[str, set[str]]:
    files = {module_name(p): p for p in python_files(folder)}
    known = set(files)
    return {name: {m for m in imports_of(path, known) if m != name} for name, path in files.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """[the modules of one import ring], or [] when there is none (graphlib finds it)."""
    try:
        graphlib.TopologicalSorter({v: {w for w in ws if w in edges} for v, ws in edges.items()}).prepare()
    except graphlib.CycleError as err:
        return [sorted(set(err.args[1]))]
    return []


def layer_problems(edges: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(edges.items()):
        if (mine := layer_of(module)) is None:
            problems.append(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")
            continue
        for target in sorted(targets):
            theirs = layer_of(target)
            if theirs is not None and theirs > mine and not target.startswith(module + "."):
                problems.append(f"{module} (layer {mine}) imports {target} (layer {theirs})")
    return problems


def test_every_script_module_imports_only_its_layer_or_lower():
    assert layer_problems(graph("scripts")) == []


def test_no_two_script_modules_import_each_other():
    assert cycles(graph("scripts")) == []


def test_tests_import_no_other_test_module():
    bad = [f"{module} imports {target}" for module, targets in sorted(graph("tests").items())
           for target in sorted(targets) if target.startswith("tests.") and ".support" not in target]
    assert bad == []


def test_test_folders_mirror_script_packages():
    """tests/X/ holds the tests of scripts/X/; tests/data/ and support/ folders hold what tests read."""
    folders = [p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and not p.name.startswith((".", "__"))]
    stray = [f"tests/{name}/" for name in folders
             if name not in {"data", "support"} and not (ROOT / "scripts" / name / "__init__.py").exists()]
    assert stray == []


@pytest.mark.parametrize("edges, expect", [
    ({"scripts.content": {"scripts.lint.citations"}, "scripts.lint.citations": set()},
     ["scripts.content (layer 0) imports scripts.lint.citations (layer 1)"]),
    ({"scripts.lint.pages": {"scripts.build_site"}}, ["scripts.lint.pages (layer 1) imports scripts.build_site (layer 2)"]),
    ({"scripts.search.index": {"scripts.search.recall"}},
     ["scripts.search.index (layer 1) imports scripts.search.recall (layer 3)"]),
    ({"scripts.newtool": set()}, ["scripts.newtool is in no layer: add it to LAYERS in tests/test_layers.py"]),
    ({"scripts.browser.bench": {"scripts.build_site", "scripts.content"}}, []),
])
def test_layer_rule_catches_upward_imports(edges, expect):
    assert layer_problems(edges) == expect


def test_cycle_finder_catches_rings():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
