"""Measure how long the URL checker takes with and without a tarpit, and over the whole fault set.

    .venv/bin/python tests/fault_timing.py                 # this checkout
    .venv/bin/python tests/fault_timing.py --root DIR      # another checkout (e.g. before a change)
    .venv/bin/python tests/fault_timing.py --only tarpit   # skip the full fault run
    .venv/bin/python tests/fault_timing.py --only faults --cases --root /tmp/before > before.tsv

Prints one line per run: what was checked, the seconds it took and the statuses; with --cases also
one line per fault case (name, expected status, status found), tab-separated, so the runs of two
checkouts can be put side by side. The fault cases are those of this checkout's tests (the path_prefix
cases run on their own, with their own allowed_domains). It uses the fault server of
tests/faultserver.py on 127.0.0.1 and `--timeout 3 --retries 2` (the figures of issue 9).
Nothing is asserted: the figures are for the README and the closing note of the issue.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
# Run as a script (not by pytest): faultserver and the fault cases live beside this file, and the
# test module imports the `scripts` package from the repository root.
sys.path[:0] = [str(HERE), str(HERE.parent)]

from faultserver import PHRASE, FaultServer  # noqa: E402

ARGS = ["--timeout", "3", "--retries", "2"]


def run(root: Path, entries: list[dict], tmp: Path, name: str, allowed=None) -> tuple[float, Counter, dict]:
    sources = tmp / f"{name}.yml"
    allowed = allowed or [{"host": "127.0.0.1"}, {"host": "localhost"}]
    sources.write_text(yaml.safe_dump({"allowed_domains": allowed, "sources": entries}, allow_unicode=True,
                                      sort_keys=False), encoding="utf-8")
    report = tmp / f"{name}.json"
    began = time.monotonic()
    subprocess.run([sys.executable, "-m", "scripts.urlcheck", "--sources", str(sources), "--docs", str(tmp),
                    "--json", str(report), *ARGS], cwd=root, capture_output=True, text=True, timeout=3600)
    seconds = time.monotonic() - began
    if not report.exists():
        return seconds, Counter({"(no report: the checker refused the input)": len(entries)}), {}
    results = json.loads(report.read_text(encoding="utf-8"))["results"]
    return seconds, Counter(r["status"] for r in results), {r["title"]: r["status"] for r in results}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE.parent, help="checkout whose checker is run")
    parser.add_argument("--only", choices=["tarpit", "faults"], help="run only one of the measurements")
    parser.add_argument("--cases", action="store_true", help="also print each fault case's status")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, FaultServer(paced_seconds=0, slow_seconds=4.5) as server:
        tmp = Path(folder)
        if args.only != "faults":
            good = [{"url": server.url(f"/paced/{n}"), "title": f"good page {n}", "expect": [PHRASE]}
                    for n in range(15)]
            tarpit = [{"url": server.url("/tarpit"), "title": "tarpit", "expect": [PHRASE]}]
            for name, entries in (("15 good URLs", good), ("15 good URLs + 1 tarpit", good + tarpit)):
                seconds, statuses, _ = run(args.root, entries, tmp, name.replace(" ", "-"))
                print(f"{name:<28} {seconds:6.1f} s  {dict(statuses)}", flush=True)
        if args.only != "tarpit":
            from test_check_official_urls import (CASES, PREFIX_ALLOWED, PREFIX_CASES,  # noqa: E402
                                                  sources_entry)

            entries = [sources_entry(server, case) for case in CASES]
            seconds, statuses, found = run(args.root, entries, tmp, "faults")
            print(f"full fault set ({len(entries)} URLs, tarpit included) {seconds:6.1f} s  {dict(statuses)}",
                  flush=True)
            prefix_seconds, _, prefix_found = run(args.root, [sources_entry(server, c) for c in PREFIX_CASES], tmp,
                                                  "prefix", PREFIX_ALLOWED)
            print(f"path_prefix cases ({len(PREFIX_CASES)} URLs) {prefix_seconds:6.1f} s")
            if args.cases:
                for case in CASES + PREFIX_CASES:
                    status = {**found, **prefix_found}.get(case.name, "(none)")
                    print(f"{case.name}\t{case.expected}\t{status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
