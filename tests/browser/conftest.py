"""Browser fixtures: the strictly built site served on 127.0.0.1 and Debian's Chromium via Playwright.

The full suite runs on the default engine (Material); a test marked `both_engines` (the parity smoke
set: every page with axe, search labels, one search per route, routes and taps) runs on every engine
of scripts/build_site.py ENGINES, Zensical too. `engine` names the engine under test, `built_site` its
build. Every context is fenced in: Chromium resolves no host but 127.0.0.1 and sends the rest to a dead
proxy; `guard.blocked` lists requests to other origins, `guard.console_errors` the errors pages logged.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Error as PlaywrightError

from scripts.browser.chromium import CHROMIUM, LOCKED_DOWN_ARGS as CHROMIUM_ARGS, watch_network
from scripts.browser.serve_static import serve
from scripts.build_site import ENGINES
from tests.browser.support.pages import DESKTOP, after_title


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def pytest_generate_tests(metafunc):
    """Run a browser test on the default engine (ENGINES[0]), or on every engine when marked `both_engines`."""
    if "engine" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_engines") is not None
        metafunc.parametrize("engine", list(ENGINES if both else ENGINES[:1]), indirect=True, scope="session")


@pytest.fixture(scope="session")
def engine(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def built_site(site_builds, engine) -> Path:
    return site_builds(engine)


@pytest.fixture(scope="session")
def sent_log(built_site: Path) -> list:
    """(path, bytes) of every response body the test server sent; clear it before measuring."""
    return []


@pytest.fixture(scope="session")
def site_url(built_site: Path, sent_log: list):
    """Base URL ("http://127.0.0.1:PORT/") of the built site, served with gzip like a real host."""
    with serve(built_site, sent_log=sent_log) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
        (pytest.fail if os.environ.get("CI") else pytest.skip)(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def watch_errors(page, errors: list[str]) -> None:
    page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))


def open_context(browser, site_url: str, palette: str = "light", viewport: dict | None = None, **kwargs):
    """A fenced context of the served site in `palette` -> (context, guard)."""
    ctx = browser.new_context(
        base_url=site_url, viewport=viewport or DESKTOP, locale="ja-JP", service_workers="block", **kwargs
    )
    watch_network(ctx, site_url.rstrip("/"))
    guard = SimpleNamespace(blocked=ctx.foreign, console_errors=[])  # other origins asked; errors logged
    ctx.on("page", lambda page: watch_errors(page, guard.console_errors))
    if palette == "dark":
        # Material 9.8 keeps the reader's choice in localStorage "<scope path>.__palette";
        # the scope is the site root here. Index 1 is the second palette in mkdocs.yml (slate).
        ctx.add_init_script("""if (location.protocol === "http:") localStorage.setItem("/.__palette",
            JSON.stringify({index: 1, color: {media: "(prefers-color-scheme: dark)", scheme: "slate",
                                              primary: "indigo", accent: "indigo"}}));""")
    return ctx, guard


@pytest.fixture
def new_context(browser, site_url):
    """Factory: new_context(palette="light"|"dark", viewport=DESKTOP, **kwargs) -> (context, guard)."""
    made = []

    def make(palette: str = "light", viewport: dict | None = None, **kwargs):
        made.append(open_context(browser, site_url, palette, viewport, **kwargs))
        return made[-1]

    yield make
    for ctx, _ in made:
        ctx.close()


@pytest.fixture(scope="session")
def shared_page(browser, site_url):
    """Factory: shared_page(palette, viewport, **kwargs) -> (page, guard): one page per engine, worker and
    set of options, kept open so its caches stay warm (a load takes half the time), for tests that only
    navigate and measure (routes only through `plant`). The guard's lists are emptied on each call."""
    pages: dict = {}

    def get(palette: str = "light", viewport: dict | None = None, **kwargs):
        key = repr((palette, viewport, sorted(kwargs.items())))
        if key not in pages:
            ctx, guard = open_context(browser, site_url, palette, viewport, **kwargs)
            pages[key] = (ctx.new_page(), guard)
        page, guard = pages[key]
        guard.blocked.clear()
        guard.console_errors.clear()
        return page, guard

    yield get
    for page, _ in pages.values():
        page.context.close()


@pytest.fixture
def plant(built_site, site_url):
    """plant(page_or_context, path, block): until the test ends, serve `path` there as its built HTML with
    the text after the title replaced by `block` (support/pages.py after_title); returns that HTML."""
    planted = []

    def put(target, path: str, block: str) -> str:
        html = after_title((built_site / path / "index.html").read_text(encoding="utf-8"), block)
        target.route(site_url + path, lambda route: route.fulfill(
            status=200, body=html, headers={"Content-Type": "text/html; charset=utf-8"}))
        planted.append((target, site_url + path))
        return html

    yield put
    for target, url in planted:
        with contextlib.suppress(PlaywrightError):  # a context the test closed has no routes left
            target.unroute(url)
