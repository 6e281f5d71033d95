"""Where Debian's Chromium is, and the flags the project starts it with.

Shared by the browser tests (tests/browser/), `make bench` (scripts/browser/bench.py) and
scripts/search/recall.py, so that every run uses the same quiet, loopback-only browser.
Set the environment variable CHROMIUM to use another binary.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Without these, Chromium tries Google's hosts at every start (refused on a closed network).
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Any host name but 127.0.0.1 fails to resolve: a page cannot reach a third party.
LOOPBACK_ONLY_DNS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"

# Belt and braces for tests: also send anything not on 127.0.0.1 to a dead proxy.
LOCKED_DOWN_ARGS = [
    "--no-sandbox",
    *QUIET_FLAGS,
    LOOPBACK_ONLY_DNS,
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
]


def page_paths(site) -> list[str]:
    """Site-relative URLs of every page of a built site ("", "faq/", "stop/account/", ...)."""
    pages = []
    for html in sorted(Path(site).rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def watch_network(context) -> None:
    """Keep the set of the context's requests in flight, for settle()."""
    inflight: set = set()

    def started(request) -> None:
        # Chromium's own favicon fetch is not the page's: at times it never reports an end (seen once in
        # ~100 page loads, a 15 s stall), and Playwright's "networkidle" does not wait for it either.
        if not urlsplit(request.url).path.rsplit("/", 1)[-1].startswith("favicon"):
            inflight.add(request)

    context.on("request", started)  # Playwright wants Python functions
    context.on("requestfinished", lambda request: inflight.discard(request))
    context.on("requestfailed", lambda request: inflight.discard(request))
    context.inflight = inflight


def settle(page, quiet_ms: int = 100, timeout_ms: int = 15000) -> None:
    """Wait for the load event, then until no request has been in flight for `quiet_ms`.

    Playwright's "networkidle" asks for 500 ms without traffic, which is most of a browser test's
    time here; the local server answers in a few milliseconds, so 100 ms of quiet means the same.
    Contexts made without watch_network() fall back to "networkidle".
    """
    page.wait_for_load_state("load")
    inflight = getattr(page.context, "inflight", None)
    if inflight is None:
        page.wait_for_load_state("networkidle")
        return
    quiet = waited = 0
    while quiet < quiet_ms:
        if waited > timeout_ms:
            raise TimeoutError(f"{page.url}: requests still in flight after {timeout_ms} ms: {[r.url for r in inflight]}")
        page.wait_for_timeout(25)  # lets Playwright deliver the request events
        waited += 25
        quiet = 0 if inflight else quiet + 25
