"""Measure how long the URL checker takes with and without a tarpit, and over the whole fault set.

    .venv/bin/python -m tests.urlcheck.support.fault_timing                # this checkout
    .venv/bin/python -m tests.urlcheck.support.fault_timing --root DIR     # another checkout (before a change)
    .venv/bin/python -m tests.urlcheck.support.fault_timing --only tarpit  # skip the full fault run
    .venv/bin/python -m tests.urlcheck.support.fault_timing --only faults --cases > after.tsv

Prints one line per run: what was checked, the seconds it took and the statuses; with --cases also
one line per fault case (name, expected status, status found), tab-separated, so the runs of two
checkouts can be put side by side. The cases are this checkout's (support/cases.py; the path_prefix
cases run on their own, with their own allowed_domains), on the fault server, with `--timeout 3
--retries 2` (the figures of issue 9). Nothing is asserted: the figures are for the docs and the issue.
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

from tests.urlcheck.support.cases import ALLOWED, CASES, PREFIX_ALLOWED, PREFIX_CASES, sources_entry, sources_file
from tests.urlcheck.support.faultserver import PHRASE, FaultServer

ROOT = Path(__file__).resolve().parents[3]

ARGS = ["--timeout", "3", "--retries", "2"]


def run(root: Path, entries: list[dict], tmp: Path, name: str, allowed=ALLOWED) -> tuple[float, Counter, dict]:
    """Run root's checker over entries; return the seconds it took, the statuses, and {title: status}."""
    sources, report = sources_file(tmp / f"{name}.yml", entries, allowed), tmp / f"{name}.json"
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
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose checker is run")
    parser.add_argument("--only", choices=["tarpit", "faults"], help="run only one of the measurements")
    parser.add_argument("--cases", action="store_true", help="also print each fault case's status")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, FaultServer(slow_seconds=4.5) as server:
        tmp = Path(folder)
        if args.only != "faults":
            good = [{"url": server.url(f"/paced/{n}"), "title": f"good page {n}", "expect": [PHRASE]}
                    for n in range(15)]
            tarpit = [{"url": server.url("/tarpit"), "title": "tarpit", "expect": [PHRASE]}]
            for name, entries in (("15 good URLs", good), ("15 good URLs + 1 tarpit", good + tarpit)):
                seconds, statuses, _ = run(args.root, entries, tmp, name.replace(" ", "-"))
                print(f"{name:<28} {seconds:6.1f} s  {dict(statuses)}", flush=True)
        if args.only != "tarpit":
            seconds, statuses, found = run(args.root, [sources_entry(server, c) for c in CASES], tmp, "faults")
            print(f"full fault set ({len(CASES)} URLs, tarpit included) {seconds:6.1f} s  {dict(statuses)}", flush=True)
            prefix_seconds, _, prefix_found = run(args.root, [sources_entry(server, c) for c in PREFIX_CASES], tmp,
                                                  "prefix", PREFIX_ALLOWED)
            print(f"path_prefix cases ({len(PREFIX_CASES)} URLs) {prefix_seconds:6.1f} s")
            for case in CASES + PREFIX_CASES if args.cases else ():
                print(f"{case.name}\t{case.expected}\t{({**found, **prefix_found}).get(case.name, '(none)')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
