"""The checker's command line (scripts/urlcheck/__main__.py): help, option errors, exit status 0, one request
at a time per host, the time budgets and an offline machine."""

from __future__ import annotations

import time

import pytest

from scripts import DATA
from scripts.urlcheck.verdict import STATUSES
from tests.urlcheck.support.cases import sources_file
from tests.urlcheck.support.faultserver import PHRASE, FaultServer

NEVER = {"url": "http://127.0.0.1:9/never", "title": "never requested", "expect": [PHRASE]}


def entries(urls) -> list[dict]:
    return [{"url": url, "title": title, "expect": [PHRASE]} for url, title in urls]


def test_help_explains_every_option(run_main):
    status, out, _ = run_main("--help")
    assert status == 0
    for word in ("--sources", "--json", "--markdown", "--timeout", "--retries", "--retry-after-cap", "--time-budget",
                 "--docs", "--settings", *STATUSES, "exit status", "Retry-After", "LinkChecker", "127.0.0.0/8"):
        assert word in out, word


@pytest.mark.parametrize("args,needle", [
    (["--json", "<dir>"], "is a folder"),
    (["--markdown", "<dir>"], "is a folder"),
    (["--json", "<dir>/missing/r.json"], "does not exist"),
    (["--timeout", "100000000"], "--timeout"),
    (["--timeout", "0"], "--timeout"),
    (["--timeout", "abc"], "--timeout"),
    (["--retries", "1000"], "--retries"),
    (["--retry-after-cap", "-1"], "--retry-after-cap"),
    (["--docs", "<docs>"], "aliases"),  # a YAML alias bomb in the front matter of page.md
])
def test_bad_values_exit_2_before_the_run(tmp_path, run_main, args, needle):
    sources = sources_file(tmp_path / "s.yml", [NEVER])
    docs = tmp_path / "docs"
    docs.mkdir()
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    (docs / "page.md").write_text(f"---\n{bomb}title: *i\n---\n\n本文。\n", encoding="utf-8")
    began = time.monotonic()
    status, out, err = run_main("--sources", str(sources),
                                *(a.replace("<dir>", str(tmp_path)).replace("<docs>", str(docs)) for a in args))
    assert status == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], err
    assert "page.md" in lines[0] or "<docs>" not in args
    assert time.monotonic() - began < 10


def test_exit_zero_and_one_request_at_a_time_per_host(run_checker):
    """Only ok/redirected -> exit 0; never two requests at once to one host, hosts in parallel."""
    with FaultServer() as server:
        urls = [(server.url(f"/paced/{n}", host), f"{host} {n}") for host in ("127.0.0.1", "localhost")
                for n in range(4)] + [(server.url("/moved-301"), "moved")]
        status, output, records = run_checker(entries(urls), "--timeout", "2", "--retries", "0")
        assert status == 0, output
        assert {r["status"] for r in records.values()} == {"ok", "redirected"}
        assert server.max_in_flight == {"127.0.0.1": 1, "localhost": 1}


def test_host_time_budget_reports_unfinished_urls_as_not_checked(tmp_path, run_checker):
    """A host of slow URLs stops at its budget; the other host still finishes; nothing unchecked reads ok."""
    settings = tmp_path / "checker.yml"
    settings.write_text((DATA / "checker.yml").read_text(encoding="utf-8")
                        .replace("host_time_budget: 300", "host_time_budget: 4"), encoding="utf-8")
    with FaultServer() as server:
        urls = [(server.url("/slow", "127.0.0.1") + f"?n={n}", f"slow {n}") for n in range(6)]
        urls += [(server.url(f"/paced/{n}", "localhost"), f"good {n}") for n in range(2)]
        began = time.monotonic()
        status, _, records = run_checker(entries(urls), "--markdown", str(tmp_path / "r.md"), "--settings",
                                         str(settings), "--timeout", "2", "--retries", "2")
        elapsed = time.monotonic() - began
    slow = [records[f"slow {n}"] for n in range(6)]
    assert {r["status"] for r in slow} <= {"unreachable", "not-checked"}
    assert sum(r["status"] == "not-checked" for r in slow) >= 3, slow
    assert all(r["attempts"] == 0 for r in slow if r["status"] == "not-checked")
    assert [records[f"good {n}"]["status"] for n in range(2)] == ["ok", "ok"]
    assert status == 1 and "時間切れで未確認" in (tmp_path / "r.md").read_text(encoding="utf-8")
    assert elapsed < 4 + 15, elapsed  # six slow URLs with retries would take about 6 x 2 s x 3


def test_whole_run_budget(run_checker):
    with FaultServer() as server:
        urls = [(server.url("/slow", host) + f"?n={n}", f"{host} {n}") for host in ("127.0.0.1", "localhost")
                for n in range(3)]
        began = time.monotonic()
        _, _, records = run_checker(entries(urls), "--timeout", "2", "--retries", "2", "--time-budget", "2")
        elapsed = time.monotonic() - began
    statuses = [r["status"] for r in records.values()]
    assert "not-checked" in statuses and "ok" not in statuses, statuses
    assert elapsed < 2 + 12, elapsed


def test_offline_machine_is_named_in_one_line(tmp_path, run_checker):
    urls = [(f"https://host{n}.invalid/page", f"page {n}") for n in range(3)]
    status, output, _ = run_checker(entries(urls), "--markdown", str(tmp_path / "r.md"), "--timeout", "2",
                                    "--retries", "0")
    assert status == 1
    assert len([line for line in output.splitlines() if "looks offline" in line]) == 1, output
    assert "looks offline" in (tmp_path / "r.md").read_text(encoding="utf-8")
