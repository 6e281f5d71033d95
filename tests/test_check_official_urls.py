"""Offline tests of scripts/urlcheck/ against the fault-injection server (tests/faultserver.py).

One run of the script checks every fault case at once (each asserts its exact status); smaller runs
cover exit status 0, one-request-at-a-time per host, the path_prefix of allowed_domains and the time
budgets; bad input must exit 2 with one line. Issue 19's cases (what a reader sees, browser decoding,
report injection and size, linear parsing) are marked below; tests/fault_timing.py --cases prints
each case's status for a before/after table.
Everything stays on 127.0.0.1 / localhost; small timeouts keep the file fast.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

from scripts.urlcheck import pagetext
from scripts.urlcheck import report as url_report
from scripts.urlcheck import sources as official_sources
from scripts.urlcheck import verdict as url_verdict
from faultserver import (HUB_NAV_PHRASE, LONG_REDIRECT, MINUS_QUOTE, PHRASE, WAVE_DASH_QUOTE,  # tests/ is on sys.path
                         FaultServer, html_page)

FAST = ["--timeout", "2", "--retries", "1", "--retry-after-cap", "2"]
# The fault run uses the figures of issue 9: the whole fault set, tarpit included, in 90 s or less.
FAULT_RUN = ["--timeout", "3", "--retries", "2"]
QUOTE_KEPT = "手続きが終わると確認のメールが届きます。"  # a sentence of faultserver.ARTICLE_BODY
QUOTE_GONE = "この手順は店頭でも受け付けています。"
REQUIRED_KEYS = {"url", "status", "final_url", "http_status", "detail", "attempts", "cited_by"}
# The fault server answers under two host names; both are allowed (no path_prefix) in the fault run.
ALLOWED = [{"host": "127.0.0.1"}, {"host": "localhost"}]


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    expected: str
    host: str = "127.0.0.1"
    expect: tuple = (PHRASE,)
    quotes: tuple = ()
    attempts: int | None = None  # when the number of attempts matters (retried or not)


# The list, plus a few more soft-404 and charset variants. Cases are spread over two host
# names of the same server so the two hosts are checked in parallel.
CASES = [
    Case("200", "/ok", "ok"),
    Case("404", "/gone-404", "broken", "localhost"),
    Case("410", "/gone-410", "broken"),
    Case("500 then 200 (flaky)", "/flaky-500", "ok", "localhost"),
    Case("503 with Retry-After every time", "/busy-503", "unreachable"),
    Case("429 every time", "/rate-429", "unreachable", "localhost"),
    Case("429 once, then 200", "/rate-429-once", "ok"),
    Case("301 to another deep page", "/moved-301", "redirected", "localhost"),
    Case("301 to /", "/to-root-301", "soft-404"),
    Case("302 to /", "/to-root-302", "soft-404", "localhost"),
    Case("302 to a locale root /ja-jp/", "/to-locale-302", "soft-404"),
    Case("301 to support top /sp/ja/jp/", "/to-support-top-301", "soft-404", "localhost"),
    Case("302 to another site", "/offsite-302", "soft-404"),
    Case("200 saying ページが見つかりません", "/soft-404", "soft-404", "localhost"),
    Case("redirect loop", "/loop", "broken"),
    Case("slower than the timeout", "/slow", "unreachable", "localhost"),
    Case("HEAD 405 but GET 200", "/head-405", "ok"),
    Case("403 for a bot User-Agent only", "/bot-403", "ok", "localhost"),
    Case("robots.txt disallows the path (page 200)", "/private/page", "ok"),
    Case("robots.txt disallows the path (page 404)", "/private/gone", "broken", "localhost"),
    Case("expect phrase missing", "/drifted", "drifted"),
    Case("Shift_JIS page with the phrase (header)", "/sjis", "ok", "localhost"),
    Case("EUC-JP page with the phrase (meta only)", "/eucjp-meta", "ok"),
    Case("Shift_JIS page with the phrase (undeclared)", "/sjis-undeclared", "ok", "localhost"),
    # issue 9: time
    Case("tarpit: one byte a second", "/tarpit", "unreachable", attempts=1),
    # issue 9: verdicts
    Case("meta refresh to /", "/meta-refresh", "soft-404", "localhost"),
    Case("Refresh header to /ja-jp/", "/refresh-header", "soft-404"),
    Case("script location to /sp/ja/jp/", "/script-location", "soft-404", "localhost"),
    Case("200 saying お探しのページは見つかりません", "/nf-sagashi", "soft-404"),
    Case("200 saying 存在しないか、移動した", "/nf-moved", "soft-404", "localhost"),
    Case("200 saying 404 エラー", "/nf-404-error", "soft-404"),
    Case("200 saying couldn't find that page", "/nf-couldnt", "soft-404", "localhost"),
    Case("200 saying 該当する記事はありません", "/nf-no-article", "soft-404"),
    Case("200 saying 記事は削除されました", "/nf-deleted", "soft-404", "localhost"),
    Case("200 titled 404 - Norton", "/nf-title", "soft-404"),
    Case("200 that lost every quote", "/lost-quotes", "soft-404", "localhost", quotes=(QUOTE_KEPT, QUOTE_GONE)),
    Case("one quote gone", "/quotes-kept", "drifted", quotes=(QUOTE_KEPT, QUOTE_GONE)),
    Case("every quote kept", "/quotes-kept", "ok", "localhost", quotes=(QUOTE_KEPT,)),
    Case("phrase only in a script element", "/phrase-in-script", "drifted"),
    Case("phrase only in a comment", "/phrase-in-comment", "drifted", "localhost"),
    Case("phrase only in a hidden element", "/phrase-hidden", "drifted"),
    Case("phrase only in a meta tag", "/phrase-in-meta", "drifted", "localhost"),
    Case("phrase only in an attribute", "/phrase-in-attr", "drifted"),
    Case("phrase split by wbr", "/split-wbr", "ok", "localhost"),
    Case("phrase split by ZWSP", "/split-zwsp", "ok"),
    Case("phrase split by a soft hyphen", "/split-shy", "ok", "localhost"),
    Case("phrase split by ruby", "/split-ruby", "ok"),
    Case("Latin phrase only inside a word", "/latin-inside-word", "drifted", "localhost",
         expect=("renewal in My Account",)),
    Case("reset mid-body", "/reset-mid-body", "unreachable", attempts=3),
    Case("short body", "/short-body", "unreachable", "localhost", attempts=3),
    Case("bad gzip body", "/bad-gzip", "unreachable", attempts=3),
    Case("redirect to http:// (https→http)", "/to-http", "broken", "localhost", attempts=1),
    Case("redirect to javascript:", "/to-javascript", "broken", attempts=1),
    Case("redirect to data:", "/to-data", "broken", "localhost", attempts=1),
    Case("redirect to file:", "/to-file", "broken", attempts=1),
    Case("redirect to ftp:", "/to-ftp", "broken", "localhost", attempts=1),
    Case("redirect to a malformed Location", "/to-malformed", "broken", attempts=1),
    # issue 19, 4: false "ok"
    Case("old text kept in an element hidden by a class", "/phrase-hidden-by-class", "drifted", "localhost"),
    Case("old text hidden by display:(CSS comment)none", "/phrase-hidden-css-comment", "drifted"),
    Case("old text kept in a closed dialog", "/phrase-in-closed-dialog", "drifted", "localhost"),
    Case("quote only in the title, body says unavailable", "/quote-only-in-title", "soft-404", expect=(),
         quotes=(QUOTE_KEPT,)),
    Case("200 saying can’t find the page you’re looking for", "/nf-typographic", "soft-404", "localhost"),
    Case("script location through a variable", "/script-variable", "soft-404"),
    Case("script location through a template string", "/script-template", "soft-404", "localhost"),
    Case("body onload sets location", "/body-onload", "soft-404"),
    Case("301 to a hub page whose menus hold the expect phrase", "/moved-to-hub", "drifted", "localhost",
         expect=(HUB_NAV_PHRASE,)),
    # issue 19, 5: false alarms
    Case("Shift_JIS page with 〜 and − (quotes)", "/sjis-wave-dash", "ok", quotes=(WAVE_DASH_QUOTE, MINUS_QUOTE)),
    Case("Shift_JIS page with one invalid byte", "/sjis-bad-byte", "ok", "localhost"),
    Case("EUC-JP page with ①", "/eucjp-circled", "ok"),
    Case("not-found template hidden by CSS", "/nf-hidden-template", "ok", "localhost"),
    Case("article quoting 「ページが見つかりません」", "/quotes-not-found-message", "ok"),
    Case("Cloudflare challenge (403, cf-mitigated)", "/cf-challenge", "unreachable", "localhost", attempts=1),
    # issue 19, 7: limits
    Case("1.6 MB page of repeated a-tags", "/huge-a", "ok"),
    Case("301 to a 40,000-character URL", "/long-redirect", "redirected", "localhost"),
]

# A host allowed under a path_prefix only (like github.com/jidoencho-guide/norton): checked in a run of
# their own, since the fault run allows the whole of both host names.
PREFIX_ALLOWED = [{"host": "127.0.0.1", "path_prefix": "/repo/norton"}]
PREFIX_CASES = [
    Case("redirect within the allowed path_prefix", "/repo/norton/moved", "redirected"),
    Case("redirect out of the allowed path_prefix", "/repo/norton/leaves", "soft-404"),
]


def run_script(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.urlcheck", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def sources_entry(server: FaultServer, case: Case) -> dict:
    """The links.yml entry of one fault case (also used by tests/fault_timing.py)."""
    entry = {"url": server.url(case.path, case.host), "title": case.name}
    if case.expect:
        entry["expect"] = list(case.expect)
    if case.quotes:
        entry["quotes"] = list(case.quotes)
    return entry


def sources_file(path: Path, entries: list[dict], allowed=None) -> Path:
    """Write a links.yml-like file: allowed_domains (default: every host of the entries) and sources."""
    hosts = dict.fromkeys(urlsplit(e["url"]).hostname for e in entries)
    data = {"allowed_domains": allowed or [{"host": h} for h in hosts], "sources": entries}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_sources(path: Path, urls_with_titles) -> Path:
    return sources_file(path, [{"url": url, "title": title, "expect": [PHRASE]} for url, title in urls_with_titles])


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory):
    """Run the checker once over every fault case."""
    tmp = tmp_path_factory.mktemp("faults")
    with FaultServer(slow_seconds=4.5) as server:
        urls = {case.name: server.url(case.path, case.host) for case in CASES}
        sources = sources_file(tmp / "sources.yml", [sources_entry(server, c) for c in CASES], ALLOWED)
        docs = tmp / "docs"
        (docs / "stop").mkdir(parents=True)
        (docs / "stop" / "page.md").write_text(
            f"---\ntitle: t\nsources:\n  - {urls['200']}\n---\n\n本文の[リンク]({urls['200']})と {urls['404']} 。\n"
            "\n## 手順 { #steps }\n\n店頭でもできます[^shop]。\n\n"
            f"[^shop]: [記事]({urls['one quote gone']}#:~:text=%E5%BA%97)「{QUOTE_GONE}」\n",
            encoding="utf-8")
        began = time.monotonic()
        proc = run_script("--sources", str(sources), "--docs", str(docs), "--json", str(tmp / "r.json"),
                          "--markdown", str(tmp / "r.md"), *FAULT_RUN)
        elapsed = time.monotonic() - began
        print(f"\nfault run: {len(CASES)} URLs, tarpit included, {' '.join(FAULT_RUN)}: {elapsed:.1f} s")
        report = json.loads((tmp / "r.json").read_text(encoding="utf-8"))
        by_name = {r["title"]: r for r in report["results"]}
        yield {"proc": proc, "report": report, "by_name": by_name, "server": server, "urls": urls,
               "markdown": (tmp / "r.md").read_text(encoding="utf-8"), "elapsed": elapsed}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault_case_status(fault_run, case):
    record = fault_run["by_name"][case.name]
    assert record["status"] == case.expected, record
    if case.attempts is not None:
        assert record["attempts"] == case.attempts, record


def test_fault_run_exit_status_and_summary(fault_run):
    proc = fault_run["proc"]
    assert proc.returncode == 1, proc.stderr
    assert f"Checked {len(CASES)} URLs on 2 hosts in " in proc.stdout
    assert fault_run["report"]["duration_seconds"] > 0
    assert fault_run["report"]["failed"] is True
    # Issue 9: 90 s or less with --timeout 3 --retries 2 (measured ~{see the printed line}); the bound
    # here is loose so that a slow machine does not make the test flaky.
    assert fault_run["elapsed"] < 180


def test_every_record_has_the_report_fields(fault_run):
    for record in fault_run["report"]["results"]:
        assert REQUIRED_KEYS <= record.keys()
        assert record["status"] in url_verdict.STATUSES
    assert set(fault_run["report"]["counts"]) == set(url_verdict.STATUSES)


def test_retry_details(fault_run):
    rec, server = fault_run["by_name"], fault_run["server"]
    assert rec["500 then 200 (flaky)"]["attempts"] == 2
    assert rec["500 then 200 (flaky)"]["http_status"] == 200
    assert rec["503 with Retry-After every time"]["attempts"] == 3
    assert rec["503 with Retry-After every time"]["http_status"] == 503
    assert "Retry-After asked 30 s" in rec["503 with Retry-After every time"]["detail"]
    assert rec["429 every time"]["http_status"] == 429
    assert rec["slower than the timeout"]["attempts"] == 3
    assert rec["200"]["attempts"] == 1
    # The 429 asked for Retry-After: 1; the retry came at least that much later.
    first, second = server.hits("/rate-429-once")[:2]
    assert second.time - first.time >= 0.95


def test_redirect_reports_final_url(fault_run):
    rec, urls = fault_run["by_name"], fault_run["urls"]
    moved = rec["301 to another deep page"]
    assert moved["final_url"] == urls["301 to another deep page"].replace("/moved-301", "/articles/new-home")
    assert rec["302 to another site"]["final_url"].startswith("http://localhost:")
    assert rec["200"]["final_url"] == urls["200"]


def test_requests_look_like_a_browser_and_skip_robots(fault_run):
    server = fault_run["server"]
    settings = url_verdict.load_settings()
    assert not server.hits("/robots.txt"), "robots.txt must not decide what is checked"
    assert server.hits("/private/gone"), "a path disallowed by robots.txt is still requested"
    agents = {hit.user_agent for hit in server.log}
    assert agents == {settings.user_agent}
    assert settings.user_agent.startswith("Mozilla/5.0") and "jidoencho-guide" in settings.user_agent
    assert not [h for h in server.log if h.method != "GET"]
    assert not server.hits("/never-requested"), "links inside a checked page are not followed"


def test_cited_by_lists_pages_and_lines(fault_run):
    rec = fault_run["by_name"]
    assert rec["200"]["cited_by"] == [{"page": "stop/page.md", "lines": [4, 7]}]
    assert rec["404"]["cited_by"] == [{"page": "stop/page.md", "lines": [7]}]
    assert rec["410"]["cited_by"] == []


def test_markdown_report_groups_by_status_with_actions(fault_run):
    md, settings = fault_run["markdown"], url_verdict.load_settings()
    assert md.startswith("# 公式 URL の確認結果")
    assert "かかった時間" in md
    present = [s for s in url_report.REPORT_ORDER if fault_run["report"]["counts"][s]]
    assert len(present) >= 6
    positions = [md.index(f"（{status}）") for status in present]
    assert positions == sorted(positions), "failures come first"
    for status in present:
        assert settings.actions[status] in md
    assert set(settings.actions) == set(settings.labels) == set(url_verdict.STATUSES)


def test_exit_zero_and_one_request_at_a_time_per_host(tmp_path):
    """Only ok/redirected -> exit 0; never two requests at once to one host, hosts in parallel."""
    with FaultServer(paced_seconds=0.3) as server:
        urls = [(server.url(f"/paced/{n}", host), f"{host} {n}") for host in ("127.0.0.1", "localhost")
                for n in range(4)]
        urls.append((server.url("/moved-301"), "moved"))
        sources = write_sources(tmp_path / "s.yml", urls)
        proc = run_script("--sources", str(sources), "--json", str(tmp_path / "r.json"), *FAST)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert {r["status"] for r in report["results"]} == {"ok", "redirected"}
        assert server.max_in_flight == {"127.0.0.1": 1, "localhost": 1}
        assert set(report["hosts"]) == {"127.0.0.1", "localhost"}


# -- bad input: exit 2 with one line that names the entry ------------------------------------

# "Billion laughs": nine levels of nine aliases (387 million strings once expanded).
ALIAS_BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))

BAD_INPUTS = {
    "missing file": (None, "not found"),
    "a directory": ("<dir>", "cannot read"),
    "not UTF-8": (b"sources:\n  - url: https://example.com/\xff\n", "not UTF-8"),
    "invalid YAML": ("sources:\n  - url: [unclosed\n", "invalid YAML"),
    "no sources key": ("allowed_domains: []\n", "no `sources:`"),
    "empty sources": ("sources: []\n", "non-empty list"),
    "entry without url": ("sources:\n  - url: https://a.example/\n  - title: 注文の確認\n    expect: [注文]\n",
                          'sources[1] has no "url" (注文の確認)'),
    "plain http": ("sources:\n  - url: http://www.example.com/page\n", "sources[0]: http://www.example.com/page is not https"),
    "http on a private address": ("sources:\n  - url: http://10.0.0.1/page\n", "only for loopback"),
    "ftp scheme": ("sources:\n  - url: ftp://example.com/file\n", "only https:// is accepted"),
    "entry not a mapping": ("sources:\n  - https://a.example/\n", "sources[0] must be a mapping"),
    "duplicate url": ("sources:\n  - url: https://a.example/\n  - url: https://a.example/\n", "listed twice"),
    "expect not phrases": ("sources:\n  - url: https://a.example/\n    expect: {a: 1}\n", '"expect" must be'),
    # issue 9
    "YAML alias bomb": (ALIAS_BOMB + "sources:\n  - url: https://a.example/\n    notes: *i\n", "aliases"),
    "credentials in the URL": ("sources:\n  - url: https://user:secret@a.example/\n", "user name or password"),
    "user name only": ("sources:\n  - url: https://user@a.example/\n", "user name or password"),
    "near-duplicate by case": ("sources:\n  - url: https://a.example/Page\n  - url: https://A.example/page\n",
                               "near-duplicate"),
    "near-duplicate by fragment": ("sources:\n  - url: https://a.example/p\n  - url: https://a.example/p#top\n",
                                   "near-duplicate"),
    "near-duplicate by //": ("sources:\n  - url: https://a.example/a/b\n  - url: https://a.example/a//b\n",
                             "near-duplicate"),
    "absurd URL length": ("sources:\n  - url: https://a.example/" + "a" * 5000 + "\n", "characters long"),
    "title with markup": ("sources:\n  - url: https://a.example/\n    title: '[click](javascript:x)'\n",
                          "Markdown or HTML"),
    "title too long": ("sources:\n  - url: https://a.example/\n    title: " + "長" * 300 + "\n", "characters long"),
    "expect shorter than 10": ("sources:\n  - url: https://a.example/\n    expect: [返金]\n", "shorter than 10"),
    # issue 19: a one-word guess is in every hub page's menus; expect is a sentence of the page body
    "expect a one-word guess": ("sources:\n  - url: https://a.example/\n    expect: [注文情報確認]\n", "shorter than 10"),
    "URL with |": ("sources:\n  - url: https://a.example/p|https://evil.example/\n", "%7C"),
    "URL with < and >": ("sources:\n  - url: https://a.example/<b>x</b>\n", "RFC 3986"),
    "URL with non-ASCII": ("sources:\n  - url: https://a.example/ページ\n", "percent-encode"),
    "URL with a bare %": ("sources:\n  - url: https://a.example/100%\n", "%25"),
    "no allowed_domains": ("sources:\n  - url: https://a.example/p\n    quotes: [これは十文字以上の引用文です。]\n",
                           "allowed_domains"),
    "URL outside allowed_domains": ("allowed_domains:\n  - host: b.example\nsources:\n  - url: https://a.example/p\n",
                                    "not in scripts/data/links.yml allowed_domains"),
    "URL outside the path_prefix": ("allowed_domains:\n  - host: a.example\n    path_prefix: /norton\nsources:\n"
                                    "  - url: https://a.example/norton-evil/p\n", "only /norton and below"),
    "expect a site-wide word": ("sources:\n  - url: https://a.example/\n    expect: [Norton]\n", "every page"),
    "expect 注文": ("sources:\n  - url: https://a.example/\n    expect: [注文]\n", "every page"),
    "quote shorter than 10": ("sources:\n  - url: https://a.example/\n    quotes: [短い引用]\n", "shorter than 10"),
    "compared not a boolean": ("sources:\n  - url: https://a.example/\n    compared: maybe\n", "true or false"),
    "compared false with quotes": ("sources:\n  - url: https://a.example/\n    compared: false\n"
                                   "    quotes: [これは十文字以上の引用文です。]\n", "compared: false"),
    "unknown key": ("sources:\n  - url: https://a.example/\n    qoutes: [x]\n", "unknown key qoutes"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line(tmp_path, name):
    content, needle = BAD_INPUTS[name]
    path = tmp_path / "sources.yml"
    if content == "<dir>":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    proc = run_script("--sources", str(path), "--json", str(tmp_path / "r.json"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and str(path) in lines[0] and needle in lines[0], lines[0]
    assert proc.stdout == ""
    assert not (tmp_path / "r.json").exists()


def test_alias_bomb_fails_fast(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text(BAD_INPUTS["YAML alias bomb"][0], encoding="utf-8")
    began = time.monotonic()
    proc = run_script("--sources", str(path))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert time.monotonic() - began < 10


def test_alias_bomb_in_front_matter_fails_fast(tmp_path):
    sources = write_sources(tmp_path / "s.yml", [("http://127.0.0.1:9/never", "never requested")])
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("---\n" + BAD_INPUTS["YAML alias bomb"][0] + "title: *i\n---\n\n本文。\n",
                                  encoding="utf-8")
    began = time.monotonic()
    proc = run_script("--sources", str(sources), "--docs", str(docs))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "page.md" in lines[0] and "aliases" in lines[0], proc.stderr
    assert proc.stdout == ""
    assert time.monotonic() - began < 10


@pytest.mark.parametrize("args,needle", [
    (["--json", "<dir>"], "is a folder"),
    (["--markdown", "<dir>"], "is a folder"),
    (["--json", "<dir>/missing/r.json"], "does not exist"),
    (["--timeout", "100000000"], "--timeout"),
    (["--timeout", "0"], "--timeout"),
    (["--timeout", "abc"], "--timeout"),
    (["--retries", "1000"], "--retries"),
    (["--retry-after-cap", "-1"], "--retry-after-cap"),
])
def test_bad_cli_values_exit_2_before_the_run(tmp_path, args, needle):
    sources = write_sources(tmp_path / "s.yml", [("http://127.0.0.1:9/never", "never requested")])
    args = [a.replace("<dir>", str(tmp_path)) for a in args]
    began = time.monotonic()
    proc = run_script("--sources", str(sources), *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], proc.stderr
    assert proc.stdout == ""
    assert time.monotonic() - began < 10


def test_offline_machine_is_named_in_one_line(tmp_path):
    urls = [(f"https://host{n}.invalid/page", f"page {n}") for n in range(3)]
    sources = write_sources(tmp_path / "s.yml", urls)
    proc = run_script("--sources", str(sources), "--markdown", str(tmp_path / "r.md"), "--timeout", "2",
                      "--retries", "0", "--docs", str(tmp_path))
    assert proc.returncode == 1
    notes = [line for line in proc.stdout.splitlines() if "looks offline" in line]
    assert len(notes) == 1, proc.stdout
    assert "looks offline" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_tarpit_keeps_finished_records_and_is_not_retried(tmp_path):
    """A tarpit in the middle: the URLs before it keep their records, those after it still get checked."""
    with FaultServer(paced_seconds=0) as server:
        paths = ["/paced/1", "/paced/2", "/tarpit", "/paced/3", "/paced/4"]
        sources = write_sources(tmp_path / "s.yml", [(server.url(p), p) for p in paths])
        began = time.monotonic()
        proc = run_script("--sources", str(sources), "--json", str(tmp_path / "r.json"), "--docs", str(tmp_path),
                          "--timeout", "2", "--retries", "2")
        elapsed = time.monotonic() - began
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        by_title = {r["title"]: r for r in report["results"]}
        assert by_title["/tarpit"]["status"] == "unreachable", by_title["/tarpit"]
        assert "did not finish" in by_title["/tarpit"]["detail"]
        assert by_title["/tarpit"]["attempts"] == 1
        assert len(server.hits("/tarpit")) == 1, "a URL that did not finish is never retried blindly"
        for path in ("/paced/1", "/paced/2", "/paced/3", "/paced/4"):
            assert by_title[path]["status"] == "ok"
            assert len(server.hits(path)) == 1, f"{path} was checked again"
        print(f"\n4 good URLs + 1 tarpit, --timeout 2: {elapsed:.1f} s")
        assert proc.returncode == 1


def test_remote_text_never_becomes_markdown(fault_run):
    """Final URLs, Location values and error texts sit in code spans; nothing becomes a link or a tag."""
    md = fault_run["markdown"]
    assert "javascript:alert(document.cookie)" in md and "data:text/html,<h1>hi</h1>" in md
    outside_code = re.sub(r"(`+).*?\1", "", md)
    assert "javascript:alert" not in outside_code and "<h1>" not in outside_code
    assert "](javascript:" not in outside_code


def test_markdown_escapes_titles_and_details():
    from scripts.urlcheck import report as url_report

    record = {"url": "https://a.example/p", "title": "[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
              "status": "drifted", "final_url": "https://a.example/p", "http_status": 200,
              "detail": "missing: 「<script>alert(1)</script>」 | [link](https://evil.example)", "attempts": 1,
              "cited_by": [], "missing_quotes": []}
    report = url_report.build_report([record], duration=1, sources_file="s.yml", hosts={}, settings_used={})
    md = url_report.to_markdown(report, url_verdict.load_settings())
    row = next(line for line in md.splitlines() if "a.example" in line)
    assert "<img" not in row and "<script>" not in row.replace("`missing: 「<script>", "")
    assert "](javascript:" not in row and "\\[x\\]" in row
    assert "`missing: 「<script>alert(1)</script>」 \\| [link](https://evil.example)`" in row


def test_drifted_quote_names_the_pages_and_sections_citing_it(fault_run):
    record = fault_run["by_name"]["one quote gone"]
    assert record["missing_quotes"] == [{"quote": QUOTE_GONE,
                                         "cited_in": [{"page": "stop/page.md", "section": "steps", "lines": [11]}]}]
    assert "`stop/page.md#steps`" in fault_run["markdown"]


def test_entry_error_names_its_line(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text("# comment\nsources:\n  - url: https://a.example/\n  - title: x\n", encoding="utf-8")
    with pytest.raises(official_sources.SourcesError, match=r"s\.yml:4: sources\[1\]"):
        official_sources.load_sources(path)


def test_help_explains_every_option():
    proc = run_script("--help")
    assert proc.returncode == 0
    for option in ("--sources", "--json", "--markdown", "--timeout", "--retries", "--retry-after-cap",
                   "--docs", "--settings"):
        assert option in proc.stdout
    for word in (*url_verdict.STATUSES, "exit status", "Retry-After", "LinkChecker", "127.0.0.0/8"):
        assert word in proc.stdout


def test_project_sources_file_is_valid_input(links_data):
    sources = official_sources.load_sources(ROOT / "scripts" / "data" / "links.yml")
    assert len(sources) == len(links_data["sources"])
    assert all(s.url.startswith("https://") and (s.expect or s.quotes or not s.compared) for s in sources)


def test_linkchecker_config_closes_the_known_holes():
    import configparser

    rc = configparser.RawConfigParser()
    rc.read(ROOT / "scripts" / "urlcheck" / "linkcheckerrc", encoding="utf-8")
    assert rc.get("checking", "robotstxt") == "0"
    assert rc.get("checking", "recursionlevel") == "0"
    assert rc.get("checking", "threads") == "1"
    assert rc.get("output", "log") == "xml"
    assert url_verdict.load_settings().timeout < 60


# -- small units ------------------------------------------------------------------------------

@pytest.mark.parametrize("url,ok", [
    ("https://support.norton.com/x", True),
    ("http://127.0.0.1:8000/x", True),
    ("http://127.9.9.9/x", True),
    ("http://localhost/x", True),
    ("http://128.0.0.1/x", False),
    ("http://localhost.example.com/x", False),
    ("http://support.norton.com/x", False),
    ("https:///nohost", False),
    ("mailto:a@example.com", False),
])
def test_url_rules(url, ok):
    assert (official_sources.check_url(url) is None) is ok


def test_retry_wait_honours_retry_after_up_to_the_cap():
    settings = url_verdict.load_settings()
    assert url_verdict.retry_wait("1", 1, settings, cap=20) == (1.0, 1.0)
    assert url_verdict.retry_wait("120", 1, settings, cap=20) == (20.0, 120.0)
    soon = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=5), usegmt=True)
    wait, asked = url_verdict.retry_wait(soon, 1, settings, cap=20)
    assert 3 <= wait <= 5 and 3 <= asked <= 5
    assert url_verdict.retry_wait(None, 2, settings, cap=100) == (settings.retry_backoff * 2, None)
    assert url_verdict.retry_wait("garbage", 1, settings, cap=1) == (1.0, None)


def test_site_and_root_rules():
    settings = url_verdict.load_settings()
    suffixes = settings.two_label_public_suffixes
    assert url_verdict.site_of("support.norton.com", suffixes) == url_verdict.site_of("my.norton.com", suffixes)
    assert url_verdict.site_of("www.nortonstore.jp", suffixes) == "nortonstore.jp"
    assert url_verdict.site_of("a.b.example.co.jp", suffixes) == "example.co.jp"
    for path in ("/", "/ja-jp/", "/ja/", "/sp/ja/jp/", "/sp/ja/jp/home/current/home", "/index.html"):
        assert url_verdict.is_root_path(path, settings), path
    for path in ("/au", "/sp/ja/jp/home/current/solutions/v81141465", "/orderstatus/", "/ja-jp/HT202039"):
        assert not url_verdict.is_root_path(path, settings), path


@pytest.mark.parametrize("codec,header", [("shift_jis", "text/html; charset=Shift_JIS"), ("euc-jp", "text/html"),
                                          ("shift_jis", None), ("euc-jp", None), ("utf-8", None)])
def test_decode_japanese_pages(codec, header):
    body = f"ノートンの自動延長サービスを停止する手順と、メールに{PHRASE}する方法を説明します。" * 3
    data = html_page("記事", body, codec, declare=header is not None)
    text, _ = pagetext.decode_page(data, header)
    title, visible = pagetext.visible_text(text)
    assert pagetext.find_phrases(visible, [PHRASE, "ないもの"]) == [PHRASE]


@pytest.mark.parametrize("text,phrase,found", [
    ("because the page", "au", False),
    ("au ショップで購入", "au", True),
    ("Turn off autorenewal", "renewal", False),
    ("Cancel Subscription Renewal now", "Subscription Renewal", True),
    ("注文\u200b番号を確認", "注文番号を確認", True),
    ("注文\u00ad番号を確認", "注文番号を確認", True),
    ("ＮＯＲＴＯＮ アカウント", "norton アカウント", True),
])
def test_phrase_matching_rules(text, phrase, found):
    assert (pagetext.find_phrases(text, [phrase]) == [phrase]) is found


def test_visible_text_joins_inline_splits_and_drops_ruby_readings():
    page = "<p>注文<wbr>番号を<span>確認</span></p><p><ruby>手続<rp>(</rp><rt>てつづ</rt><rp>)</rp></ruby>き</p>"
    text = pagetext.visible_text(page)[1]
    assert pagetext.find_phrases(text, ["注文番号を確認", "手続き"]) == ["注文番号を確認", "手続き"]
    assert "てつづ" not in text


def test_not_found_phrases_only_count_where_readers_see_them():
    page = ("<html><head><title>記事</title><script>var msg='ページが見つかりません';</script></head>"
            "<body><p>注文番号の確かめ方</p></body></html>")
    title, visible = pagetext.visible_text(page)
    assert title == "記事"
    assert pagetext.find_phrases(visible, ["ページが見つかりません"]) == []
    assert pagetext.find_phrases("ＮＯＲＴＯＮ の 注文番号", ["norton"]) == ["norton"]
    hidden = ('<div hidden><p>ページが見つかりません</p></div><div style="display: none">ページが見つかりません</div>'
              '<div aria-hidden="true"><div>ページが見つかりません</div></div><p>本文<br>です</p>')
    assert pagetext.visible_text(hidden)[1].split() == ["本文", "です"]


# -- issue 19 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("case", PREFIX_CASES, ids=[c.name for c in PREFIX_CASES])
def test_redirect_hops_stay_under_the_path_prefix(tmp_path, case):
    """Every hop is judged by link_guard against allowed_domains: a 301 from the repository's own path to
    another repository's path is not the page any more."""
    with FaultServer() as server:
        sources = sources_file(tmp_path / "s.yml", [sources_entry(server, case)], PREFIX_ALLOWED)
        proc = run_script("--sources", str(sources), "--json", str(tmp_path / "r.json"), "--docs", str(tmp_path), *FAST)
        record = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["results"][0]
        assert record["status"] == case.expected, (record, proc.stderr)
        if case.expected == "soft-404":
            assert "/repo/norton-evil/issues" in record["detail"] and "/repo/norton" in record["detail"]


