"""What a reader on a 390x844 touch phone meets, per page and per start-page route as it is tapped.

Per page: reading height, the y of the first official button and of `#steps`, route links on the
first screen, provenance words in the reading text. Per route (`article .routes a`; a route into a
section of the start page is one tap more): where the tap lands, and the landing section's next
action (`.official-link`, else a route button, else the first step) with its box and whether a tap
at its centre hits it. tests/browser/ assert the limits on these figures.

    python -m scripts.browser.phone --site site/ [--markdown]
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scripts.browser.chromium import PHONE, open_site, page_paths, print_table, watch_network

PROVENANCE = re.compile(r"保存コピー|英語版で確かめ|確かめられていません|確認できていません|記事\s*ID|読者の報告では")

# Runs in the page: the article's reading text (research notes may sit in the skipped places).
READING_TEXT_JS = """() => {
    const skip = '.footnote, #page-sources, .provenance, details:not([open]), .md-tooltip2, script, style, .headerlink';
    const w = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    const out = [];
    while (w.nextNode()) if (!w.currentNode.parentElement.closest(skip)) out.push(w.currentNode.textContent);
    return out.join('');
}"""

# Runs in the page: the figures of one page (document coordinates).
FIGURES_JS = """() => {
    const ends = [...document.querySelectorAll('article .footnote, .page-sources, .report-line')]
        .map(e => e.getBoundingClientRect().top + scrollY);
    const top = (sel) => (e => e ? e.getBoundingClientRect().top + scrollY : null)(document.querySelector(sel));
    return {reading: ends.length ? Math.min(...ends) : document.documentElement.scrollHeight,
            action: top('article .official-link'), steps: top("article [id='steps']"),
            routes: [...document.querySelectorAll('article .routes a')].filter(a => {
                const r = a.getBoundingClientRect(); return r.height > 0 && r.bottom <= innerHeight; }).length};
}"""


def measure(page) -> dict:
    """The figures of the page open in `page`."""
    return {**page.evaluate(FIGURES_JS), "provenance": PROVENANCE.findall(page.evaluate(READING_TEXT_JS))}


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.browser.phone", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True, type=Path, help="a built site folder")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html (build the site first: make build)")
    pages, routes = [], []
    with open_site(args.site) as (browser, base):
        ctx = browser.new_context(base_url=base, viewport=PHONE, has_touch=True, is_mobile=True, locale="ja-JP")
        watch_network(ctx, base.rstrip("/"))
        page = ctx.new_page()
        for path in page_paths(args.site):
            page.goto(path, wait_until="load")
            f = measure(page)
            pages.append(["/" + path, str(round(f["reading"])), f"{f['reading'] / PHONE['height']:.1f}",
                          *("–" if f[k] is None else str(round(f[k])) for k in ("action", "steps")),
                          str(f["routes"]), ", ".join(f["provenance"]) or "0"])
        for w in [follow(page, route) for route in start_routes(page)]:
            a = w.action()
            at = "—" if a is None else f"{round(a['top'])}–{round(a['bottom'])}{'' if w.on_screen(a) else ' (off)'}"
            routes.append([w.text, w.landed, str(w.taps), at, "none" if a is None else f"{a['kind']}: {a['text']}"])
    print_table(["page", "reading px", "screens", "action y", "#steps y", "routes on screen 1", "provenance"],
                pages, args.markdown)
    print_table(["route", "lands at", "taps", "action at px", "action"], routes, args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
