"""Follow every start-page route on a 390x844 touch phone: taps, and pixels scrolled to the official action.

A reader on the start page taps a route (`article .routes a`). Where the tap lands (the browser's own
scroll to the `#fragment`, under the sticky header), how far must they scroll until the action is
fully visible between the header and the bottom of the screen?

- The action on another page is an official button (`article .official-link`): the one inside the
  section the route lands in if that section has one; else, where the section is a chooser that sends
  the reader on (`.routes` buttons, as on statement/), its first route button; else the nearest
  official button on the page.
- A route into another section of the start page (`#already-charged`, `#q-where`) lands on more
  routes: its action is the first route button of that section, and the routes there are followed
  in turn with one tap more.
- Taps count from the top of the start page: a route in the start page's own text is one tap; a route
  in a section that another route jumps to is one tap more than that route.

The routes are read from the built start page, so a route added later is walked too. Used by
tests/browser/test_routes_phone.py (which asserts the limits) and from the command line for figures:

    python -m scripts.browser.route_walk --site site/             # a built site, one row per route
    python -m scripts.browser.route_walk --site site/ --markdown  # a Markdown table
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scripts.browser.chromium import CHROMIUM, LOCKED_DOWN_ARGS
from scripts.browser.serve_static import serve

PHONE = {"width": 390, "height": 844}

# Runs in the page: the start page's routes, each with the id of the section (h2) it sits in.
ROUTES_JS = """() => [...document.querySelectorAll('article .routes a[href]')].map((a, i) => {
    let el = a.closest('.routes'), section = '';
    while (el && (el = el.previousElementSibling)) if (/^H[12]$/.test(el.tagName)) { section = el.id; break; }
    return {index: i, text: a.innerText.trim(), href: a.href, section};
})"""

# Runs in the page after landing: scroll position, the header's bottom, and the candidate actions.
LANDING_JS = """(frag) => {
    const header = document.querySelector('.md-header');
    const headerBottom = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    const target = frag ? document.getElementById(frag) : null;
    // The landing section: from the target (or its heading) to the next heading of the same or higher level.
    let inSection = () => false;
    if (target) {
        const head = /^H[1-6]$/.test(target.tagName) ? target : null;
        const level = head ? +head.tagName[1] : 7;
        let end = null;
        if (head) {
            const heads = [...document.querySelectorAll('article h1, article h2, article h3, article h4')];
            end = heads.find(h => (h.compareDocumentPosition(head) & Node.DOCUMENT_POSITION_PRECEDING)
                                  && +h.tagName[1] <= level) || null;
        }
        inSection = (el) => (target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
            && (!end || (el.compareDocumentPosition(end) & Node.DOCUMENT_POSITION_FOLLOWING));
    }
    const box = (el, kind) => { const r = el.getBoundingClientRect();
        return {kind, top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height,
                text: el.innerText.trim().split('\\n')[0].slice(0, 40), inSection: !!inSection(el)}; };
    const shown = (el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden';
    const official = [...document.querySelectorAll('article .official-link')].filter(shown).map(e => box(e, 'official'));
    const routes = [...document.querySelectorAll('article .routes a')].filter(shown).map(e => box(e, 'route'));
    return {scrollY, headerBottom, innerHeight, maxScroll: document.documentElement.scrollHeight - innerHeight,
            path: location.pathname, official, routes};
}"""


@dataclass
class Walk:
    """One start-page route as a reader follows it."""

    text: str
    href: str
    taps: int
    pixels: int | None  # scrolling from the landing point until the action is fully visible; None: no action
    action: str  # what counted as the action ("official: …" / "route: …" / "none")
    landed: str  # path#fragment where the tap landed


def scroll_needed(box: dict, y: float, header: float, height: float, max_scroll: float) -> float:
    """Pixels to scroll from `y` so that `box` (document coordinates) lies between the header and the
    screen's bottom; scrolling stops at the page's ends."""
    top_gap = (y + header) - box["top"]  # > 0: the box starts above the visible area
    bottom_gap = box["bottom"] - (y + height)  # > 0: the box ends below the screen
    if top_gap <= 0 and bottom_gap <= 0:
        return 0.0
    if top_gap > 0 and bottom_gap > 0:  # taller than the visible area: never whole
        return float("inf")
    if top_gap > 0:
        return top_gap if top_gap <= y else float("inf")
    return bottom_gap if bottom_gap <= max_scroll - y else float("inf")


def section_taps(routes: list[dict], start_path: str) -> dict[str, int]:
    """{section id: taps to reach a route in it}: 1, or one more than a route that jumps to the section."""
    jumps = [(r["section"], urlsplit(r["href"]).fragment) for r in routes
             if urlsplit(r["href"]).path == start_path and urlsplit(r["href"]).fragment]
    targets = {t for _, t in jumps}
    taps = {r["section"]: 1 for r in routes if r["section"] not in targets}
    changed = True
    while changed:
        changed = False
        for src, dst in jumps:
            if src in taps and taps[src] + 1 < taps.get(dst, 99):
                taps[dst] = taps[src] + 1
                changed = True
    return taps


def choose_action(landing: dict, same_page: bool) -> tuple[dict | None, float]:
    """The action the reader looks for after landing, and the pixels to scroll to see it whole."""
    y, header, height, top = landing["scrollY"], landing["headerBottom"], landing["innerHeight"], landing["maxScroll"]
    if same_page:
        pool = [b for b in landing["routes"] if b["inSection"]][:1]
    else:
        pool = ([b for b in landing["official"] if b["inSection"]]
                or [b for b in landing["routes"] if b["inSection"]][:1]
                or landing["official"])
    if not pool:
        return None, float("inf")
    best = min(pool, key=lambda b: scroll_needed(b, y, header, height, top))
    return best, scroll_needed(best, y, header, height, top)


def walk_routes(context, start: str = "", settle_ms: int = 400) -> list[Walk]:
    """Follow every start-page route in `context` (a Playwright context with base_url and has_touch)."""
    page = context.new_page()
    page.goto(start, wait_until="load")
    routes = page.evaluate(ROUTES_JS)
    origin_path = urlsplit(page.url).path
    depth = section_taps(routes, origin_path)
    page.close()
    walks = []
    for r in routes:
        page = context.new_page()
        page.goto(start + (f"#{r['section']}" if depth.get(r["section"], 1) > 1 else ""), wait_until="load")
        page.wait_for_timeout(100)
        link = page.locator("article .routes a[href]").nth(r["index"])
        link.tap()
        page.wait_for_function("(h) => location.href === h && document.readyState === 'complete'", arg=r["href"])
        page.wait_for_timeout(settle_ms)
        frag = urlsplit(page.url).fragment
        landing = page.evaluate(LANDING_JS, frag)
        same = landing["path"] == origin_path
        action, pixels = choose_action(landing, same)
        walks.append(Walk(
            text=r["text"], href=r["href"], taps=depth.get(r["section"], 1),
            pixels=None if action is None else round(pixels),
            action="none" if action is None else f"{action['kind']}: {action['text']}",
            landed=landing["path"] + (f"#{frag}" if frag else ""),
        ))
        page.close()
    return walks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True, type=Path, help="a built site folder")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with serve(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LOCKED_DOWN_ARGS, headless=True)
        ctx = browser.new_context(base_url=base, viewport=PHONE, has_touch=True, is_mobile=True, locale="ja-JP",
                                  service_workers="block")
        ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                  else route.abort())
        walks = walk_routes(ctx)
        browser.close()
    if args.markdown:
        print("| route | lands at | taps | px to the action | action |\n|---|---|---|---|---|")
    for w in walks:
        px = "—" if w.pixels is None else w.pixels
        if args.markdown:
            print(f"| {w.text} | `{w.landed}` | {w.taps} | {px} | {w.action} |")
        else:
            print(f"{w.taps}  {px!s:>5}  {w.landed:<32} {w.text}  [{w.action}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