def test_time_budget_reports_unfinished_urls_as_not_checked(tmp_path):
    """A host of slow URLs stops at its budget; the other host still finishes; nothing unchecked reads ok."""
    settings = tmp_path / "checker.yml"
    settings.write_text((ROOT / "scripts" / "data" / "checker.yml").read_text(encoding="utf-8")
                        .replace("host_time_budget: 300", "host_time_budget: 7"), encoding="utf-8")
    with FaultServer(slow_seconds=3) as server:
        urls = [(server.url("/slow", "127.0.0.1") + f"?n={n}", f"slow {n}") for n in range(8)]
        urls += [(server.url(f"/paced/{n}", "localhost"), f"good {n}") for n in range(2)]
        sources = write_sources(tmp_path / "s.yml", urls)
        began = time.monotonic()
        proc = run_script("--sources", str(sources), "--json", str(tmp_path / "r.json"), "--docs", str(tmp_path),
                          "--markdown", str(tmp_path / "r.md"), "--settings", str(settings),
                          "--timeout", "2", "--retries", "2")
        elapsed = time.monotonic() - began
    records = {r["title"]: r for r in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["results"]}
    slow = [records[f"slow {n}"] for n in range(8)]
    assert {r["status"] for r in slow} <= {"unreachable", "not-checked"}
    assert sum(r["status"] == "not-checked" for r in slow) >= 4, slow
    assert all(r["attempts"] == 0 for r in slow if r["status"] == "not-checked")
    assert [records[f"good {n}"]["status"] for n in range(2)] == ["ok", "ok"]
    assert proc.returncode == 1
    assert "時間切れで未確認" in (tmp_path / "r.md").read_text(encoding="utf-8")
    # eight slow URLs with retries would take about 8 x 2 s x 3; the host stops at its 7 s
    assert elapsed < 7 + 15, elapsed
    print(f"\n8 slow URLs, host budget 7 s: {elapsed:.1f} s")


