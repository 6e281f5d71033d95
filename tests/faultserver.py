"""A fault-injection HTTP server on 127.0.0.1 for the official URL checker tests.

    with FaultServer() as server:
        server.url("/ok")                     -> "http://127.0.0.1:<port>/ok"
        server.url("/ok", host="localhost")   -> same server under another host name

Every path answers in one deliberate way (404, 500-then-200, redirect to "/", a 200 page
saying 「ページが見つかりません」, a Shift_JIS page, a tarpit sending one byte a second, a meta refresh to
the top page, a reset mid-body, a redirect to javascript: ...; see FAULT_PAGES and BAD_REDIRECTS).
Issue 19 added pages a browser reads differently from a naive parser: old text hidden by a class or
`display:/**/none` or in a closed <dialog>, a sentence left only in <title>, "can’t find", script
redirects through a variable / template string / `<body onload>`, a 301 to a hub whose menus hold the
expect phrase, Shift_JIS with 〜/− or a bad byte, EUC-JP with ①, a CSS-hidden not-found template, an
article quoting 「ページが見つかりません」, a Cloudflare challenge (403 + `cf-mitigated`), a 1.6 MB page of
`<a `, a 40,000-character redirect, and /repo/norton/ redirects that stay in or leave a path prefix. The server records each request
(`server.log`: method, path, host, user agent, time) and the most requests it had in flight at
once per Host header (`server.max_in_flight`), so tests can check retries, waits and the
one-request-at-a-time-per-host rule. It runs in a daemon thread on a free port and never leaves
the loopback interface.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PHRASE = "書かれた注文番号を確認"  # the `expect` phrase of the test sources (>= 10 characters)

PAGE = """<!doctype html><html lang="ja"><head><meta charset="{charset}"><title>{title}</title>{head}</head>
<body><h1>{title}</h1><p>{body}</p><p><a href="/never-requested">関連記事</a></p></body></html>"""

ARTICLE_BODY = (
    "ノートン製品の自動延長サービスを停止するには、購入時のメールに書かれた注文番号を確認してから、"
    "アカウントの画面で手続きしてください。手続きが終わると確認のメールが届きます。"
)
NOT_FOUND_BODY = "申し訳ございません。お探しのページが見つかりません。URL をご確認ください。"
DRIFTED_BODY = "この記事は新しい製品の紹介に置き換えられました。"
# Sentences with the characters Python's cp932 and browsers decode differently (〜 U+301C, − U+2212).
WAVE_DASH_QUOTE = "受付は平日の9時〜18時です。"
MINUS_QUOTE = "割引後の価格は通常価格−500円です。"
HUB_NAV_PHRASE = "ご注文情報の確認はこちら"  # in the menus of a hub page only
LONG_REDIRECT = "/articles/long-" + "x" * 40_000  # a Location far longer than any report line


def html_page(title: str, body: str, charset: str = "utf-8", declare: bool = True, head: str = "",
              body_attrs: str = "") -> bytes:
    """A small page encoded in charset (with or without a <meta charset> declaration)."""
    text = PAGE.format(charset=charset, title=title, body=body, head=head)
    if not declare:
        text = text.replace(f'<meta charset="{charset}">', "")
    if body_attrs:
        text = text.replace("<body>", f"<body {body_attrs}>", 1)
    return text.encode(charset)


@dataclass
class Hit:
    method: str
    path: str
    host: str
    user_agent: str
    time: float


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    # -- helpers -----------------------------------------------------------------------------
    def _send(self, status: int, body: bytes = b"", headers: dict | None = None,
              content_type: str | None = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        if content_type and body:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, b"", {"Location": location})

    def _article(self, title="記事") -> None:
        self._send(200, html_page(title, ARTICLE_BODY))

    # -- dispatch ----------------------------------------------------------------------------
    def do_HEAD(self):
        self._handle()

    def do_GET(self):
        self._handle()

    def _handle(self):
        srv = self.server
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        path = self.path.split("?", 1)[0]
        with srv.lock:
            srv.log.append(Hit(self.command, path, host, self.headers.get("User-Agent", ""), time.monotonic()))
            srv.count[path] += 1
            count = srv.count[path]
            srv.in_flight[host] += 1
            srv.max_in_flight[host] = max(srv.max_in_flight[host], srv.in_flight[host])
            total = sum(srv.in_flight.values())
            srv.max_in_flight_total = max(srv.max_in_flight_total, total)
        try:
            self._route(path, count)
        finally:
            with srv.lock:
                srv.in_flight[host] -= 1

    def _route(self, path: str, count: int) -> None:  # noqa: C901 - one branch per fault
        ua = self.headers.get("User-Agent", "")
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        if path in ("/", "/ja-jp/", "/sp/ja/jp/"):
            return self._send(200, html_page("トップページ", ARTICLE_BODY))  # a fine page: only the redirect is wrong
        if path in ("/ok", "/articles/new-home", "/private/page"):
            return self._article()
        if path == "/gone-404":
            return self._send(404, b"not found", content_type="text/plain")
        if path == "/gone-410":
            return self._send(410, b"gone", content_type="text/plain")
        if path == "/flaky-500":
            return self._send(500, b"oops", content_type="text/plain") if count == 1 else self._article()
        if path == "/busy-503":
            return self._send(503, b"busy", {"Retry-After": "30"}, content_type="text/plain")
        if path == "/rate-429":
            return self._send(429, b"slow down", {"Retry-After": "1"}, content_type="text/plain")
        if path == "/rate-429-once":
            if count == 1:
                return self._send(429, b"slow down", {"Retry-After": "1"}, content_type="text/plain")
            return self._article()
        if path == "/moved-301":
            return self._redirect(301, "/articles/new-home")
        if path == "/to-root-301":
            return self._redirect(301, "/")
        if path == "/to-root-302":
            return self._redirect(302, "/")
        if path == "/to-locale-302":
            return self._redirect(302, "/ja-jp/")
        if path == "/to-support-top-301":
            return self._redirect(301, "/sp/ja/jp/")
        if path == "/offsite-302":
            # localhost and 127.0.0.1 are different sites (the registrable names differ).
            return self._redirect(302, f"http://localhost:{self.server.server_address[1]}/ok")
        if path == "/soft-404":
            return self._send(200, html_page("ページが見つかりません", NOT_FOUND_BODY))
        if path == "/loop":
            return self._redirect(302, "/loop")
        if path == "/slow":
            time.sleep(self.server.slow_seconds)
            return self._article()
        if path == "/head-405":
            if self.command == "HEAD":
                return self._send(405, b"", {"Allow": "GET"})
            return self._article()
        if path == "/bot-403":
            botlike = not ua.startswith("Mozilla/") or any(w in ua for w in ("LinkChecker", "python-requests", "curl"))
            return self._send(403, b"bots keep out", content_type="text/plain") if botlike else self._article()
        if path == "/private/gone":
            return self._send(404, b"not found", content_type="text/plain")
        if path == "/drifted":
            return self._send(200, html_page("新製品のご案内", DRIFTED_BODY))
        if path == "/sjis":
            return self._send(200, html_page("記事", ARTICLE_BODY, "shift_jis"), content_type="text/html; charset=Shift_JIS")
        if path == "/eucjp-meta":
            return self._send(200, html_page("記事", ARTICLE_BODY, "euc-jp"), content_type="text/html")
        if path == "/sjis-wave-dash":  # 0x8160 and 0x817C: Python's cp932 gives U+FF5E / U+FF0D, browsers 〜 / −
            body = f"{ARTICLE_BODY}{WAVE_DASH_QUOTE}{MINUS_QUOTE}"
            return self._send(200, html_page("記事", body, "cp932").replace(b'charset="cp932"', b'charset="shift_jis"'),
                              content_type="text/html; charset=Shift_JIS")
        if path == "/sjis-bad-byte":  # one byte that is not Shift_JIS: a browser shows U+FFFD and goes on
            page = html_page("記事", ARTICLE_BODY + "ＸＸ", "shift_jis").replace("ＸＸ".encode("shift_jis"), b"\x81\x20")
            return self._send(200, page, content_type="text/html; charset=Shift_JIS")
        if path == "/eucjp-circled":  # ① is in browsers' EUC-JP (NEC row 13), not in Python's euc_jp
            page = html_page("記事", "手順①：" + ARTICLE_BODY, "euc_jis_2004").replace(b"euc_jis_2004", b"EUC-JP")
            return self._send(200, page, content_type="text/html; charset=EUC-JP")
        if path == "/quote-only-in-title":  # the old sentence survives in <title> only
            page = html_page("お知らせ", "この記事は現在ご利用いただけません。")
            return self._send(200, page.replace("<title>お知らせ".encode(), f"<title>{ARTICLE_BODY}".encode(), 1))
        if path == "/cf-challenge":
            return self._send(403, html_page("Just a moment...", "Checking your browser"), {"cf-mitigated": "challenge"})
        if path == "/moved-to-hub":
            return self._redirect(301, "/support-hub")
        if path == "/support-hub":
            menu = f'<nav><a href="/orders">{HUB_NAV_PHRASE}</a></nav>'
            return self._send(200, html_page("サポート", f"{menu}カテゴリを選んでください。"
                                                        f"<footer>{HUB_NAV_PHRASE}</footer>"))
        if path == "/repo/norton/moved":
            return self._redirect(301, "/repo/norton/issues")
        if path == "/repo/norton/leaves":  # the repository's own path to another repository
            return self._redirect(301, "/repo/norton-evil/issues")
        if path in ("/repo/norton/issues", "/repo/norton-evil/issues"):
            return self._article()
        if path == "/long-redirect":
            return self._redirect(301, LONG_REDIRECT)
        if path.startswith("/articles/long-"):
            return self._article()
        if path == "/huge-a":  # 1.6 MB: the article, then "<a " over and over (an unclosed tag to the end)
            return self._send(200, html_page("記事", ARTICLE_BODY) + b"<a " * 533_000)
        if path == "/sjis-undeclared":
            return self._send(200, html_page("記事", ARTICLE_BODY * 3, "shift_jis", declare=False),
                              content_type="text/html")
        if path in FAULT_PAGES:
            title, body, extra = FAULT_PAGES[path]
            return self._send(200, html_page(title, body, head=extra.get("head", ""), body_attrs=extra.get("body", "")),
                              extra.get("headers"))
        if path == "/tarpit":
            return self._tarpit()
        if path == "/reset-mid-body":
            return self._broken_body(reset=True)
        if path == "/short-body":
            return self._broken_body(reset=False)
        if path == "/bad-gzip":
            body = gzip.compress(html_page("記事", ARTICLE_BODY))[:40] + b"\x00garbage-not-deflate" * 20
            return self._send(200, body, {"Content-Encoding": "gzip"})
        if path in BAD_REDIRECTS:
            return self._redirect(302, BAD_REDIRECTS[path])
        if path.startswith("/paced/"):
            time.sleep(self.server.paced_seconds)
            return self._article()
        return self._send(404, b"no such fault", content_type="text/plain")

    def _tarpit(self) -> None:
        """Headers at once, then one byte a second: no single read ever waits long enough to time out."""
        body = html_page("記事", ARTICLE_BODY)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        for byte in body[: self.server.tarpit_seconds]:
            if self.server.stopping.wait(1.0):
                break
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
        self.close_connection = True

    def _broken_body(self, reset: bool) -> None:
        """Announce a whole page, send a part of it, then close (reset=True: with a TCP RST)."""
        body = html_page("記事", ARTICLE_BODY * 20)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 3])
        self.wfile.flush()
        if reset:  # SO_LINGER 0: close() sends RST instead of FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True


# 200 pages that hide a fault in their markup: path -> (title, body, {"head": ..., "headers": ...}).
# Each still contains PHRASE where a reader would not see it, or says "not found" in a new way.
_NOT_FOUND_WORDINGS = {
    "/nf-sagashi": "お探しのページは見つかりません。",
    "/nf-moved": "ご指定のページは存在しないか、移動した可能性があります。",
    "/nf-404-error": "404 エラー",
    "/nf-couldnt": "Sorry, we couldn't find that page.",
    "/nf-no-article": "該当する記事はありません。",
    "/nf-deleted": "この記事は削除されました。",
}
FAULT_PAGES = {
    **{path: ("ノートン サポート", f"{text} {ARTICLE_BODY}", {}) for path, text in _NOT_FOUND_WORDINGS.items()},
    "/nf-title": ("404 | Norton", ARTICLE_BODY, {}),
    "/meta-refresh": ("記事", ARTICLE_BODY, {"head": '<meta http-equiv="refresh" content="0; URL=\'/\'">'}),
    "/refresh-header": ("記事", ARTICLE_BODY, {"headers": {"Refresh": "0; url=/ja-jp/"}}),
    "/script-location": ("記事", ARTICLE_BODY, {"head": '<script>window.location.replace("/sp/ja/jp/");</script>'}),
    "/phrase-in-script": ("記事", "新しい製品のご案内です。",
                          {"head": f"<script>var s = '{PHRASE}';</script>"}),
    "/phrase-in-comment": ("記事", f"新しい製品のご案内です。<!-- {PHRASE} -->", {}),
    "/phrase-hidden": ("記事", f'新しい製品のご案内です。<span style="display:none">{PHRASE}</span>', {}),
    "/phrase-in-meta": ("記事", "新しい製品のご案内です。", {"head": f'<meta name="description" content="{PHRASE}">'}),
    "/phrase-in-attr": ("記事", f'新しい製品のご案内です。<img alt="{PHRASE}" src="x.png">', {}),
    # issue 19: text a reader does not see, and redirects by script the old pattern missed
    "/phrase-hidden-by-class": ("記事", f'新しい製品のご案内です。<div class="old-article">{PHRASE}</div>',
                                {"head": "<style>.intro{color:red}\n.old-article { display : none !important }</style>"}),
    "/phrase-hidden-css-comment": ("記事", f'新しい製品のご案内です。<div style="display:/**/none">{PHRASE}</div>', {}),
    "/phrase-in-closed-dialog": ("記事", f"新しい製品のご案内です。<dialog><p>{PHRASE}</p></dialog>", {}),
    "/nf-typographic": ("Norton", f"Sorry, we can’t find the page you’re looking for. {ARTICLE_BODY}", {}),
    "/script-variable": ("記事", ARTICLE_BODY, {"head": '<script>var home = "/";\nwindow.location.href = home;</script>'}),
    "/script-template": ("記事", ARTICLE_BODY, {"head": "<script>location.assign(`${location.origin}/ja-jp/`);</script>"}),
    "/body-onload": ("記事", ARTICLE_BODY, {"body": "onload=\"location.replace('/sp/ja/jp/')\""}),
    "/nf-hidden-template": ("記事", '<div class="nf"><h1>ページが見つかりません</h1><p>お探しのページは見つかりませんでした。</p>'
                                  f"</div>{ARTICLE_BODY}", {"head": "<style>.nf{display:none}</style>"}),
    "/quotes-not-found-message": ("「ページが見つかりません」と表示されたとき",
                                  f"「ページが見つかりません」と表示されたときは、アドレスを確かめてください。{ARTICLE_BODY}", {}),
    "/split-wbr": ("記事", "購入時のメールに書かれた注文<wbr>番号を確認してください。", {}),
    "/split-zwsp": ("記事", "購入時のメールに書かれた注文\u200b番号を確認してください。", {}),
    "/split-shy": ("記事", "購入時のメールに書かれた注文\u00ad番号を確認してください。", {}),
    "/split-ruby": ("記事", "購入時のメールに書かれた<ruby>注文<rp>(</rp><rt>ちゅうもん</rt><rp>)</rp></ruby>番号を"
                            "確認してください。", {}),
    "/latin-inside-word": ("Article", "Turn off autorenewal in My Account. 注文番号", {}),
    "/lost-quotes": ("記事", "ノートン製品の注文番号を確認する方法を、新しい説明に書き換えました。", {}),
    "/quotes-kept": ("記事", ARTICLE_BODY, {}),
}

# Redirects that a browser would never follow to a page: path -> Location.
BAD_REDIRECTS = {
    "/to-http": "http://downgrade.invalid/article",  # plain http:// (from https: a downgrade)
    "/to-javascript": "javascript:alert(document.cookie)",
    "/to-data": "data:text/html,<h1>hi</h1>",
    "/to-file": "file:///etc/passwd",
    "/to-ftp": "ftp://ftp.example.com/pub/",
    "/to-malformed": "http://[::1/broken",
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        """A client that gave up (timeout test) makes the write fail; that is expected."""


class FaultServer:
    """Start/stop the fault server; see the module docstring."""

    def __init__(self, slow_seconds: float = 2.5, paced_seconds: float = 0.3, bind: str = "127.0.0.1",
                 tarpit_seconds: int = 120):
        self.httpd = _Server((bind, 0), _Handler)
        self.httpd.lock = threading.Lock()
        self.httpd.log = []
        self.httpd.count = defaultdict(int)
        self.httpd.in_flight = defaultdict(int)
        self.httpd.max_in_flight = defaultdict(int)
        self.httpd.max_in_flight_total = 0
        self.httpd.slow_seconds = slow_seconds
        self.httpd.paced_seconds = paced_seconds
        self.httpd.tarpit_seconds = tarpit_seconds
        self.httpd.stopping = threading.Event()
        self.port = self.httpd.server_address[1]
        self.bind = bind
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="faultserver", daemon=True)

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.bind}:{self.port}{path}"

    @property
    def log(self) -> list[Hit]:
        return list(self.httpd.log)

    @property
    def max_in_flight(self) -> dict[str, int]:
        return dict(self.httpd.max_in_flight)

    @property
    def max_in_flight_total(self) -> int:
        return self.httpd.max_in_flight_total

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.httpd.log if h.path == path]

    def start(self) -> "FaultServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
