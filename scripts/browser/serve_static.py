"""Serve a built site folder on 127.0.0.1, optionally gzip-compressed, from a background thread.

Used by the browser tests (tests/browser/) and by `make bench` (scripts/browser/bench.py). Python's own
`http.server` sends no `Content-Encoding: gzip`, which makes Lighthouse and transfer figures look worse
than any real static host; this server compresses text types (HTML, CSS, JS, JSON, SVG, XML) when the
client sends `Accept-Encoding: gzip`, and keeps everything else as it is.

    python -m scripts.browser.serve_static site/ --port 8000          # serve until Ctrl-C
    python -m scripts.browser.serve_static site/ --no-gzip            # plain, like http.server

From Python:

    with serve("site") as base_url:   # "http://127.0.0.1:PORT/"
        ...
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from pathlib import Path
from typing import Iterator

COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
GZIP_LEVEL = 6  # what nginx and most hosts use


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus gzip, quiet logs and no caching surprises."""

    use_gzip = True
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".json": "application/json",
        ".xml": "application/xml",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
    }
    _cache: dict[tuple[str, float], bytes] = {}
    _lock = threading.Lock()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature from the base class
        pass

    def copyfile(self, source, outputfile) -> None:
        """Send the body and note its size (what went over the wire, compressed or not)."""
        sent = 0
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            sent += len(chunk)
        log = getattr(self.server, "sent_log", None)
        if log is not None:
            log.append((self.path, sent))

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):  # noqa: C901 - mirrors the base class
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class redirects to the slash form
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.use_gzip and wants_gzip and ctype.startswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        stat = os.stat(path)
        key = (path, stat.st_mtime)
        with self._lock:
            body = self._cache.get(key)
        if body is None:
            body = gzip.compress(Path(path).read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
            with self._lock:
                self._cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def serve(
    directory: str | os.PathLike, port: int = 0, use_gzip: bool = True, sent_log: list | None = None
) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (port 0 = any free port) and yield the base URL.

    If `sent_log` is a list, every response body sent is appended to it as (path, bytes).
    """
    handler = functools.partial(
        type("Handler", (StaticHandler,), {"use_gzip": use_gzip}), directory=str(directory)
    )
    server = _Server(("127.0.0.1", port), handler)
    server.sent_log = sent_log  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="serve_static", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.browser.serve_static", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", default="site", help="folder to serve (default: site)")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    parser.add_argument("--no-gzip", action="store_true", help="send files uncompressed")
    args = parser.parse_args(argv)
    with serve(args.directory, args.port, use_gzip=not args.no_gzip) as url:
        print(f"Serving {args.directory} on {url} (gzip {'off' if args.no_gzip else 'on'}); Ctrl-C stops")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