def test_whole_run_budget(tmp_path):
    with FaultServer(slow_seconds=3) as server:
        urls = [(server.url("/slow", host) + f"?n={n}", f"{host} {n}") for host in ("127.0.0.1", "localhost")
                for n in range(5)]
        sources = write_sources(tmp_path / "s.yml", urls)
        began = time.monotonic()
        run_script("--sources", str(sources), "--json", str(tmp_path / "r.json"), "--docs", str(tmp_path),
                   "--timeout", "2", "--retries", "2", "--time-budget", "5")
        elapsed = time.monotonic() - began
    statuses = [r["status"] for r in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["results"]]
    assert "not-checked" in statuses and "ok" not in statuses, statuses
    assert elapsed < 5 + 12, elapsed


def test_fault_report_stays_small_with_a_huge_redirect(fault_run):
    md = fault_run["markdown"]
    assert len(md) < url_report.MAX_MARKDOWN, len(md)
    assert LONG_REDIRECT not in md and "long-xxxx" in md
    assert "…" in md


def test_markdown_is_capped_and_says_what_it_left_out():
    long_url = "https://a.example/" + "y" * 390
    records = [{"url": f"{long_url}{n}", "title": f"ページ {n}", "status": "drifted" if n % 2 else "ok",
                "final_url": long_url + "z" * 5000, "http_status": 200, "detail": "d" * 5000, "attempts": 1,
                "cited_by": [{"page": f"p{n}.md", "lines": [1, 2]}], "missing_quotes": []} for n in range(2000)]
    report = url_report.build_report(records, duration=1, sources_file="s.yml", hosts={}, settings_used={})
    md = url_report.to_markdown(report, url_verdict.load_settings())
    assert len(md) <= url_report.MAX_MARKDOWN
    assert "件の行を省きました" in md and "report.json" in md
    assert md.index("（drifted）") < md.index("|---|")  # failures are the rows that are kept
    assert "d" * (url_report.MAX_CODE + 1) not in md


