"""A fault-injection HTTP server on 127.0.0.1 for the URL checker tests (tests/urlcheck/).

    with FaultServer() as server:
        server.url("/ok")                     -> "http://127.0.0.1:<port>/ok"
        server.url("/ok", host="localhost")   -> same server under another host name

Each path answers in one deliberate way (ANSWERS, and the few paths `_Handler._answer` handles itself).
The server logs each request (`server.log`) and the most requests in flight at once per Host header
(`server.max_in_flight`). Every answer carries a `LinkChecker` header, which lifts LinkChecker's pause
between two requests to one host for this server only (scripts/urlcheck/linkcheckerrc).
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PHRASE = "書かれた注文番号を確認"  # the `expect` phrase of the test sources (>= 10 characters)
ARTICLE_BODY = (
    "ノートン製品の自動延長サービスを停止するには、購入時のメールに書かれた注文番号を確認してから、"
    "アカウントの画面で手続きしてください。手続きが終わると確認のメールが届きます。"
)
NEW_TEXT = "新しい製品のご案内です。"  # what a page says where the old article was
# Sentences with the characters Python's cp932 and browsers decode differently (〜 U+301C, − U+2212).
WAVE_DASH_QUOTE = "受付は平日の9時〜18時です。"
MINUS_QUOTE = "割引後の価格は通常価格−500円です。"
HUB_NAV_PHRASE = "ご注文情報の確認はこちら"  # in the menus of a hub page only
LONG_REDIRECT = "/articles/long-" + "x" * 40_000  # a Location far longer than any report line
SLOW_SECONDS = 3  # /slow answers after this: longer than the tests' --timeout 2
PLAIN, HTML, SJIS = "text/plain", "text/html; charset=utf-8", "text/html; charset=Shift_JIS"


def html_page(title: str, body: str, charset: str = "utf-8", declare: bool = True, head: str = "",
              body_attrs: str = "") -> bytes:
    """A small page encoded in charset (with or without a <meta charset> declaration)."""
    meta = f'<meta charset="{charset}">' if declare else ""
    return (f'<!doctype html><html lang="ja"><head>{meta}<title>{title}</title>{head}</head>\n'
            f'<body{" " * bool(body_attrs)}{body_attrs}><h1>{title}</h1><p>{body}</p>'
            '<p><a href="/never-requested">関連記事</a></p></body></html>').encode(charset)


def page(title: str, body: str, head: str = "", headers: dict | None = None, **options) -> tuple:
    """A 200 HTML page: (status, body, headers, Content-Type)."""
    return 200, html_page(title, body, head=head, **options), headers, HTML


def redirect(status: int, location: str | None) -> tuple:
    """A redirect; location None: the same server under another host name (another site)."""
    return status, b"", {"Location": location}, None


def plain(status: int, text: bytes, headers: dict | None = None) -> tuple:
    return status, text, headers, PLAIN


ARTICLE = page("記事", ARTICLE_BODY)
# path -> (status, body, headers, Content-Type)
ANSWERS = {
    **dict.fromkeys(("/ok", "/articles/new-home", "/private/page", "/flaky-500", "/rate-429-once", "/bot-403",
                     "/slow", "/head-405", "/repo/norton/issues", "/repo/norton-evil/issues", "/quotes-kept",
                     "/", "/ja-jp/", "/sp/ja/jp/"), ARTICLE),  # top pages are fine: only redirects to them are wrong
    "/robots.txt": plain(200, b"User-agent: *\nDisallow: /private/\n"),
    **dict.fromkeys(("/gone-404", "/private/gone"), plain(404, b"not found")),
    "/gone-410": plain(410, b"gone"),
    "/busy-503": plain(503, b"busy", {"Retry-After": "30"}),
    "/rate-429": plain(429, b"slow down", {"Retry-After": "1"}),
    "/soft-404": page("ページが見つかりません", "申し訳ございません。お探しのページが見つかりません。URL をご確認ください。"),
    "/drifted": page("新製品のご案内", "この記事は新しい製品の紹介に置き換えられました。"),
    # new ways of saying "not found"
    "/nf-sagashi": page("ノートン サポート", f"お探しのページは見つかりません。{ARTICLE_BODY}"),
    "/nf-moved": page("ノートン サポート", f"ご指定のページは存在しないか、移動した可能性があります。{ARTICLE_BODY}"),
    "/nf-404-error": page("ノートン サポート", f"404 エラー {ARTICLE_BODY}"),
    "/nf-couldnt": page("ノートン サポート", f"Sorry, we couldn't find that page. {ARTICLE_BODY}"),
    "/nf-no-article": page("ノートン サポート", f"該当する記事はありません。{ARTICLE_BODY}"),
    "/nf-deleted": page("ノートン サポート", f"この記事は削除されました。{ARTICLE_BODY}"),
    "/nf-typographic": page("Norton", f"Sorry, we can’t find the page you’re looking for. {ARTICLE_BODY}"),
    "/nf-title": page("404 | Norton", ARTICLE_BODY),
    "/meta-refresh": page("記事", ARTICLE_BODY, '<meta http-equiv="refresh" content="0; URL=\'/\'">'),
    "/refresh-header": page("記事", ARTICLE_BODY, headers={"Refresh": "0; url=/ja-jp/"}),
    "/script-location": page("記事", ARTICLE_BODY, '<script>window.location.replace("/sp/ja/jp/");</script>'),
    "/script-variable": page("記事", ARTICLE_BODY, '<script>var home = "/";\nwindow.location.href = home;</script>'),
    "/script-template": page("記事", ARTICLE_BODY, "<script>location.assign(`${location.origin}/ja-jp/`);</script>"),
    "/body-onload": page("記事", ARTICLE_BODY, body_attrs="onload=\"location.replace('/sp/ja/jp/')\""),
    # the phrase is there, but not where a reader sees it
    "/phrase-in-script": page("記事", NEW_TEXT, f"<script>var s = '{PHRASE}';</script>"),
    "/phrase-in-comment": page("記事", f"{NEW_TEXT}<!-- {PHRASE} -->"),
    "/phrase-hidden": page("記事", f'{NEW_TEXT}<span style="display:none">{PHRASE}</span>'),
    "/phrase-in-meta": page("記事", NEW_TEXT, f'<meta name="description" content="{PHRASE}">'),
    "/phrase-in-attr": page("記事", f'{NEW_TEXT}<img alt="{PHRASE}" src="x.png">'),
    "/phrase-hidden-by-class": page("記事", f'{NEW_TEXT}<div class="old-article">{PHRASE}</div>',
                                    "<style>.intro{color:red}\n.old-article { display : none !important }</style>"),
    "/phrase-hidden-css-comment": page("記事", f'{NEW_TEXT}<div style="display:/**/none">{PHRASE}</div>'),
    "/phrase-in-closed-dialog": page("記事", f"{NEW_TEXT}<dialog><p>{PHRASE}</p></dialog>"),
    "/nf-hidden-template": page("記事", '<div class="nf"><h1>ページが見つかりません</h1><p>お探しのページは見つかりません'
                                      f"でした。</p></div>{ARTICLE_BODY}", "<style>.nf{display:none}</style>"),
    "/quotes-not-found-message": page("「ページが見つかりません」と表示されたとき", "「ページが見つかりません」と表示された"
                                      f"ときは、アドレスを確かめてください。{ARTICLE_BODY}"),
    # the phrase split by what a reader does not see
    "/split-wbr": page("記事", "購入時のメールに書かれた注文<wbr>番号を確認してください。"),
    "/split-zwsp": page("記事", "購入時のメールに書かれた注文\u200b番号を確認してください。"),
    "/split-shy": page("記事", "購入時のメールに書かれた注文\u00ad番号を確認してください。"),
    "/split-ruby": page("記事", "購入時のメールに書かれた<ruby>注文<rp>(</rp><rt>ちゅうもん</rt><rp>)</rp></ruby>番号を"
                              "確認してください。"),
    "/latin-inside-word": page("Article", "Turn off autorenewal in My Account. 注文番号"),
    "/lost-quotes": page("記事", "ノートン製品の注文番号を確認する方法を、新しい説明に書き換えました。"),
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
    "/support-hub": page("サポート", f'<nav><a href="/orders">{HUB_NAV_PHRASE}</a></nav>カテゴリを選んでください。'
                                 f"<footer>{HUB_NAV_PHRASE}</footer>"),
    # 1.6 MB: the article, then "<a " over and over (an unclosed tag to the end)
    "/huge-a": (200, html_page("記事", ARTICLE_BODY) + b"<a " * 533_000, None, HTML),
    "/bad-gzip": (200, gzip.compress(html_page("記事", ARTICLE_BODY))[:40] + b"\x00garbage-not-deflate" * 20,
                  {"Content-Encoding": "gzip"}, HTML),
    "/moved-301": redirect(301, "/articles/new-home"),
    "/to-root-301": redirect(301, "/"),
    "/to-root-302": redirect(302, "/"),
    "/to-locale-302": redirect(302, "/ja-jp/"),
    "/to-support-top-301": redirect(301, "/sp/ja/jp/"),
    "/offsite-302": redirect(302, None),
    "/loop": redirect(302, "/loop"),
    "/moved-to-hub": redirect(301, "/support-hub"),
    "/repo/norton/moved": redirect(301, "/repo/norton/issues"),
    "/repo/norton/leaves": redirect(301, "/repo/norton-evil/issues"),  # the repository's own path to another one
    "/long-redirect": redirect(301, LONG_REDIRECT),
    # redirects that a browser would never follow to a page
    "/to-http": redirect(302, "http://downgrade.invalid/article"),  # plain http:// (from https: a downgrade)
    "/to-javascript": redirect(302, "javascript:alert(document.cookie)"),
    "/to-data": redirect(302, "data:text/html,<h1>hi</h1>"),
    "/to-file": redirect(302, "file:///etc/passwd"),
    "/to-ftp": redirect(302, "ftp://ftp.example.com/pub/"),
    "/to-malformed": redirect(302, "http://[::1/broken"),
}
# The first answer of a path that works from its second request on (/bot-403: for a bot User-Agent).
FIRST = {"/flaky-500": plain(500, b"oops"), "/rate-429-once": plain(429, b"slow down", {"Retry-After": "1"}),
         "/bot-403": plain(403, b"bots keep out")}


class _Handler(BaseHTTPRequestHandler):
    server: "FaultServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def end_headers(self):
        self.send_header("LinkChecker", "fault-server")  # see the module docstring
        super().end_headers()

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        with self.server.lock:
            self.server.log.append({"method": self.command, "path": path, "host": host, "time": time.monotonic(),
                                    "user_agent": self.headers.get("User-Agent", "")})
            self.server.count[path] += 1
            first = self.server.count[path] == 1
            self.server.in_flight[host] += 1
            self.server.max_in_flight[host] = max(self.server.max_in_flight[host], self.server.in_flight[host])
        try:
            self._answer(path, first)
        finally:
            with self.server.lock:
                self.server.in_flight[host] -= 1

    do_HEAD = do_GET

    def _answer(self, path: str, first: bool) -> None:
        ua = self.headers.get("User-Agent", "")
        bot = not ua.startswith("Mozilla/") or any(w in ua for w in ("LinkChecker", "python-requests", "curl"))
        if path == "/head-405" and self.command == "HEAD":
            return self._send(405, b"", {"Allow": "GET"})
        if path in FIRST and (bot if path == "/bot-403" else first):
            return self._send(*FIRST[path])
        if path == "/slow" or path.startswith("/paced/"):  # /paced/: long enough for two requests to overlap
            time.sleep(SLOW_SECONDS if path == "/slow" else 0.2)
        if path == "/tarpit":
            return self._tarpit()
        if path in ("/reset-mid-body", "/short-body"):
            return self._broken_body(reset=path == "/reset-mid-body")
        if path.startswith(("/paced/", "/articles/long-")):
            return self._send(*ARTICLE)
        status, body, headers, content_type = ANSWERS.get(path, plain(404, b"no such fault"))
        if headers == {"Location": None}:
            headers = {"Location": f"http://localhost:{self.server.server_address[1]}/ok"}
        self._send(status, body, headers, content_type)

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None, content_type: str | None = None,
              length: int | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
            self.wfile.flush()

    def _tarpit(self) -> None:
        """Headers at once, then one byte a second: no single read ever waits long enough to time out."""
        body = html_page("記事", ARTICLE_BODY)
        self.close_connection = True
        self._send(200, b"", None, HTML, length=len(body))
        for byte in body[:120]:
            if self.server.stopping.wait(1.0):
                break
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return

    def _broken_body(self, reset: bool) -> None:
        """Announce a whole page, send a third of it, then close (reset=True: with a TCP RST)."""
        body = html_page("記事", ARTICLE_BODY * 20)
        self.close_connection = True
        self._send(200, body[: len(body) // 3], None, HTML, length=len(body))
        if reset:  # SO_LINGER 0: close() sends RST instead of FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


class FaultServer(ThreadingHTTPServer):
    """The fault server on a free port of 127.0.0.1, serving in a thread while in a `with` block."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock, self.stopping = threading.Lock(), threading.Event()
        self.log: list[dict] = []  # the requests: {"method", "path", "host", "user_agent", "time"} each
        self.count, self.in_flight, self.max_in_flight = Counter(), Counter(), Counter()
        self.port = self.server_address[1]

    def handle_error(self, request, client_address):
        """A client that gave up (timeout test) makes the write fail; that is expected."""

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> "FaultServer":
        threading.Thread(target=self.serve_forever, name="faultserver", daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
