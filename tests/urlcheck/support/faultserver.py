"""A fault-injection HTTP server on 127.0.0.1 for the URL checker tests (tests/urlcheck/).

    with FaultServer() as server:
        server.url("/ok")                     -> "http://127.0.0.1:<port>/ok"
        server.url("/ok", host="localhost")   -> same server under another host name

Every path answers in one deliberate way: an error status, a redirect (to a top page, another site,
javascript: ...), a 200 page that is not the article (says "not found", hides the old text from
readers, sends them away by script), a page in a Japanese legacy encoding, a tarpit sending one byte
a second, a body cut short (see PAGES, REDIRECTS, FAULT_PAGES, ROUTES). The server logs each request
(`server.log`) and the most requests it had in flight at once per Host header (`server.max_in_flight`).
Every answer carries a `LinkChecker` header, which lifts LinkChecker's pause between two requests to
one host (0.1-0.6 s) for this server only (scripts/urlcheck/linkcheckerrc `maxrequestspersecond`).
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections import defaultdict
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


PLAIN = "text/plain"


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def end_headers(self):
        self.send_header("LinkChecker", "fault-server")  # see the module docstring
        super().end_headers()

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

    def do_HEAD(self):
        self._handle()

    def do_GET(self):
        self._handle()

    def _handle(self):
        srv = self.server
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        path = self.path.split("?", 1)[0]
        with srv.lock:
            srv.log.append({"method": self.command, "path": path, "host": host, "time": time.monotonic(),
                            "user_agent": self.headers.get("User-Agent", "")})
            srv.count[path] += 1
            count = srv.count[path]
            srv.in_flight[host] += 1
            srv.max_in_flight[host] = max(srv.max_in_flight[host], srv.in_flight[host])
        try:
            self._route(path, count)
        finally:
            with srv.lock:
                srv.in_flight[host] -= 1

    def _route(self, path: str, count: int) -> None:
        """Answer path; `count` is how many times it has been asked for (1 on the first request)."""
        ua = self.headers.get("User-Agent", "")
        botlike = not ua.startswith("Mozilla/") or any(w in ua for w in ("LinkChecker", "python-requests", "curl"))
        if path in REDIRECTS:
            status, location = REDIRECTS[path]
            if location is None:  # to the same path on the other host name: another site
                location = f"http://localhost:{self.server.server_address[1]}/ok"
            return self._send(status, b"", {"Location": location})
        if path in FAULT_PAGES:
            title, body, extra = FAULT_PAGES[path]
            return self._send(200, html_page(title, body, head=extra.get("head", ""),
                                             body_attrs=extra.get("body", "")), extra.get("headers"))
        if path == "/head-405" and self.command == "HEAD":
            return self._send(405, b"", {"Allow": "GET"})
        if (path == "/flaky-500" and count == 1) or (path == "/rate-429-once" and count == 1) \
                or (path == "/bot-403" and botlike):
            return self._send(*ROUTES[path], content_type=PLAIN)
        if path == "/slow" or path.startswith("/paced/"):  # /paced/: long enough for two requests to overlap
            time.sleep(self.server.slow_seconds if path == "/slow" else 0.2)
        if path == "/tarpit":
            return self._tarpit()
        if path in ("/reset-mid-body", "/short-body"):
            return self._broken_body(reset=path == "/reset-mid-body")
        if path.startswith(("/paced/", "/articles/long-")) or path in ARTICLES:
            return self._send(200, html_page("記事", ARTICLE_BODY))
        if path in PAGES:
            status, body, headers, content_type = PAGES[path]
            return self._send(status, body, headers, content_type)
        return self._send(404, b"no such fault", content_type=PLAIN)

    def _announce(self, body: bytes) -> None:
        """Status line and headers of a 200 page of len(body) bytes; the body is up to the caller."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True

    def _tarpit(self) -> None:
        """Headers at once, then one byte a second: no single read ever waits long enough to time out."""
        body = html_page("記事", ARTICLE_BODY)
        self._announce(body)
        for byte in body[: self.server.tarpit_seconds]:
            if self.server.stopping.wait(1.0):
                break
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return

    def _broken_body(self, reset: bool) -> None:
        """Announce a whole page, send a part of it, then close (reset=True: with a TCP RST)."""
        body = html_page("記事", ARTICLE_BODY * 20)
        self._announce(body)
        self.wfile.write(body[: len(body) // 3])
        self.wfile.flush()
        if reset:  # SO_LINGER 0: close() sends RST instead of FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


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
                                {"head": "<style>.intro{color:red}\n"
                                         ".old-article { display : none !important }</style>"}),
    "/phrase-hidden-css-comment": ("記事", f'新しい製品のご案内です。<div style="display:/**/none">{PHRASE}</div>', {}),
    "/phrase-in-closed-dialog": ("記事", f"新しい製品のご案内です。<dialog><p>{PHRASE}</p></dialog>", {}),
    "/nf-typographic": ("Norton", f"Sorry, we can’t find the page you’re looking for. {ARTICLE_BODY}", {}),
    "/script-variable": ("記事", ARTICLE_BODY,
                         {"head": '<script>var home = "/";\nwindow.location.href = home;</script>'}),
    "/script-template": ("記事", ARTICLE_BODY,
                         {"head": "<script>location.assign(`${location.origin}/ja-jp/`);</script>"}),
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

HTML = "text/html; charset=utf-8"
SJIS = "text/html; charset=Shift_JIS"
ARTICLES = {"/ok", "/articles/new-home", "/private/page", "/flaky-500", "/rate-429-once", "/bot-403", "/slow",
            "/head-405", "/repo/norton/issues", "/repo/norton-evil/issues"}
# The first answer of a path that works from its second request on (/bot-403: for a bot User-Agent).
ROUTES = {"/flaky-500": (500, b"oops"), "/rate-429-once": (429, b"slow down", {"Retry-After": "1"}),
          "/bot-403": (403, b"bots keep out")}
_HUB_MENU = f'<nav><a href="/orders">{HUB_NAV_PHRASE}</a></nav>'
# path -> (status, body, headers, Content-Type)
PAGES = {
    "/robots.txt": (200, b"User-agent: *\nDisallow: /private/\n", None, PLAIN),
    **dict.fromkeys(("/", "/ja-jp/", "/sp/ja/jp/"),  # fine pages: only a deep link's redirect to them is wrong
                    (200, html_page("トップページ", ARTICLE_BODY), None, HTML)),
    "/gone-404": (404, b"not found", None, PLAIN),
    "/private/gone": (404, b"not found", None, PLAIN),
    "/gone-410": (410, b"gone", None, PLAIN),
    "/busy-503": (503, b"busy", {"Retry-After": "30"}, PLAIN),
    "/rate-429": (429, b"slow down", {"Retry-After": "1"}, PLAIN),
    "/soft-404": (200, html_page("ページが見つかりません", NOT_FOUND_BODY), None, HTML),
    "/drifted": (200, html_page("新製品のご案内", DRIFTED_BODY), None, HTML),
    "/sjis": (200, html_page("記事", ARTICLE_BODY, "shift_jis"), None, SJIS),
    "/eucjp-meta": (200, html_page("記事", ARTICLE_BODY, "euc-jp"), None, "text/html"),
    "/sjis-undeclared": (200, html_page("記事", ARTICLE_BODY * 3, "shift_jis", declare=False), None, "text/html"),
    # 0x8160 and 0x817C: Python's cp932 gives U+FF5E / U+FF0D, browsers 〜 / −
    "/sjis-wave-dash": (200, html_page("記事", ARTICLE_BODY + WAVE_DASH_QUOTE + MINUS_QUOTE, "cp932")
                        .replace(b'charset="cp932"', b'charset="shift_jis"'), None, SJIS),
    # one byte that is not Shift_JIS: a browser shows U+FFFD and goes on
    "/sjis-bad-byte": (200, html_page("記事", ARTICLE_BODY + "ＸＸ", "shift_jis")
                       .replace("ＸＸ".encode("shift_jis"), b"\x81\x20"), None, SJIS),
    # ① is in browsers' EUC-JP (NEC row 13), not in Python's euc_jp
    "/eucjp-circled": (200, html_page("記事", "手順①：" + ARTICLE_BODY, "euc_jis_2004")
                       .replace(b"euc_jis_2004", b"EUC-JP"), None, "text/html; charset=EUC-JP"),
    # the old sentence survives in <title> only
    "/quote-only-in-title": (200, html_page("お知らせ", "この記事は現在ご利用いただけません。")
                             .replace("<title>お知らせ".encode(), f"<title>{ARTICLE_BODY}".encode(), 1), None, HTML),
    "/cf-challenge": (403, html_page("Just a moment...", "Checking your browser"), {"cf-mitigated": "challenge"}, HTML),
    "/support-hub": (200, html_page("サポート", f"{_HUB_MENU}カテゴリを選んでください。<footer>{HUB_NAV_PHRASE}</footer>"),
                     None, HTML),
    # 1.6 MB: the article, then "<a " over and over (an unclosed tag to the end)
    "/huge-a": (200, html_page("記事", ARTICLE_BODY) + b"<a " * 533_000, None, HTML),
    "/bad-gzip": (200, gzip.compress(html_page("記事", ARTICLE_BODY))[:40] + b"\x00garbage-not-deflate" * 20,
                  {"Content-Encoding": "gzip"}, HTML),
}
# path -> (status, Location); None: the same server under another host name (another site).
REDIRECTS = {
    "/moved-301": (301, "/articles/new-home"),
    "/to-root-301": (301, "/"),
    "/to-root-302": (302, "/"),
    "/to-locale-302": (302, "/ja-jp/"),
    "/to-support-top-301": (301, "/sp/ja/jp/"),
    "/offsite-302": (302, None),
    "/loop": (302, "/loop"),
    "/moved-to-hub": (301, "/support-hub"),
    "/repo/norton/moved": (301, "/repo/norton/issues"),
    "/repo/norton/leaves": (301, "/repo/norton-evil/issues"),  # the repository's own path to another one
    "/long-redirect": (301, LONG_REDIRECT),
    # redirects that a browser would never follow to a page
    "/to-http": (302, "http://downgrade.invalid/article"),  # plain http:// (from https: a downgrade)
    "/to-javascript": (302, "javascript:alert(document.cookie)"),
    "/to-data": (302, "data:text/html,<h1>hi</h1>"),
    "/to-file": (302, "file:///etc/passwd"),
    "/to-ftp": (302, "ftp://ftp.example.com/pub/"),
    "/to-malformed": (302, "http://[::1/broken"),
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        """A client that gave up (timeout test) makes the write fail; that is expected."""


class FaultServer:
    """Start/stop the fault server on a free port of 127.0.0.1; see the module docstring."""

    def __init__(self, slow_seconds: float = 3, tarpit_seconds: int = 120):
        self.httpd = httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.lock, httpd.log, httpd.stopping = threading.Lock(), [], threading.Event()
        httpd.count, httpd.in_flight, httpd.max_in_flight = defaultdict(int), defaultdict(int), defaultdict(int)
        httpd.slow_seconds, httpd.tarpit_seconds = slow_seconds, tarpit_seconds
        self.port = httpd.server_address[1]
        self.thread = threading.Thread(target=httpd.serve_forever, name="faultserver", daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    @property
    def log(self) -> list[dict]:
        """The requests so far: {"method", "path", "host", "user_agent", "time"} each."""
        return list(self.httpd.log)

    @property
    def max_in_flight(self) -> dict[str, int]:
        return dict(self.httpd.max_in_flight)

    def __enter__(self) -> "FaultServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
