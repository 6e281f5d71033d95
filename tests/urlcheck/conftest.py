"""Fixtures of the URL checker tests: `run_main` and `run_checker` (the checker in this process) and
`fault_run`, one checker run (a child process, as make check-links runs it) over every fault case per
session, started by the session's first test and shared by xdist workers."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from scripts.urlcheck.__main__ import main
from tests.urlcheck.support.cases import (ALLOWED, CASES, PREFIX_ALLOWED, PREFIX_CASES, QUOTE_GONE, sources_entry,
                                          sources_file)
from tests.urlcheck.support.faultserver import FaultServer

HERE = Path(__file__).resolve().parent
RESULT = "urlcheck-fault-run.json"
WANTED = pytest.StashKey[bool]()  # a selected test reads the fault run
# Short waits keep the run fast; each fault still needs what proves it: /slow (3 s) outlasts the 2 s
# timeout, the tarpit outlasts the 4 s deadline, a retry still happens (the cap only shortens the wait).
FAULT_RUN = ["--timeout", "2", "--retries", "1", "--retry-after-cap", "1"]


@pytest.fixture
def run_main(capsys):
    """run_main(*args) -> (exit status, stdout, stderr) of the checker run in this process."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse: --help and bad values
            status = exc.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def run_checker(tmp_path, run_main):
    """run_checker(entries, *args) -> (exit status, output, {title: record}, report) over a sources file of entries."""

    def run(entries: list[dict], *args: str) -> tuple[int, str, dict, dict]:
        sources = sources_file(tmp_path / "s.yml", entries)
        status, out, err = run_main("--sources", str(sources), "--json", str(tmp_path / "r.json"),
                                    "--docs", str(tmp_path), *args)
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        return status, out + err, {r["title"]: r for r in report["results"]}, report

    return run


def _fault_set(folder: Path) -> dict:
    """Run the checker over CASES and, at the same time, over PREFIX_CASES (another allowed_domains)."""
    with FaultServer() as server:
        urls = {case.name: server.url(case.path, case.host) for case in CASES + PREFIX_CASES}
        (folder / "docs" / "stop").mkdir(parents=True)
        (folder / "docs" / "stop" / "page.md").write_text(
            f"---\ntitle: t\nsources:\n  - {urls['200']}\n---\n\n本文の[リンク]({urls['200']})と {urls['404']} 。\n"
            "\n## 手順 { #steps }\n\n店頭でもできます[^shop]。\n\n"
            f"[^shop]: [記事]({urls['one quote gone']}#:~:text=%E5%BA%97)「{QUOTE_GONE}」\n",
            encoding="utf-8")
        began = time.monotonic()
        runs = {}
        for name, cases, allowed in (("faults", CASES, ALLOWED), ("prefix", PREFIX_CASES, PREFIX_ALLOWED)):
            sources = sources_file(folder / f"{name}.yml", [sources_entry(server, c) for c in cases], allowed)
            runs[name] = subprocess.Popen(
                [sys.executable, "-m", "scripts.urlcheck", "--sources", str(sources), "--docs", str(folder / "docs"),
                 "--json", str(folder / f"{name}.json"), "--markdown", str(folder / f"{name}.md"), *FAULT_RUN],
                cwd=HERE.parents[1], text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        outputs = {name: proc.communicate(timeout=300) for name, proc in runs.items()}
        elapsed = time.monotonic() - began
    report, prefix = (json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in runs)
    return {"returncode": runs["faults"].returncode, "stdout": outputs["faults"][0], "elapsed": elapsed,
            "report": report, "markdown": (folder / "faults.md").read_text(encoding="utf-8"),
            "by_name": {r["title"]: r for r in report["results"] + prefix["results"]}, "urls": urls, "log": server.log}


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected
def pytest_collection_modifyitems(config, items):
    """When a selected test reads the fault run, one other URL checker test goes first of the whole session, so
    that its worker starts the fault run at once (fault_run_started); the tests that read it go last."""
    mine = [i for i, item in enumerate(items) if item.path.is_relative_to(HERE)]
    block = sorted((items[i] for i in mine), key=lambda item: "fault_run" in item.fixturenames)
    for i, item in zip(mine, block):
        items[i] = item
    config.stash[WANTED] = bool(block) and "fault_run" in block[-1].fixturenames
    if config.stash[WANTED] and "fault_run" not in block[0].fixturenames:
        items.remove(block[0])
        items.insert(0, block[0])


def _write_result(shared: Path, tmp_path_factory) -> None:
    if not (shared / RESULT).exists():
        data = _fault_set(tmp_path_factory.mktemp("faults"))
        (shared / RESULT).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _lock(shared: Path) -> FileLock:
    # Not thread-local: the thread that runs the fault set releases the lock its worker took.
    return FileLock(str(shared / "urlcheck-fault-run.lock"), thread_local=False)


@pytest.fixture(scope="session", autouse=True)
def fault_run_started(request, shared_tmp, tmp_path_factory):
    """Start the fault run in a thread when the first URL checker test starts (if a selected test reads it): the
    first worker of the session to get the lock runs it, and holds the lock until its result is written."""
    lock = _lock(shared_tmp)
    try:
        started = request.config.stash.get(WANTED, False) and lock.acquire(blocking=False)
    except Timeout:
        started = False  # another worker is running it
    if not started:
        yield None
        return

    def work():
        try:
            _write_result(shared_tmp, tmp_path_factory)
        finally:
            lock.release()

    thread = threading.Thread(target=work, name="fault-run", daemon=True)
    thread.start()
    yield thread
    thread.join()  # other workers may still need it


@pytest.fixture(scope="session")
def fault_run(shared_tmp, tmp_path_factory, fault_run_started) -> dict:
    """The result of the fault run: waits for the thread or worker running it (or runs it, if that failed)."""
    if fault_run_started is not None:
        fault_run_started.join()
    with _lock(shared_tmp):
        _write_result(shared_tmp, tmp_path_factory)
    data = json.loads((shared_tmp / RESULT).read_text(encoding="utf-8"))
    print(f"\nfault run: {len(CASES) + len(PREFIX_CASES)} URLs, {' '.join(FAULT_RUN)}: {data['elapsed']:.1f} s")
    return data
