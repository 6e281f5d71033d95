"""Set-up hygiene: the lock is portable, the project installs no package, Lighthouse is bench-only."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
