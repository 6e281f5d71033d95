"""Build the site with either engine: MkDocs + Material (`mkdocs`) or Zensical (`zensical`).

After either engine's build this module tunes the search index (scripts/search/; Zensical runs no
hooks, so this is one step for both) and gives Zensical's dialog Japanese labels. Zensical has no
`--site-dir`, so it builds a copy of the project. Unsafe page markup stops the build (check_pages), and
every built page is checked and gets a Content-Security-Policy (secure_site, scripts/lint/markup.py).

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
from scripts.lint import markup
from scripts.lint.site_policy import markup_page_problems
from scripts.search.index import tune_site
from scripts.search.labels import LabelError, localize_search_ui

ENGINES = ("mkdocs", "zensical")


class BuildError(RuntimeError):
    """The engine failed, or a page holds code the project did not write."""


def copy_project(dest: Path, *folders: str) -> Path:
    """Copy mkdocs.yml and `folders` (default: docs and overrides, all Zensical reads) into `dest`."""
    for name in folders or ("docs", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


# Every built page's policy, with the hashes of its inline scripts. Styles stay 'unsafe-inline' (both
# themes set inline styles, Zensical's dialog adds <style>): they cannot run code.
CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'")
_HEAD = re.compile(r"<head>\s*(<meta charset=[^>]*>)?", re.IGNORECASE)


def check_pages(docs: Path) -> None:
    """Stop before building when a page's front matter, attribute lists or raw HTML would become code."""
    if problems := [f"{page.relative_to(docs.parent).as_posix()}:{line}: {msg}" for page in sorted(docs.rglob("*.md"))
                    for line, msg in markup_page_problems(page.read_text(encoding="utf-8"))]:
        raise BuildError("unsafe page markup (fix it; see scripts/data/html_policy.yml):\n" + "\n".join(problems))


def secure_site(site: Path) -> int:
    """Check every built page (code the project did not write stops the build) and give it a CSP whose
    script-src is 'self' and the hashes of its allowed inline scripts; return the page count."""
    if problems := markup.site_problems(site):
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


def _finish(site: Path, engine: str, search_ja: bool) -> None:
    """What follows either engine's build: Zensical's Japanese labels, the search tuning, the CSP."""
    if engine == "zensical":
        try:
            localize_search_ui(site)
        except LabelError as err:
            raise BuildError(str(err)) from err
    if search_ja:
        tune_site(site)
    secure_site(site)


def build_site(out: Path | str = ROOT / "site", engine: str = "mkdocs", *, search_ja: bool = True) -> float:
    """Build the site into `out` with `engine` in strict mode; return the seconds of the build and
    what follows it (search tuning, CSP), not of the copy into and out of a temporary folder."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    out = Path(out).resolve()
    check_pages(ROOT / "docs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if engine == "mkdocs":
        start = time.perf_counter()
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)], ROOT, env)
        _finish(out, engine, search_ja)
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory(prefix="zensical-") as tmp:
        project = copy_project(Path(tmp))
        start = time.perf_counter()
        _run([str(Path(sys.executable).with_name("zensical")), "build", "--strict"], project, env)
        _finish(project / "site", engine, search_ja)
        seconds = time.perf_counter() - start
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(project / "site", out)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_site", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[2:]))
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
