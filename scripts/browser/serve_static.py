"""Serve a built site folder on 127.0.0.1 from a thread, gzip-compressed like a real static host
(`http.server` alone sends no gzip, which makes Lighthouse and transfer figures look worse).

    with serve("site") as base_url: ...  # "http://127.0.0.1:PORT/"
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from pathlib import Path
from typing import Iterator

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)  # level 6: what nginx uses


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus gzip, quiet logs, no caching, and a log of the bytes sent."""

    sent_log: list | None = None  # (path, bytes) of every response body, when a list
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # the same on every machine
                      ".js": "application/javascript", ".json": "application/json", ".xml": "application/xml",
                      ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json"}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature from the base class
        pass

    def copyfile(self, source, outputfile) -> None:
        body = source.read()
        outputfile.write(body)
        if self.sent_log is not None:
            self.sent_log.append((self.path, len(body)))

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and ctype.startswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()  # also redirects a folder without its slash
        body = _gzipped(path, os.stat(path).st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory, sent_log: list | None = None) -> Iterator[str]:
    """Serve `directory` on a free port of 127.0.0.1 and yield the base URL.

    If `sent_log` is a list, every response body sent is appended to it as (path, bytes).
    """
    handler = type("Handler", (StaticHandler,), {"sent_log": sent_log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="serve_static", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