def test_report_has_no_mentions_and_urls_cannot_split_cells():
    record = {"url": "https://a.example/p|x", "title": "@octocat と @org/team の記事", "status": "broken",
              "final_url": "https://a.example/p|x", "http_status": 404, "detail": "HTTP 404", "attempts": 1,
              "cited_by": [], "missing_quotes": []}
    report = url_report.build_report([record], duration=1, sources_file="s.yml", hosts={}, settings_used={})
    md = url_report.to_markdown(report, url_verdict.load_settings())
    row = next(line for line in md.splitlines() if "a.example" in line)
    assert "@octocat" not in md and "@&#8203;octocat" in row and "@&#8203;org/team" in row
    assert "(<https://a.example/p%7Cx>)" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 7, row  # six cells


def test_parsing_a_huge_page_stays_linear():
    began = time.monotonic()
    facts = pagetext.page_facts("<html><body><p>本文です。</p>" + "<a " * 533_000)
    assert time.monotonic() - began < 5
    assert "本文です。" in facts["text"]
    data = ("<p>本文です。</p>" + "<a " * 533_000).encode()
    assert len(pagetext.decode_page(data)[0]) <= pagetext.MAX_PAGE_BYTES


def test_only_body_text_a_reader_sees_counts():
    page = ("<html><head><title>題名の文です</title><style>/* x */ .gone{display:none} .print-only{display:none}"
            "@media print{.shown{display:none}} body{display:none !important}</style></head><body>"
            "<header><nav>メニューの文です</nav></header><main><header><h1>記事の見出し</h1></header>"
            "<p class='gone'>クラスで隠れた文</p><p id=x style='color:red;display:/* c */none'>隠れた文</p>"
            "<dialog>閉じたダイアログ</dialog><dialog open>開いたダイアログ</dialog><template>型の文</template>"
            "<div role=navigation>役割がナビの文</div><p class=shown>見える文"
            "<div>段落の後の文</div></main><footer>フッターの文</footer></body></html>")
    facts = pagetext.page_facts(page)
    text = facts["text"]
    for seen in ("記事の見出し", "開いたダイアログ", "見える文", "段落の後の文"):
        assert seen in text, seen
    for unseen in ("題名の文", "メニューの文", "クラスで隠れた文", "隠れた文", "閉じたダイアログ", "型の文",
                   "役割がナビの文", "フッターの文"):
        assert unseen not in text, unseen
    assert facts["title"] == "題名の文です" and facts["h1"] == ["記事の見出し"]


