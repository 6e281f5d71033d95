"""Build the site with either engine: MkDocs + Material (`mkdocs`) or Zensical (`zensical`).

Both engines read the same mkdocs.yml, docs/ and overrides/. What differs:

- MkDocs runs the hooks in mkdocs.yml; `scripts/hooks/search_ja.py` tunes Material's search index
  in `on_post_build`.
- Zensical runs no hooks, so this module runs the same tuning on Zensical's `search.json` after the
  build (`python -m scripts.hooks.search_ja SITE` does only that step). It also gives Zensical's
  search dialog Japanese labels (scripts/data/zensical_ui_ja.yml; see localize_search_ui). Zensical also has no
  `--site-dir` and writes `.cache/` next to mkdocs.yml, so for any output folder other than the
  repository's own `site/` it builds a copy of the project in a temporary folder.

One function, used by `make build`, the tests (tests/conftest.py), `make bench` and
`python -m scripts.browser.search_recall`:

    python -m scripts.build_site                         # mkdocs build --strict into site/
    python -m scripts.build_site --engine zensical       # zensical build --strict + search tuning into site/
    python -m scripts.build_site --engine zensical --site-dir /tmp/z --no-search-ja   # untuned index

Exit status: 0 on success, 1 when the engine reports an error (strict mode: warnings too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts import ROOT

ENGINES = ("mkdocs", "zensical")
UI_LABELS_FILE = ROOT / "scripts" / "data" / "zensical_ui_ja.yml"
# What Zensical needs from the project (it runs no hooks, so scripts/ is not needed).
_PROJECT_FILES = ("docs", "overrides", "mkdocs.yml")


class BuildError(RuntimeError):
    pass


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


def localize_search_ui(site: Path, labels_file: Path = UI_LABELS_FILE) -> int:
    """Replace the English labels of Zensical's search dialog in the built bundle; return how many.

    Each `en` text of the data file must be in the bundle: a missing one (a Zensical update changed
    it) stops the build, so the labels never silently fall back to English.
    """
    from scripts.safe_yaml import load as load_yaml

    labels = load_yaml(labels_file.read_text(encoding="utf-8"))["labels"]
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise BuildError(f"expected one Zensical bundle in {site}/assets/javascripts, found {len(bundles)}")
    source = bundles[0].read_text(encoding="utf-8")
    missing = [label["en"] for label in labels if label["en"] not in source]
    if missing:
        raise BuildError(f"{labels_file.name}: not in {bundles[0].name} (Zensical changed?): {missing}")
    for label in labels:
        source = source.replace(label["en"], label["ja"])
    bundles[0].write_text(source, encoding="utf-8")
    return len(labels)


def _after_zensical(site: Path, search_ja: bool) -> None:
    """What Zensical leaves to us after its build: Japanese search labels, then the search tuning
    that MkDocs gets from its hook."""
    from scripts.hooks.search_ja import tune_site  # imported here: it loads the segmenter model

    localize_search_ui(site)
    if search_ja:
        tune_site(site)


def build_site(out: Path | str = ROOT / "site", engine: str = "mkdocs", *, search_ja: bool = True) -> float:
    """Build the site into `out` with `engine` in strict mode; return the wall time in seconds.

    The time covers what `make build` does for that engine (for Zensical: build plus search tuning),
    not the copy into a temporary folder.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    out = Path(out).resolve()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SEARCH_JA="on" if search_ja else "off")
    bindir = Path(sys.executable).parent
    if engine == "mkdocs":
        start = time.perf_counter()
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)], ROOT, env)
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
