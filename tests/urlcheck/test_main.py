"""The checker's command line (scripts/urlcheck/__main__.py): help, bad input (exit 2 in one line, before any
request), exit status 0, one request at a time per host, the time budgets and an offline machine."""

from __future__ import annotations

import time

import pytest

from scripts import DATA
from scripts.urlcheck.verdict import STATUSES
from tests.urlcheck.support.cases import ALIAS_BOMB, sources_file
from tests.urlcheck.support.faultserver import PHRASE, FaultServer

NEVER = {"url": "http://127.0.0.1:9/never", "title": "never requested", "expect": [PHRASE]}
BAD_SOURCES = {  # sources file content -> what the error line says
    "missing file": (None, "not found"),
    "a directory": ("<dir>", "cannot read"),
    "not UTF-8": (b"sources:\n  - url: https://example.com/\xff\n", "not UTF-8"),
    "invalid YAML": ("sources:\n  - url: [unclosed\n", "invalid YAML"),
    "no sources key": ("allowed_domains: []\n", "no `sources:`"),
    "empty sources": ("sources: []\n", "non-empty list"),
    "entry without url": ("sources:\n  - url: https://a.example/\n  - title: 注文の確認\n    expect: [注文]\n",
                          'sources[1] has no "url" (注文の確認)'),
    "plain http": ("sources:\n  - url: http://www.example.com/page\n",
                   "sources[0]: http://www.example.com/page is not https"),
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
    "URL with a space": ("sources:\n  - url: 'https://a.example/a b'\n", "' '"),
    "URL with a backslash": ("sources:\n  - url: 'https://a.example\\\\@b.example/'\n", "\\"),
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
BAD_OPTIONS = {  # options given with a valid sources file -> what the error line says
    "--json to a folder": (["--json", "<dir>"], "is a folder"),
    "--markdown to a folder": (["--markdown", "<dir>"], "is a folder"),
    "--json in a missing folder": (["--json", "<dir>/missing/r.json"], "does not exist"),
    "--timeout too long": (["--timeout", "100000000"], "--timeout"),
    "--timeout 0": (["--timeout", "0"], "--timeout"),
    "--timeout not a number": (["--timeout", "abc"], "--timeout"),
    "--retries too many": (["--retries", "1000"], "--retries"),
    "--retry-after-cap negative": (["--retry-after-cap", "-1"], "--retry-after-cap"),
    "YAML aliases in a page": (["--docs", "<dir>/docs"], "page.md:3"),  # an alias bomb in its front matter
}


def entries(urls) -> list[dict]:
    return [{"url": url, "title": title, "expect": [PHRASE]} for url, title in urls]


def test_help_explains_every_option(run_main):
    status, out, _ = run_main("--help")
    assert status == 0
    for word in ("--sources", "--json", "--markdown", "--timeout", "--retries", "--retry-after-cap", "--time-budget",
                 "--docs", "--settings", *STATUSES, "exit status", "Retry-After", "LinkChecker", "127.0.0.0/8"):
        assert word in out, word


@pytest.mark.parametrize("content,args,needle", [(c, [], n) for c, n in BAD_SOURCES.values()]
                         + [(NEVER, a, n) for a, n in BAD_OPTIONS.values()], ids=[*BAD_SOURCES, *BAD_OPTIONS])
def test_bad_input_exits_2_with_one_line_before_the_run(tmp_path, run_main, content, args, needle):
    path = tmp_path / "sources.yml"
    if content == "<dir>":
        path.mkdir()
    elif content == NEVER:
        sources_file(path, [NEVER])
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(f"---\n{ALIAS_BOMB}title: *i\n---\n\n本文。\n", encoding="utf-8")
    began = time.monotonic()
    status, out, err = run_main("--sources", str(path), "--json", str(tmp_path / "r.json"),
                                *(a.replace("<dir>", str(tmp_path)) for a in args))
    assert time.monotonic() - began < 10  # an alias bomb fails at once
    assert status == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], err
    assert str(path) in lines[0] or args
    assert not (tmp_path / "r.json").exists()


def test_exit_zero_and_one_request_at_a_time_per_host(run_checker):
    """Only ok/redirected -> exit 0; never two requests at once to one host, hosts in parallel."""
    with FaultServer() as server:
        urls = [(server.url(f"/paced/{n}", host), f"{host} {n}") for host in ("127.0.0.1", "localhost")
                for n in range(3)] + [(server.url("/moved-301"), "moved")]
        status, output, records, _ = run_checker(entries(urls), "--timeout", "2", "--retries", "0")
        assert status == 0, output
        assert {r["status"] for r in records.values()} == {"ok", "redirected"}
        assert server.max_in_flight == {"127.0.0.1": 1, "localhost": 1}


def test_host_time_budget_reports_unfinished_urls_as_not_checked(tmp_path, run_checker):
    """A host of slow URLs stops at its budget; the other host still finishes; nothing unchecked reads ok."""
    settings = tmp_path / "checker.yml"
    settings.write_text((DATA / "checker.yml").read_text(encoding="utf-8")
                        .replace("host_time_budget: 300", "host_time_budget: 3"), encoding="utf-8")
    with FaultServer() as server:
        urls = [(server.url("/slow", "127.0.0.1") + f"?n={n}", f"slow {n}") for n in range(4)]
        urls += [(server.url("/paced/0", "localhost"), "good")]
        began = time.monotonic()
        status, _, records, report = run_checker(entries(urls), "--markdown", str(tmp_path / "r.md"), "--settings",
                                                 str(settings), "--timeout", "2", "--retries", "2")
        elapsed = time.monotonic() - began
    slow = [records[f"slow {n}"] for n in range(4)]
    assert {r["status"] for r in slow} <= {"unreachable", "not-checked"}
    assert sum(r["status"] == "not-checked" for r in slow) >= 2, slow
    assert all(r["attempts"] == 0 for r in slow if r["status"] == "not-checked")
    assert records["good"]["status"] == "ok"
    assert status == 1 and "時間切れで未確認" in (tmp_path / "r.md").read_text(encoding="utf-8")
    assert report["hosts"]["127.0.0.1"]["seconds"] < 3 + 2, report["hosts"]
    assert elapsed < 3 + 15, elapsed  # four slow URLs with retries would take about 4 x 2 s x 3


def test_whole_run_budget(run_checker):
    with FaultServer() as server:
        urls = [(server.url("/slow", host) + f"?n={n}", f"{host} {n}") for host in ("127.0.0.1", "localhost")
                for n in range(3)]
        began = time.monotonic()
        _, _, records, _ = run_checker(entries(urls), "--timeout", "2", "--retries", "2", "--time-budget", "2")
        elapsed = time.monotonic() - began
    statuses = [r["status"] for r in records.values()]
    assert "not-checked" in statuses and "ok" not in statuses, statuses
    assert elapsed < 2 + 12, elapsed


def test_offline_machine_is_named_in_one_line(tmp_path, run_checker):
    urls = [(f"https://offline.invalid/page{n}", f"page {n}") for n in range(3)]
    status, output, _, _ = run_checker(entries(urls), "--markdown", str(tmp_path / "r.md"), "--timeout", "2",
                                       "--retries", "0")
    assert status == 1
    assert len([line for line in output.splitlines() if "looks offline" in line]) == 1, output
    assert "looks offline" in (tmp_path / "r.md").read_text(encoding="utf-8")