def test_the_most_specific_css_rule_decides():
    page = ("<style>.tab{display:none}.tab.active{display:block}#intro.tab{display:none}</style>"
            "<div class='tab'>隠れたタブ</div><div class='tab active'>開いたタブ</div>"
            "<div class='tab active' id='intro'>ID で隠れた文</div><div class='tab' style='display:block'>直接の指定</div>")
    text = pagetext.page_facts(page)["text"]
    assert "開いたタブ" in text and "直接の指定" in text
    assert "隠れたタブ" not in text and "ID で隠れた文" not in text


@pytest.mark.parametrize("script,target", [
    ('var home = "/";\nwindow.location.href = home;', "/"),
    ("location.assign(`${location.origin}/ja-jp/`)", "/ja-jp/"),
    ('document.location = location.origin + "/sp/ja/jp/";', "/sp/ja/jp/"),
    ("top.location.replace('https:\\/\\/evil.example\\/')", "https://evil.example/"),
    ("location = `/a/${page}`", None),
    ('if (location.href == "/") {}', None),
])
def test_script_redirect_targets(script, target):
    assert pagetext.script_targets(script) == ([target] if target else [])
    onload = f'<body onload="{html.escape(script)}">x</body>'
    assert pagetext.page_facts(onload)["script_location"] == ([target] if target else [])


