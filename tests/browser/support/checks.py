"""In-page checks: each returns a list of problems (empty when the page is right). test_pages.py runs
them on every built page in one visit; test_reader.py on planted pages, so each is known to catch
what it claims."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from scripts.browser.phone import PROVENANCE, READING_TEXT_JS, measure
from tests.browser.support.pages import SCREEN

AXE = Axe()


def run_checks(page, checks) -> list[str]:
    """The problems of each check: a function of the page, or JavaScript run in it, returning a list."""
    return [p for check in checks for p in (page.evaluate(check) if isinstance(check, str) else check(page))]


# Reading length: it ends where the note list, the 出典 box and the report line begin (a tap on a note
# number shows the note in place, issue 17). Until issue 17 the limit was 6 screens, notes included.
MAX_SCREENS = 5
CHARGE_MAIL = "課金完了のメール"
ALREADY_CHARGED = re.compile(r"(もう|すでに|既に).{0,6}(請求|課金|引き落と)|請求された|課金された|引き落とされた")


def axe_problems(page) -> list[str]:
    """axe-core's violations. Targets inside a shadow root (Zensical's search dialog) come as lists of
    selectors, which axe-playwright-python's own report cannot print."""
    lines = []
    for v in AXE.run(page).response.get("violations", []):
        lines.append(f"axe {v['id']} ({v.get('impact')}): {v.get('help')}")
        for node in v.get("nodes", [])[:5]:
            target = " >> ".join(t if isinstance(t, str) else " ".join(t) for t in node.get("target", []))
            lines.append(f"  {target}: {node.get('failureSummary', '').replace(chr(10), ' ')[:300]}")
    return lines


BOXES_JS = """(sel) => [...document.querySelectorAll(sel)].map(e => {
    const r = e.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height, width: r.width,
            text: e.innerText, href: e.href || '', addr: e.querySelector('.addr')?.innerText.trim() || '',
            visible: !!(r.width && r.height) && getComputedStyle(e).visibility !== 'hidden'};
})"""

# Headings whose box is taller than their text: the ¶ link (or anything else) wrapped onto its own line.
HEADING_GAPS_JS = """() => [...document.querySelectorAll('article :is(h1, h2, h3)')].flatMap(h => {
    const r = document.createRange(); r.selectNodeContents(h);
    const link = h.querySelector('.headerlink'); if (link) r.setEndBefore(link);
    const rects = [...r.getClientRects()].filter(x => x.height);
    if (!rects.length) return [];
    const text = Math.max(...rects.map(x => x.bottom)) - Math.min(...rects.map(x => x.top));
    const cs = getComputedStyle(h);
    const box = h.getBoundingClientRect().height - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
    const line = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.3;
    return box > text + line / 2 ? [`${h.tagName}#${h.id} is ${Math.round(box)} px high for ${Math.round(text)} px`] : [];
})"""

FONTS_JS = """(sel) => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length)
    .map(e => ({sel: e.tagName.toLowerCase() + '.' + e.className, size: parseFloat(getComputedStyle(e).fontSize),
                text: e.textContent.trim().slice(0, 30)}))"""


def start_page_problems(page) -> list[str]:
    problems = []
    routes = page.evaluate(BOXES_JS, "article .routes a")
    if small := [r["text"] for r in routes if r["height"] < 44]:
        problems.append(f"route links under 44 px high: {small}")
    on_screen = [r for r in routes if r["visible"] and r["top"] >= 0 and r["bottom"] <= SCREEN and r["height"] >= 44]
    if len(on_screen) < 4:
        problems.append(f"only {len(on_screen)} route links (>= 44 px) fully inside the first {SCREEN} px: "
                        f"{[(r['text'], round(r['top'])) for r in routes]}")
    mail = page.locator("article p", has_text=CHARGE_MAIL).first
    if not mail.count() or mail.bounding_box()["y"] + mail.bounding_box()["height"] > SCREEN:
        problems.append(f"「{CHARGE_MAIL}」 is not named on the first screen")
    links = page.evaluate(BOXES_JS, "article a[href]")
    charged = [l for l in links if ALREADY_CHARGED.search(l["text"]) and l["visible"]]
    if not charged or min(l["bottom"] for l in charged) > SCREEN:
        problems.append(f"no already-charged route (「もう請求された」) on the first screen: "
                        f"{[(l['text'], round(l['top'])) for l in charged]}")
    safety = [l for l in links if urlsplit(l["href"]).path.endswith("/safety/") and l["visible"]]
    if not safety or min(l["top"] for l in safety) > 1.5 * SCREEN:
        problems.append(f"no link to the safety page within the first 1.5 screens: "
                        f"{[(l['text'], round(l['top'])) for l in safety]}")
    return problems


