"""Set-up hygiene and supply chain (issue 19): the lock is portable, every pip install (pip-tools too)
requires hashes, the workflows pin Python and Node.js to a patch, CONTRIBUTING says what floats and
why, the project installs no package, Lighthouse is bench-only, `make serve` logs no own redirect."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PIP_TOOLS = ROOT / "requirements-pip-tools.txt"


def test_lock_names_no_index_no_find_links_and_no_absolute_path():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for n, line in enumerate(lock.splitlines(), 1):
        code = line.split("#", 1)[0].strip()
        where = f"requirements.lock:{n}: {line.strip()}"
        assert not re.match(r"^(-i|-f|--index-url|--extra-index-url|--find-links|--trusted-host)\b", code), where
        assert "file:" not in line and "://" not in code, where
        assert not re.search(r"(^|[\s=])(/|~/|[A-Za-z]:\\)", code), f"absolute path in {where}"


def test_make_lock_keeps_it_portable():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nlock:", 1)[1].split("\n\n", 1)[0]
    assert "--no-emit-index-url" in recipe and "--no-emit-find-links" in recipe


def test_pyproject_is_a_non_package_install():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["build-system"]["build-backend"] == "setuptools.build_meta"
    assert data["tool"]["setuptools"]["packages"] == [] and data["tool"]["setuptools"]["py-modules"] == []
    assert "*.egg-info/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_lighthouse_is_installed_for_bench_only():
    main = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    deps = {**main.get("dependencies", {}), **main.get("devDependencies", {}), **main.get("optionalDependencies", {})}
    assert "lighthouse" not in deps, "make test must not install Lighthouse"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert "node_modules/lighthouse" not in lock["packages"]
    bench = ROOT / "scripts" / "browser" / "lighthouse"
    pinned = json.loads((bench / "package.json").read_text(encoding="utf-8"))["dependencies"]["lighthouse"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin an exact version"
    bench_lock = json.loads((bench / "package-lock.json").read_text(encoding="utf-8"))
    assert bench_lock["packages"]["node_modules/lighthouse"]["version"] == pinned
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^bench:.*scripts/browser/lighthouse/node_modules/\.installed", makefile, re.MULTILINE)
    assert not re.search(r"^test:.*lighthouse", makefile, re.MULTILINE)


def test_make_serve_does_not_warn_about_its_own_redirect():
    """`/` → `/norton/` is a 302 on every visit: no WARNING line for it, but a 404 still warns."""
    import logging

    from scripts.serve import quiet_redirects

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("mkdocs.livereload", logging.WARNING, __file__, 1, message, None, None)

    assert not quiet_redirects(record('"GET / HTTP/1.1" code 302'))
    assert quiet_redirects(record('"GET /norton/nope HTTP/1.1" code 404'))


def _requirements(path: Path) -> list[str]:
    """One string per requirement (continuation lines joined), comments dropped."""
    text = re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))
    return [ln.split("#")[0].strip() for ln in text.splitlines() if ln.split("#")[0].strip()]


def test_pip_tools_requirements_are_pinned_with_hashes():
    reqs = _requirements(PIP_TOOLS)
    assert any(r.startswith("pip-tools==") for r in reqs), reqs
    for r in reqs:
        assert re.match(r"^[A-Za-z0-9_.-]+==[0-9][^ ]* +(--hash=sha256:[0-9a-f]{64} ?)+$", r), r


def test_every_pip_install_in_the_makefile_requires_hashes():
    installs = [ln for ln in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines() if "pip install" in ln]
    assert len(installs) >= 2, installs
    for ln in installs:
        assert "--require-hashes" in ln and re.search(r" -r \S+", ln), f"unhashed install: {ln.strip()}"
        assert not re.search(r"\s[A-Za-z0-9_.-]+==", ln), f"a package named on the command line: {ln.strip()}"
    assert "-r requirements-pip-tools.txt" in "\n".join(installs)


def test_workflows_pin_python_and_node_to_a_patch():
    seen = 0
    for wf in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        data = yaml.safe_load(wf.read_text(encoding="utf-8"))
        for name, job in data["jobs"].items():
            for step in job.get("steps", []):
                for key in ("python-version", "node-version"):
                    if key in (step.get("with") or {}):
                        seen += 1
                        assert re.fullmatch(r"\d+\.\d+\.\d+", str(step["with"][key])), f"{wf.name} {name}: {key} {step['with'][key]}"
    assert seen >= 5


def test_contributing_says_what_floats_and_why():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("#### 固定しているもの、していないもの", 1)[1].split("\n#", 1)[0]
    for word in ("requirements-pip-tools.txt", "Chromium", "fonts-noto-cjk", "セキュリティ"):
        assert word in section, word