def test_jis_variants_and_typographic_quotes_fold_on_both_sides():
    assert pagetext.find_phrases("9時～18時、通常価格－500円", ["9時〜18時", "通常価格−500円"]) == ["9時〜18時", "通常価格−500円"]
    assert pagetext.find_phrases("9時〜18時", ["9時～18時"]) == ["9時～18時"]
    assert pagetext.normalise("can’t find the page you’re “looking” for") == "can't find the page you're \"looking\" for"


def test_decoding_follows_browsers():
    sjis = "受付は9時〜18時です".encode("cp932")
    assert pagetext.decode_page(sjis + b"\x81\x20" + "続き".encode("cp932"), "text/html; charset=x-sjis")[0] \
        .startswith("受付は9時")
    assert "\ufffd" in pagetext.decode_page(b"\x81\x20", "text/html; charset=Shift_JIS")[0]
    assert pagetext.decode_page("手順①".encode("euc_jis_2004"), "text/html; charset=EUC-JP")[0] == "手順①"
    assert pagetext.decode_page(b"caf\xe9", "text/html; charset=ISO-8859-1")[1] == "cp1252"
    assert pagetext.decode_page(b"<meta charset=bogus-label>abc")[0].endswith("abc")
    assert pagetext.codec_for("windows-31j") == pagetext.codec_for("Shift_JIS") == "cp932"


def test_quoted_not_found_message_is_a_mention():
    text = "「ページが見つかりません」と表示されたら、アドレスを確かめます。"
    assert pagetext.find_phrases(pagetext.without_quotations(text), ["ページが見つかりません"]) == []
    assert pagetext.find_phrases(pagetext.without_quotations("ページが見つかりません。"), ["ページが見つかりません"])
