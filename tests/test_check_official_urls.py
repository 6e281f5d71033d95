"""Offline tests of scripts/urlcheck/ against the fault-injection server (tests/faultserver.py).

One run of the script checks every fault case at once (each asserts its exact status); smaller runs
cover exit status 0 and one-request-at-a-time per host; bad input must exit 2 with one line.
Everything stays on 127.0.0.1 / localhost; small timeouts keep the file fast.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

from scripts.urlcheck import pagetext
from scripts.urlcheck import sources as official_sources
from scripts.urlcheck import verdict as url_verdict
from faultserver import PHRASE, FaultServer, html_page  # tests/ is on sys.path (pytest rootdir-relative import)

FAST = ["--timeout", "2", "--retries", "1", "--retry-after-cap", "2"]
REQUIRED_KEYS = {"url", "status", "final_url", "http_status", "detail", "attempts", "cited_by"}


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    expected: str
    host: str = "127.0.0.1"


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
]


def run_script(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.urlcheck", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def write_sources(path: Path, urls_with_titles) -> Path:
    data = {"sources": [{"url": url, "title": title, "expect": [PHRASE]} for url, title in urls_with_titles]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory):
    """Run the checker once over every fault case."""
    tmp = tmp_path_factory.mktemp("faults")
    with FaultServer(slow_seconds=4.5) as server:
        urls = {case.name: server.url(case.path, case.host) for case in CASES}
        sources = write_sources(tmp / "sources.yml", [(url, name) for name, url in urls.items()])
        docs = tmp / "docs"
        (docs / "stop").mkdir(parents=True)
        (docs / "stop" / "page.md").write_text(
            f"---\ntitle: t\nsources:\n  - {urls['200']}\n---\n\n本文の[リンク]({urls['200']})と {urls['404']} 。\n",
            encoding="utf-8")
        began = time.monotonic()
        proc = run_script("--sources", str(sources), "--docs", str(docs), "--json", str(tmp / "r.json"),
                          "--markdown", str(tmp / "r.md"), *FAST)
        elapsed = time.monotonic() - began
        report = json.loads((tmp / "r.json").read_text(encoding="utf-8"))
        by_name = {r["title"]: r for r in report["results"]}
        yield {"proc": proc, "report": report, "by_name": by_name, "server": server, "urls": urls,
               "markdown": (tmp / "r.md").read_text(encoding="utf-8"), "elapsed": elapsed}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault_case_status(fault_run, case):
    record = fault_run["by_name"][case.name]
    assert record["status"] == case.expected, record


def test_fault_run_exit_status_and_summary(fault_run):
    proc = fault_run["proc"]
    assert proc.returncode == 1, proc.stderr
    assert "Checked 24 URLs on 2 hosts in " in proc.stdout
    assert fault_run["report"]["duration_seconds"] > 0
    assert fault_run["report"]["failed"] is True
    # Retry-After: 30 on the 503 is capped at 2 s, so the run stays short.
    assert fault_run["elapsed"] < 40


def test_every_record_has_the_report_fields(fault_run):
    for record in fault_run["report"]["results"]:
        assert REQUIRED_KEYS <= record.keys()
        assert record["status"] in url_verdict.STATUSES
    assert set(fault_run["report"]["counts"]) == set(url_verdict.STATUSES)


def test_retry_details(fault_run):
    rec, server = fault_run["by_name"], fault_run["server"]
    assert rec["500 then 200 (flaky)"]["attempts"] == 2
    assert rec["500 then 200 (flaky)"]["http_status"] == 200
    assert rec["503 with Retry-After every time"]["attempts"] == 2
    assert rec["503 with Retry-After every time"]["http_status"] == 503
    assert "Retry-After asked 30 s" in rec["503 with Retry-After every time"]["detail"]
    assert rec["429 every time"]["http_status"] == 429
    assert rec["slower than the timeout"]["attempts"] == 2
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
    positions = [md.index(f"（{status}）") for status in ("broken", "soft-404", "drifted", "unreachable",
                                                         "redirected", "ok")]
    assert positions == sorted(positions), "failures come first"
    for status in url_verdict.STATUSES:
        assert settings.actions[status] in md


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
    assert all(s.url.startswith("https://") and s.expect for s in sources)


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
    body = "ノートンの自動延長サービスを停止する手順と、注文番号の確かめ方を説明します。" * 3
    data = html_page("記事", body, codec, declare=header is not None)
    text, _ = pagetext.decode_page(data, header)
    title, visible = pagetext.visible_text(text)
    assert pagetext.find_phrases(visible, [PHRASE, "ないもの"]) == [PHRASE]


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