def procedure_problems(page) -> list[str]:
    problems = []
    if not (official := page.evaluate(BOXES_JS, "article a.official-link")):
        return ["no `.official-link` (the official page to open, as a button)"]
    first = official[0]
    if first["top"] >= SCREEN:
        problems.append(f"the official link starts at {round(first['top'])} px, below the first screen")
    width = page.evaluate("document.querySelector('article').getBoundingClientRect().width")
    if first["height"] < 44 or first["width"] < 0.9 * width:
        problems.append(f"the official link is {first['width']:.0f} x {first['height']:.0f} px "
                        "(want full width, 44 px high)")
    addr = "getComputedStyle(document.querySelector('article a.official-link .addr') || document.body).display"
    if page.evaluate(addr) != "block":
        problems.append("the official link's address is not on a line of its own")
    for link in official:
        addr, parts = link["addr"], urlsplit(link["href"])
        want = (parts.netloc + parts.path).rstrip("/")
        if not addr or addr.rstrip("/") != want:
            problems.append(f"official link {link['href']} shows the address {addr!r}, not {want!r}")
        elif addr not in link["text"]:
            problems.append(f"the address {addr!r} is not visible in the button text {link['text']!r}")
    if not (steps := page.evaluate(BOXES_JS, "article [id='steps']")):
        problems.append("no heading with id `steps`")
    else:
        linked = [l for l in page.evaluate(BOXES_JS, "article a[href$='#steps']") if l["top"] < SCREEN]
        if steps[0]["top"] > 1.5 * SCREEN and not linked:
            problems.append(f"#steps starts at {round(steps[0]['top'])} px and the first screen does not link to it")
    return problems


def reading_problems(page) -> list[str]:
    """Reading text over MAX_SCREENS, and research notes in it, as scripts/browser/phone.py measures."""
    height, problems = round(measure(page)["reading"]), []
    if height > MAX_SCREENS * SCREEN:
        problems.append(f"reading text {height} px = {height / SCREEN:.1f} screens (max {MAX_SCREENS})")
    text = page.evaluate(READING_TEXT_JS)
    return problems + [f"「{m.group(0)}」 in 「…{text[max(0, m.start() - 25):m.end() + 10]}…」"
                       for m in PROVENANCE.finditer(text)]


BOX_TEXT = ".admonition p, .admonition li, details p, details li, details summary, .admonition-title"
SMALLEST_PX = {BOX_TEXT: 15, "article code": 14.99, ".footnote li": 15, "article .reader-report": 12}


def font_problems(page) -> list[str]:
    problems = [f"{f['sel']} {f['size']} px < {least}: {f['text']}" for sel, least in SMALLEST_PX.items()
                for f in page.evaluate(FONTS_JS, sel) if f["size"] < least]
    weight = page.evaluate("parseInt(getComputedStyle(document.querySelector('article h1')).fontWeight)")
    if weight > 400:
        problems.append(f"page title font-weight {weight} (> 400)")
    problems += page.evaluate(HEADING_GAPS_JS)
    return problems


# The FAQ lists all its questions at the top, under the title.
FAQ_INDEX_JS = """() => {
    const list = document.querySelector('article > h1 ~ :is(ul, ol)');
    if (!list) return ['no list of questions under the title'];
    const linked = new Set([...list.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1)));
    const missing = [...document.querySelectorAll('article > h2[id]')].map(h => h.id).filter(id => !linked.has(id));
    const top = list.getBoundingClientRect().top + scrollY, before = [...document.querySelectorAll('article > h2')]
        .some(h => h.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING);
    return [...(top >= innerHeight || before ? [`the list of questions starts at ${Math.round(top)} px, not at the top`]
        : []), ...(missing.length ? [`questions missing from the list at the top: ${missing}`] : [])];
}"""


# One of each box, appended before font sizes are measured, so they are measured where a page has none.
WITH_EVERY_BOX = """
<div class="admonition warning"><p class="admonition-title">注意</p><p>箱の中の文章です。</p>
<ul><li>箱の中の箇条書きです。</li></ul></div>
<details class="tip"><summary>たたんだ箱</summary><p>開いた中身です。<code>order@example.jp</code></p>
<ul><li>中の箇条書きです。</li></ul></details>
<div class="footnote"><ol><li><p>注の文です。<a class="reader-report" href="../about/">読者の報告</a></p></li></ol></div>
"""


def every_box_font_problems(page) -> list[str]:
    """font_problems() after appending WITH_EVERY_BOX to the article (open), so run it last."""
    page.evaluate("(html) => { const d = document.createElement('div'); d.innerHTML = html; "
                  "document.querySelector('article').appendChild(d); "
                  "d.querySelectorAll('details').forEach(x => x.open = true); }", WITH_EVERY_BOX)
    return font_problems(page)


