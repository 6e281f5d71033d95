"""Debian's Chromium as every browser tool here starts it (tests/browser/, `make bench`, phone.py, search
recall): quiet, loopback-only and watched. The environment variable CHROMIUM names another binary."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from urllib.parse import urlsplit

from scripts.browser.serve_static import serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}

# Without these, Chromium tries Google's hosts at every start (refused on a closed network).
QUIET_FLAGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-quic"]

# Any host name but 127.0.0.1 fails to resolve: a page cannot reach a third party.
LOOPBACK_ONLY_DNS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"

# Belt and braces: also send anything not on 127.0.0.1 to a dead proxy.
LOCKED_DOWN_ARGS = ["--no-sandbox", *QUIET_FLAGS, LOOPBACK_ONLY_DNS,
                    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"]


def page_paths(site) -> list[str]:
    """Site-relative URLs of every page of a built site ("", "faq/", "stop/account/", ...)."""
    rels = sorted(html.parent.relative_to(site).as_posix() for html in Path(site).rglob("index.html"))
    return ["" if rel == "." else rel + "/" for rel in rels]


@contextlib.contextmanager
def open_site(site, **serve_options):
    """Serve a built site on 127.0.0.1 and start Chromium: yields (browser, base URL)."""
    from playwright.sync_api import sync_playwright

    with serve(site, **serve_options) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LOCKED_DOWN_ARGS)
        yield browser, base
        browser.close()


def watch_network(context, origin: str) -> None:
    """Record the context's requests: `context.inflight` {request: page} for settle(), and
    `context.foreign`, every URL asked of another origin (Chromium's flags make each of those fail)."""
    inflight: dict = {}
    foreign: list[str] = []

    def started(request) -> None:
        parts = urlsplit(request.url)
        if f"{parts.scheme}://{parts.netloc}" != origin and parts.scheme not in {"data", "blob"}:
            foreign.append(request.url)
        # Chromium's own favicon fetch is not the page's: at times it never reports an end (seen once in
        # ~100 page loads, a 15 s stall), and Playwright's "networkidle" does not wait for it either.
        if not parts.path.rsplit("/", 1)[-1].startswith("favicon"):
            inflight[request] = request.frame.page

    def forget(page) -> None:
        """A page closed or left its document: a search worker's requests then never report an end."""
        for request in [r for r, p in inflight.items() if p == page]:
            inflight.pop(request, None)

    context.on("request", started)
    context.on("requestfinished", lambda request: inflight.pop(request, None))
    context.on("requestfailed", lambda request: inflight.pop(request, None))
    context.on("page", lambda page: (page.on("close", forget),
                                     page.on("framenavigated", lambda f: f == page.main_frame and forget(page))))
    context.inflight, context.foreign = inflight, foreign


def settle(page, quiet_ms: int = 100, timeout_ms: int = 15000) -> None:
    """Wait for the load event, then until none of the page's requests has been in flight for `quiet_ms`.

    Playwright's "networkidle" asks for 500 ms without traffic; the local server answers in a few
    milliseconds, so 100 ms of quiet means the same. The page's context must be watched (watch_network).
    """
    page.wait_for_load_state("load")
    inflight, quiet, waited = page.context.inflight, 0, 0
    while quiet < quiet_ms:
        pending = [r.url for r, p in list(inflight.items()) if p == page]
        if waited > timeout_ms:
            raise TimeoutError(f"{page.url}: requests still in flight after {timeout_ms} ms: {pending}")
        page.wait_for_timeout(20)  # lets Playwright deliver the request events
        waited += 20
        quiet = 0 if pending else quiet + 20


def print_table(head: list[str], rows: list[list[str]], markdown: bool = False) -> None:
    """Print rows of figures as aligned columns, or as a Markdown table; then an empty line."""
    widths = [3 if markdown else max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, ["-" * w for w in widths], *rows]:
        cells = [str(c) if markdown else str(c).ljust(w) for c, w in zip(row, widths)]
        print(f"| {' | '.join(cells)} |" if markdown else "  ".join(cells).rstrip())
    print()
