"""Measure how long the URL checker takes with and without a tarpit, and over the whole fault set.

    .venv/bin/python tests/fault_timing.py                 # this checkout
    .venv/bin/python tests/fault_timing.py --root DIR      # another checkout (e.g. before a change)
    .venv/bin/python tests/fault_timing.py --only tarpit   # skip the full fault run

Prints one line per run: what was checked, the seconds it took and the statuses. It uses the fault
server of tests/faultserver.py on 127.0.0.1 and `--timeout 3 --retries 2` (the figures of issue 9).
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


def run(root: Path, entries: list[dict], tmp: Path, name: str) -> tuple[float, Counter]:
    sources = tmp / f"{name}.yml"
    sources.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = tmp / f"{name}.json"
    began = time.monotonic()
    subprocess.run([sys.executable, "-m", "scripts.urlcheck", "--sources", str(sources), "--docs", str(tmp),
                    "--json", str(report), *ARGS], cwd=root, capture_output=True, text=True, timeout=3600)
    seconds = time.monotonic() - began
    statuses = Counter(r["status"] for r in json.loads(report.read_text(encoding="utf-8"))["results"])
    return seconds, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE.parent, help="checkout whose checker is run")
    parser.add_argument("--only", choices=["tarpit", "faults"], help="run only one of the measurements")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, FaultServer(paced_seconds=0, slow_seconds=4.5) as server:
        tmp = Path(folder)
        if args.only != "faults":
            good = [{"url": server.url(f"/paced/{n}"), "title": f"good page {n}", "expect": [PHRASE]}
                    for n in range(15)]
            tarpit = [{"url": server.url("/tarpit"), "title": "tarpit", "expect": [PHRASE]}]
            for name, entries in (("15 good URLs", good), ("15 good URLs + 1 tarpit", good + tarpit)):
                seconds, statuses = run(args.root, entries, tmp, name.replace(" ", "-"))
                print(f"{name:<28} {seconds:6.1f} s  {dict(statuses)}", flush=True)
        if args.only != "tarpit":
            from test_check_official_urls import CASES, sources_entry  # noqa: E402

            entries = [sources_entry(server, case) for case in CASES]
            seconds, statuses = run(args.root, entries, tmp, "faults")
            print(f"full fault set ({len(entries)} URLs, tarpit included) {seconds:6.1f} s  {dict(statuses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