# Nothing fixed covers an action at any scroll position (issue 17): the fixed and sticky elements outside
# the article and header, shown at the top, at the end or scrolling back up, keep their place on the screen,
# so the scroll positions where each meets an action's visible part follow from the boxes.
COVERED_JS = """async () => {
    document.head.insertAdjacentHTML('beforeend', '<style>*, *::before, *::after { transition: none !important; '
        + 'animation: none !important; }</style>');
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const header = document.querySelector('.md-header');
    const fixed = [...document.querySelectorAll('body *')].filter(el => !el.closest('article')
        && /fixed|sticky/.test(getComputedStyle(el).position) && !header?.contains(el) && !el.contains(header));
    const end = Math.max(0, document.documentElement.scrollHeight - innerHeight), shown = new Map();
    for (const y of [0, end, Math.max(0, end - 88)]) {
        scrollTo(0, y);
        await frame();
        for (const el of fixed) if (el.checkVisibility({opacityProperty: true, visibilityProperty: true}))
            shown.set(el, [...el.getClientRects()]);
    }
    scrollTo(0, 0);
    await frame();
    const top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0, out = [];
    for (const a of document.querySelectorAll('article .official-link, article .routes a')) {
        const r = a.getBoundingClientRect();
        for (const [el, boxes] of shown) for (const b of boxes) {
            const lo = Math.max(top, b.top), hi = Math.min(innerHeight, b.bottom);
            const from = Math.max(0, r.top - hi), to = Math.min(end, r.bottom - lo);  // scrollY range of overlap
            if (!el.contains(a) && hi - lo > 0.5 && Math.min(r.right, b.right) - Math.max(r.left, b.left) > 0.5
                && to - from > 0.5) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} covers `
                + `「${a.innerText.trim().split('\\n')[0]}」 at scrollY ${Math.round(from)}–${Math.round(to)}`);
        }
    }
    return out;
}"""


# Footnote numbers and 「読者の報告」 markers: at least 24 x 24 px, 2 px or more from other links.
MARKERS_JS = """() => {
    const links = [...document.querySelectorAll('article a[href]')].filter(a => a.getClientRects().length);
    const out = [];
    for (const m of document.querySelectorAll('article a.footnote-ref, article a.reader-report')) {
        const r = m.getBoundingClientRect();
        if (!r.width) continue;
        const name = `${m.className} 「${m.innerText.trim()}」`;
        if (r.width < 23.5 || r.height < 23.5) out.push(`${name} is ${r.width.toFixed(1)} x ${r.height.toFixed(1)} px`);
        for (const o of links) {
            if (o === m || m.contains(o) || o.contains(m)) continue;
            for (const b of o.getClientRects()) {
                const gap = Math.max(b.left - r.right, r.left - b.right, b.top - r.bottom, r.top - b.bottom);
                if (gap < 2) out.push(`${name} is ${gap.toFixed(1)} px from the link 「${o.innerText.trim().slice(0, 20)}」`);
            }
        }
    }
    return out;
}"""


# Copy buttons (issue 17): visible, labelled 「コピー」, at least 44 px high, AA contrast.
COPY_JS = """() => {
    const lum = (c) => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const bg = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
        const m = c.match(/[\\d.]+/g); if (m && (m.length < 4 || +m[3] > 0.99)) return c; } return 'rgb(255, 255, 255)'; };
    // Buttons of the blocks on show (a block in an unselected tab is hidden with its button).
    return [...document.querySelectorAll('article .md-code__button')].filter(b => b.closest('pre').getClientRects().length).map(b => {
        const r = b.getBoundingClientRect(), cs = getComputedStyle(b);
        const l1 = lum(cs.color), l2 = lum(bg(b));
        return {height: r.height, width: r.width, label: getComputedStyle(b, '::before').content,
                visible: b.checkVisibility({opacityProperty: true, visibilityProperty: true}) && +cs.opacity > 0.99,
                contrast: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)};
    });
}"""


def copy_problems(page) -> list[str]:
    return [f"copy button {i} {says}" for i, b in enumerate(page.evaluate(COPY_JS)) for wrong, says in (
        (not b["visible"], "is not fully visible"), (b["height"] < 44, f"is {b['height']:.0f} px high (< 44)"),
        ("コピー" not in b["label"], f"does not say 「コピー」 ({b['label']})"),
        (b["contrast"] < 4.5, f"has contrast {b['contrast']:.1f}:1 (< 4.5)")) if wrong]
