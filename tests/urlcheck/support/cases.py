"""The fault cases of the URL checker (one checker run over all, one test per row: test_fault_cases.py): a path
of the fault server, the status it must get, a text its detail must contain, and where it matters the number
of attempts (the fault run retries once). The two host names of the server are checked in parallel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tests.urlcheck.support.faultserver import HUB_NAV_PHRASE, MINUS_QUOTE, PHRASE, WAVE_DASH_QUOTE, FaultServer

QUOTE_KEPT = "手続きが終わると確認のメールが届きます。"  # a sentence of faultserver.ARTICLE_BODY
QUOTE_GONE = "この手順は店頭でも受け付けています。"
# "Billion laughs": nine levels of nine aliases (387 million strings once expanded).
ALIAS_BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
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
    attempts: int | None = None
    detail: str = ""


CASES = [
    Case("200", "/ok", "ok", attempts=1),
    Case("404", "/gone-404", "broken", "localhost"),
    Case("410", "/gone-410", "broken"),
    Case("500 then 200 (flaky)", "/flaky-500", "ok", "localhost", attempts=2),
    Case("503 with Retry-After every time", "/busy-503", "unreachable", attempts=2, detail="Retry-After asked 30 s"),
    Case("429 every time", "/rate-429", "unreachable", "localhost", detail="HTTP 429"),
    Case("429 once, then 200", "/rate-429-once", "ok"),
    Case("301 to another deep page", "/moved-301", "redirected", "localhost"),
    Case("301 to /", "/to-root-301", "soft-404"),
    Case("302 to /", "/to-root-302", "soft-404", "localhost"),
    Case("302 to a locale root /ja-jp/", "/to-locale-302", "soft-404"),
    Case("301 to support top /sp/ja/jp/", "/to-support-top-301", "soft-404", "localhost"),
    Case("302 to another site", "/offsite-302", "soft-404"),
    Case("200 saying ページが見つかりません", "/soft-404", "soft-404", "localhost"),
    Case("redirect loop", "/loop", "broken"),
    Case("slower than the timeout", "/slow", "unreachable", "localhost", attempts=2),
    Case("HEAD 405 but GET 200", "/head-405", "ok"),
    Case("403 for a bot User-Agent only", "/bot-403", "ok", "localhost"),
    Case("robots.txt disallows the path (page 200)", "/private/page", "ok"),
    Case("robots.txt disallows the path (page 404)", "/private/gone", "broken", "localhost"),
    Case("expect phrase missing", "/drifted", "drifted"),
    Case("Shift_JIS page with the phrase (header)", "/sjis", "ok", "localhost"),
    Case("EUC-JP page with the phrase (meta only)", "/eucjp-meta", "ok"),
    Case("Shift_JIS page with the phrase (undeclared)", "/sjis-undeclared", "ok", "localhost"),
    # issue 9: time
    Case("tarpit: one byte a second", "/tarpit", "unreachable", attempts=1, detail="did not finish"),
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
    Case("reset mid-body", "/reset-mid-body", "unreachable", attempts=2),
    Case("short body", "/short-body", "unreachable", "localhost", attempts=2),
    Case("bad gzip body", "/bad-gzip", "unreachable", attempts=2),
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
    Case("redirect out of the allowed path_prefix", "/repo/norton/leaves", "soft-404",
         detail="/repo/norton-evil/issues"),
]


def sources_entry(server: FaultServer, case: Case) -> dict:
    """The links.yml entry of one fault case."""
    entry = {"url": server.url(case.path, case.host), "title": case.name, "expect": list(case.expect),
             "quotes": list(case.quotes)}
    return {key: value for key, value in entry.items() if value}


def sources_file(path: Path, entries: list[dict], allowed=None) -> Path:
    """Write a links.yml-like file: allowed_domains (default: every host of the entries) and sources."""
    hosts = dict.fromkeys(urlsplit(e["url"]).hostname for e in entries)
    data = {"allowed_domains": allowed or [{"host": h} for h in hosts], "sources": entries}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
