"""A fault-injection HTTP server on 127.0.0.1 for the official URL checker tests.

    with FaultServer() as server:
        server.url("/ok")                     -> "http://127.0.0.1:<port>/ok"
        server.url("/ok", host="localhost")   -> same server under another host name

Every path in ROUTES answers in one deliberate way (404, 500-then-200, redirect to "/", a 200 page
saying 「ページが見つかりません」, a Shift_JIS page ...). The server records each request
(`server.log`: method, path, host, user agent, time) and the most requests it had in flight at
once per Host header (`server.max_in_flight`), so tests can check retries, waits and the
one-request-at-a-time-per-host rule. It runs in a daemon thread on a free port and never leaves
the loopback interface.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PHRASE = "注文番号"  # the `expect` phrase of the test sources

PAGE = """<!doctype html><html lang="ja"><head><meta charset="{charset}"><title>{title}</title></head>
<body><h1>{title}</h1><p>{body}</p><p><a href="/never-requested">関連記事</a></p></body></html>"""

ARTICLE_BODY = (
    "ノートン製品の自動延長サービスを停止するには、購入時のメールに書かれた注文番号を確認してから、"
    "アカウントの画面で手続きしてください。手続きが終わると確認のメールが届きます。"
)
NOT_FOUND_BODY = "申し訳ございません。お探しのページが見つかりません。URL をご確認ください。"
DRIFTED_BODY = "この記事は新しい製品の紹介に置き換えられました。"


def html_page(title: str, body: str, charset: str = "utf-8", declare: bool = True) -> bytes:
    """A small page encoded in charset (with or without a <meta charset> declaration)."""
    text = PAGE.format(charset=charset, title=title, body=body)
    if not declare:
        text = text.replace(f'<meta charset="{charset}">', "")
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
        if path == "/sjis-undeclared":
            return self._send(200, html_page("記事", ARTICLE_BODY * 3, "shift_jis", declare=False),
                              content_type="text/html")
        if path.startswith("/paced/"):
            time.sleep(self.server.paced_seconds)
            return self._article()
        return self._send(404, b"no such fault", content_type="text/plain")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        """A client that gave up (timeout test) makes the write fail; that is expected."""


class FaultServer:
    """Start/stop the fault server; see the module docstring."""

    def __init__(self, slow_seconds: float = 2.5, paced_seconds: float = 0.3, bind: str = "127.0.0.1"):
        self.httpd = _Server((bind, 0), _Handler)
        self.httpd.lock = threading.Lock()
        self.httpd.log = []
        self.httpd.count = defaultdict(int)
        self.httpd.in_flight = defaultdict(int)
        self.httpd.max_in_flight = defaultdict(int)
        self.httpd.max_in_flight_total = 0
        self.httpd.slow_seconds = slow_seconds
        self.httpd.paced_seconds = paced_seconds
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
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
