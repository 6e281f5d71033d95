"""Build the site with either engine: MkDocs + Material (`mkdocs`) or Zensical (`zensical`).

Both engines read the same mkdocs.yml, docs/ and overrides/. What differs:

- MkDocs runs the hooks in mkdocs.yml; `scripts/search/hook.py` tunes Material's search index
  in `on_post_build`.
- Zensical runs no hooks, so this module runs the same tuning on Zensical's `search.json` after the
  build (`python -m scripts.search.index SITE` does only that step). It also gives Zensical's
  search dialog Japanese labels (scripts/search/labels.py). Zensical also has no
  `--site-dir` and writes `.cache/` next to mkdocs.yml, so for any output folder other than the
  repository's own `site/` it builds a copy of the project in a temporary folder.

Both engines: before the build, pages whose front matter, attribute lists or raw HTML could put code
into the HTML stop it (check_pages); after it, every built page is checked for scripts and event
handlers the project did not write and gets a Content-Security-Policy <meta> with the hashes of its
allowed inline scripts (secure_site; rules in scripts/lint/markup.py and scripts/data/html_policy.yml).

One function, used by `make build`, the tests (tests/conftest.py), `make bench` and
`python -m scripts.search.recall`:

    python -m scripts.build_site                         # mkdocs build --strict into site/
    python -m scripts.build_site --engine zensical       # zensical build --strict + search tuning into site/
    python -m scripts.build_site --engine zensical --site-dir /tmp/z --no-search-ja   # untuned index

Exit status: 0 on success, 1 when the engine reports an error (strict mode: warnings too).
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

ENGINES = ("mkdocs", "zensical")
# What Zensical needs from the project (it runs no hooks, so scripts/ is not needed).
_PROJECT_FILES = ("docs", "overrides", "mkdocs.yml")


class BuildError(RuntimeError):
    pass


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


# The policy every built page gets (scripts/lint/markup.py adds the hashes of the page's inline
# scripts). Styles stay 'unsafe-inline': both themes set inline styles and Zensical's search dialog
# adds <style> elements; they cannot run code.
CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'")
_HEAD = re.compile(r"<head>\s*(<meta charset=[^>]*>)?", re.IGNORECASE)


def check_pages(docs: Path) -> None:
    """Stop before building when a page holds front matter, attribute lists or raw HTML the themes
    would put into the HTML as code (scripts/lint/markup.py; `make lint` reports the same lines)."""
    from scripts.lint.site_policy import markup_page_problems

    problems = [f"{page.relative_to(docs.parent).as_posix()}:{line}: {msg}"
                for page in sorted(docs.rglob("*.md"))
                for line, msg in markup_page_problems(page.read_text(encoding="utf-8"))]
    if problems:
        raise BuildError("unsafe page markup (fix it; see scripts/data/html_policy.yml):\n" + "\n".join(problems))


def secure_site(site: Path) -> int:
    """Check every built page (scripts/lint/markup.py) and give it a Content-Security-Policy whose
    script-src lists only 'self' and the hashes of its allowed inline scripts; return the page count.

    Runs after both engines, so a page that still carries an event handler, <base>, a foreign
    <meta http-equiv> or a script the project did not write stops the build, and anything that slips
    past the check does not run in the browser.
    """
    from scripts.lint import markup

    problems = markup.site_problems(site)
    if problems:
        raise BuildError("built pages hold code the project did not write:\n" + "\n".join(problems))
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        hashes = sorted({markup.csp_hash(text) for _, text in markup.inline_scripts(html) if markup.script_allowed(text)})
        policy = CSP.format(hashes=" ".join("'" + h + "'" for h in hashes))
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        html, n = _HEAD.subn(lambda m: m.group(0) + meta, html, count=1)
        if not n:
            raise BuildError(f"{page.relative_to(site)}: no <head> to put the Content-Security-Policy in")
        page.write_text(html, encoding="utf-8")
    return len(pages)


def _after_zensical(site: Path, search_ja: bool) -> None:
    """What Zensical leaves to us after its build: Japanese search labels, then the search tuning
    that MkDocs gets from its hook."""
    from scripts.search.index import tune_site  # imported here: it loads the segmenter model
    from scripts.search.labels import LabelError, localize_search_ui

    try:
        localize_search_ui(site)
    except LabelError as err:
        raise BuildError(str(err)) from err
    if search_ja:
        tune_site(site)
    secure_site(site)


def build_site(out: Path | str = ROOT / "site", engine: str = "mkdocs", *, search_ja: bool = True) -> float:
    """Build the site into `out` with `engine` in strict mode; return the wall time in seconds.

    The time covers what `make build` does for that engine (for Zensical: build plus search tuning),
    not the copy into a temporary folder.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    out = Path(out).resolve()
    check_pages(ROOT / "docs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SEARCH_JA="on" if search_ja else "off")
    bindir = Path(sys.executable).parent
    if engine == "mkdocs":
        start = time.perf_counter()
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)], ROOT, env)
        secure_site(out)
        return time.perf_counter() - start

    zensical = str(bindir / "zensical")
    if out == (ROOT / "site").resolve():
        start = time.perf_counter()
        _run([zensical, "build", "--strict", "--clean"], ROOT, env)
        _after_zensical(out, search_ja)
        return time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="zensical-") as tmp:
        project = Path(tmp)
        for name in _PROJECT_FILES:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, project / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(src, project / name)
        start = time.perf_counter()
        _run([zensical, "build", "--strict"], project, env)
        _after_zensical(project / "site", search_ja)
        seconds = time.perf_counter() - start
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(project / "site", out)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=ENGINES, default=os.environ.get("ENGINE", "mkdocs"))
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--no-search-ja", action="store_true", help="leave the engine's search index untuned")
    args = parser.parse_args(argv)
    try:
        seconds = build_site(args.site_dir, args.engine, search_ja=not args.no_search_ja)
    except BuildError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"{args.engine}: built {args.site_dir} in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
