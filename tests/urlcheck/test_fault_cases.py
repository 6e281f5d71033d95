"""The URL checker against the fault server: one run over every case of support/cases.py (conftest.fault_run)."""

from __future__ import annotations

import pytest

from scripts.urlcheck import verdict
from tests.urlcheck.support.cases import CASES, PREFIX_CASES

REQUIRED_KEYS = {"url", "status", "final_url", "http_status", "detail", "attempts", "cited_by"}


def hits(run: dict, path: str, host: str = "127.0.0.1") -> list[dict]:
    return [hit for hit in run["log"] if hit["path"] == path and hit["host"] == host]


@pytest.mark.parametrize("case", CASES + PREFIX_CASES, ids=lambda case: case.name)
def test_fault_case(fault_run, case):
    record = fault_run["by_name"][case.name]
    assert record["status"] == case.expected, record
    assert case.attempts in (None, record["attempts"]), record
    assert case.detail in record["detail"], record


def test_fault_run_exit_status_summary_and_fields(fault_run):
    assert fault_run["returncode"] == 1
    assert f"Checked {len(CASES)} URLs on 2 hosts in " in fault_run["stdout"]
    assert fault_run["report"]["failed"] is True and fault_run["report"]["duration_seconds"] > 0
    assert set(fault_run["report"]["counts"]) == set(verdict.STATUSES)
    for record in fault_run["report"]["results"]:
        assert REQUIRED_KEYS <= record.keys() and record["status"] in verdict.STATUSES
    assert fault_run["elapsed"] < 120  # loose: a busy machine must not make it flaky


def test_retries_wait_for_retry_after_and_keep_the_last_answer(fault_run):
    rec = fault_run["by_name"]
    assert rec["500 then 200 (flaky)"]["http_status"] == 200
    assert rec["503 with Retry-After every time"]["http_status"] == 503
    first, second = hits(fault_run, "/rate-429-once")[:2]
    assert second["time"] - first["time"] >= 0.95  # Retry-After: 1


def test_a_url_that_finished_is_never_requested_again(fault_run):
    """The tarpit is stopped at its deadline and not retried; the URLs before and after it on its host keep
    (or get) their one check."""
    once = [c for c in CASES if fault_run["by_name"][c.name]["attempts"] == 1 and c.path not in ("/loop",)]
    assert any(c.path == "/tarpit" for c in once)
    for case in once:
        assert len(hits(fault_run, case.path, case.host)) == 1, case.name


def test_redirect_reports_final_url(fault_run):
    rec, urls = fault_run["by_name"], fault_run["urls"]
    assert rec["301 to another deep page"]["final_url"] == urls["301 to another deep page"].replace(
        "/moved-301", "/articles/new-home")
    assert rec["302 to another site"]["final_url"].startswith("http://localhost:")
    assert rec["200"]["final_url"] == urls["200"]


def test_requests_look_like_a_browser_and_skip_robots(fault_run):
    """linkcheckerrc: robotstxt=0, recursionlevel=0 (links in a page are not followed), GET only."""
    settings = verdict.load_settings()
    log = fault_run["log"]
    assert not [h for h in log if h["path"] == "/robots.txt"], "robots.txt must not decide what is checked"
    assert hits(fault_run, "/private/gone", "localhost"), "a path disallowed by robots.txt is still requested"
    assert {hit["user_agent"] for hit in log} == {settings.user_agent}
    assert settings.user_agent.startswith("Mozilla/5.0") and "jidoencho-guide" in settings.user_agent
    assert settings.timeout < 60  # LinkChecker's own default is 60 s
    assert {hit["method"] for hit in log} == {"GET"}
    assert not [h for h in log if h["path"] == "/never-requested"], "links inside a checked page are not followed"
