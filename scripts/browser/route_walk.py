"""Follow the start page's routes on a 390x844 touch phone: where each tap lands and what is there.

A reader taps a route (`article .routes a`) on the start page; a route into another section of the
start page (`#q-where`) is one tap more for the routes there. The section the landing `#fragment`
opens holds the next action: an official button (`.official-link`), a route button of a chooser, or,
without either, the first numbered step. A walk records each candidate's box on the landing screen
and whether a tap at its centre would hit it. The routes are read from the built start page, so a
route added later is walked too; tests/browser/test_routes_phone.py checks each against
tests/data/routes.yml. From the command line the walk prints figures:

    python -m scripts.browser.route_walk --site site/ [--markdown]
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from scripts.browser.chromium import PHONE, figures_cli, watch_network

# Runs in the page: the start page's routes, each with the id of the section (h2) it sits in.
ROUTES_JS = """() => [...document.querySelectorAll('article .routes a[href]')].map((a, index) => {
    let el = a.closest('.routes'), section = '';
    while (el && (el = el.previousElementSibling)) if (/^H[12]$/.test(el.tagName)) { section = el.id; break; }
    return {index, text: a.innerText.trim(), href: a.href, section};
})"""

# Runs in the page: waits for the fonts, then until the page has not scrolled for three frames.
STILL_JS = """async () => { await document.fonts.ready; let last = NaN, same = 0;
    while (same < 3) {
        await new Promise(r => requestAnimationFrame(r));
        [same, last] = [scrollY === last ? same + 1 : 0, scrollY];
    }
}"""

# Runs in the page after landing: the header's bottom and the candidate actions of the landing section
# (from the fragment's element to the next heading of its level; the whole article without a fragment),
# in viewport coordinates. Route targets are site paths, official buttons full URLs.
LANDING_JS = """(frag) => {
    const article = document.querySelector('article');
    const start = frag ? document.getElementById(frag) : article.querySelector('h1');
    const level = start && /^H[1-6]$/.test(start.tagName) ? +start.tagName[1] : 6;
    const end = start && [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')].find(h =>
        (start.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING) && +h.tagName[1] <= level && frag);
    const inSection = (el) => start && (start.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
        && (!end || (el.compareDocumentPosition(end) & Node.DOCUMENT_POSITION_FOLLOWING)) && !el.closest('.footnote');
    const header = document.querySelector('.md-header');
    const found = (sel) => [...article.querySelectorAll(sel)].filter(e => inSection(e) && e.checkVisibility());
    const box = (el, kind) => {
        const r = el.getBoundingClientRect(), first = el.getClientRects()[0] || r;
        const hit = document.elementFromPoint(first.x + first.width / 2, first.y + Math.min(first.height, 40) / 2);
        const target = kind === 'step' ? 'step' : el.origin === location.origin ? el.pathname.slice(1) + el.hash
            : el.href;
        return {kind, target, text: el.innerText.trim().split('\\n')[0].slice(0, 40), top: r.top, bottom: r.bottom,
                covered: !(hit && (hit === el || el.contains(hit)))};
    };
    return {header: header ? Math.max(0, header.getBoundingClientRect().bottom) : 0, screen: innerHeight,
            actions: [...found('.official-link').map(e => box(e, 'official')),
                      ...found('.routes a').map(e => box(e, 'route')),
                      ...found('ol > li').slice(0, 1).map(e => box(e, 'step'))]};
}"""


@dataclass
class Walk:
    """One start-page route as a reader follows it (boxes in px on the screen)."""

    text: str
    taps: int
    tap: dict  # the route's box when it was tapped
    landed: str  # path#fragment where the tap landed
    header: float  # the sticky header's bottom: content above it is hidden
    screen: float
    actions: list[dict]

    def action(self, target: str | None = None) -> dict | None:
        """The candidate aiming at `target` (a URL, a site path or "step"); without one, the first
        official button, else the first route, else the first step."""
        if target:
            return next((a for a in self.actions if a["target"] == target), None)
        return self.actions[0] if self.actions else None

    def on_screen(self, box: dict) -> bool:
        return box["top"] >= self.header - 1 and box["bottom"] <= self.screen and box["bottom"] > box["top"]


def start_routes(page) -> list[dict]:
    """The start page's routes: index, text, href, section, and taps from the top of the start page."""
    page.goto("", wait_until="load")
    routes = page.evaluate(ROUTES_JS)
    here = urlsplit(page.url).path
    jumps = [(r["section"], urlsplit(r["href"]).fragment) for r in routes
             if urlsplit(r["href"]).path == here and urlsplit(r["href"]).fragment]
    taps = {r["section"]: 1 for r in routes if r["section"] not in {dst for _, dst in jumps}}
    for _ in routes:  # a section that a route jumps to is one tap more than that route
        for src, dst in jumps:
            if src in taps and taps[src] + 1 < taps.get(dst, 99):
                taps[dst] = taps[src] + 1
    return [{**r, "taps": taps.get(r["section"], 99)} for r in routes]


def follow(page, route: dict) -> Walk:
    """Tap `route` (from start_routes) in `page` (its context: base_url set, has_touch) and measure the landing."""
    page.goto(f"#{route['section']}" if route["taps"] > 1 else "", wait_until="load")
    page.evaluate(STILL_JS)
    link = page.locator("article .routes a[href]").nth(route["index"])
    box = link.bounding_box()
    link.tap()
    page.wait_for_function("(h) => location.href === h && document.readyState === 'complete'", arg=route["href"])
    page.evaluate(STILL_JS)
    url = urlsplit(page.url)
    landing = page.evaluate(LANDING_JS, url.fragment)
    return Walk(route["text"], route["taps"], {"top": box["y"], "bottom": box["y"] + box["height"]},
                url.path.lstrip("/") + (f"#{url.fragment}" if url.fragment else ""), **landing)


def rows(browser, base: str, site) -> list[list[str]]:
    """One row of figures per start-page route."""
    ctx = browser.new_context(base_url=base, viewport=PHONE, has_touch=True, is_mobile=True, locale="ja-JP")
    watch_network(ctx, base.rstrip("/"))
    page, out = ctx.new_page(), []
    for w in [follow(page, route) for route in start_routes(page)]:
        a = w.action()
        where = "—" if a is None else f"{round(a['top'])}–{round(a['bottom'])}{'' if w.on_screen(a) else ' (off)'}"
        out.append([w.text, w.landed, str(w.taps), where, "none" if a is None else f"{a['kind']}: {a['text']}"])
    return out


def main(argv: list[str] | None = None) -> int:
    return figures_cli("scripts.browser.route_walk", __doc__, rows, argv,
                       ["route", "lands at", "taps", "action at px", "action"])


if __name__ == "__main__":
    raise SystemExit(main())
