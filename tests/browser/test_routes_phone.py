"""One-handed on a 390x844 touch phone (issue 17), on both engines.

- Every start-page route (read from the built page, so routes added later are walked too) lands where
  its action is: at most one screen of scrolling from where the tap lands to the official button (or,
  for a route into another start-page section, that section's first route), within two taps.
- No fixed element (back-to-top, dialogs, bars) covers an official or route button at any scroll
  position, scrolling down and back up.
- Footnote numbers and 「読者の報告」 markers are at least 24 x 24 px with room from other links; a tap
  opens the note in place, and a second tap on a footnote number follows the link.
- Copy buttons are visible, labelled 「コピー」, at least 44 px high, with AA contrast.

Each check is also run on a planted fault, so it is known to fail when it should.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from scripts.browser.route_walk import walk_routes

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCREEN = PHONE["height"]
MAX_TAPS = 2
STEP = 44  # px per scroll step: an action is >= 44 px high, so any overlap lasts longer than one step
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def phone(new_context, **kwargs):
    ctx, guard = new_context("light", PHONE, has_touch=True, is_mobile=True, **kwargs)
    return ctx, guard


def open_page(ctx, path: str):
    page = ctx.new_page()
    page.goto(path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page


# -- 1. routes land where the action is ---------------------------------------------------------------

def route_problems(walks) -> list[str]:
    problems = []
    for w in walks:
        if w.pixels is None:
            problems.append(f"「{w.text}」 → {w.landed}: no official button (or route) to act on")
        elif w.pixels > SCREEN:
            problems.append(f"「{w.text}」 → {w.landed}: {w.pixels} px of scrolling to 「{w.action}」 (max {SCREEN})")
        if w.taps > MAX_TAPS:
            problems.append(f"「{w.text}」 takes {w.taps} taps from the start page (max {MAX_TAPS})")
    return problems


@pytest.mark.both_engines
def test_every_start_page_route_lands_at_its_action(new_context, engine):
    ctx, guard = phone(new_context)
    walks = walk_routes(ctx)
    print(f"\n{engine}: taps, px from the landing point to the action, where, route")
    for w in walks:
        print(f"  {w.taps}  {w.pixels!s:>5}  {w.landed:<36} {w.text}  [{w.action}]")
    assert len(walks) >= 8, f"only {len(walks)} routes on the start page"
    problems = route_problems(walks)
    assert not problems, "\n  ".join(problems)
    assert not guard.blocked


PLANTED_START = """<div class="routes"><ul>
<li><a href="stop/chat/#refund">チャットで返金を頼む</a></li>
<li><a href="#more">ほかの場合</a></li></ul></div>
<h2 id="more">ほかの場合</h2>
<div class="routes"><ul><li><a href="faq/">よくある質問</a></li></ul></div>
<div style="height:1200px"></div>"""
PLANTED_CHAT = """<p><a class="md-button official-link" href="https://support.norton.com/">チャット <span class="addr">support.norton.com</span></a></p>
<div style="height:2400px"></div><h2 id="refund">返金</h2><p>返金の説明です。</p><div style="height:900px"></div>"""


def test_planted_route_faults_are_caught(new_context, built_site, site_url):
    from tests.browser.test_reader import after_title, built_html, plant

    ctx, _ = phone(new_context)
    plant(ctx, site_url, "", after_title(built_html(built_site, ""), PLANTED_START, keep_rest=False))
    plant(ctx, site_url, "stop/chat/", after_title(built_html(built_site, "stop/chat/"), PLANTED_CHAT, keep_rest=False))
    plant(ctx, site_url, "faq/", after_title(built_html(built_site, "faq/"), "<p>ボタンのないページ</p>", keep_rest=False))
    walks = {w.text: w for w in walk_routes(ctx)}
    assert walks["チャットで返金を頼む"].pixels > SCREEN, walks       # the button is 2,400 px up
    assert walks["ほかの場合"].pixels == 0 and walks["ほかの場合"].taps == 1, walks
    assert walks["よくある質問"].taps == 2 and walks["よくある質問"].pixels is None, walks
    problems = route_problems(walks.values())
    assert any("px of scrolling" in p for p in problems) and any("no official button" in p for p in problems), problems


# -- 2. nothing fixed covers an action ------------------------------------------------------------------

# Runs in the page: fixed or sticky elements (the header excepted: content scrolls under it, and the
# visible part of an action is measured below it) that cover part of a visible action.
COVERED_JS = """() => {
    const header = document.querySelector('.md-header');
    const top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    const actions = [...document.querySelectorAll('article .official-link, article .routes a')];
    // Fixed or sticky elements, found once per page (their position does not change; their visibility may).
    window.__fixedCandidates = window.__fixedCandidates || [...document.querySelectorAll('body *')].filter(el => {
        const pos = getComputedStyle(el).position;
        if (pos !== 'fixed' && pos !== 'sticky') return false;
        if (header && (el === header || header.contains(el) || el.contains(header))) return false;
        return !el.closest('article');
    });
    const fixed = window.__fixedCandidates.filter(el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}));
    const out = [];
    for (const a of actions) {
        const r = a.getBoundingClientRect();
        const vis = {top: Math.max(r.top, top), bottom: Math.min(r.bottom, innerHeight), left: r.left, right: r.right};
        if (vis.bottom - vis.top < 1) continue;
        for (const f of fixed) {
            if (f.contains(a)) continue;
            for (const b of f.getClientRects()) {
                const h = Math.min(vis.bottom, b.bottom) - Math.max(vis.top, b.top);
                const w = Math.min(vis.right, b.right) - Math.max(vis.left, b.left);
                if (h > 0.5 && w > 0.5) out.push(`${f.tagName.toLowerCase()}.${[...f.classList].join('.')} covers `
                    + `「${a.innerText.trim().split('\\n')[0]}」 at scrollY ${Math.round(scrollY)}`);
            }
        }
    }
    return out;
}"""


# Runs in the page: scroll down to the end and back up in `step` px steps, one frame at each stop
# (the engines show and hide floating buttons in their scroll handlers, which run before the frame),
# and collect what COVERED_JS finds.
SCROLL_WALK_JS = """async (step) => {
    const check = """ + COVERED_JS + """;
    const end = document.documentElement.scrollHeight - innerHeight, found = new Set();
    const ys = []; for (let y = 0; y < end + step; y += step) ys.push(Math.min(y, end));
    for (const y of [...ys, ...ys.reverse()]) {
        window.scrollTo(0, y);
        await new Promise(r => requestAnimationFrame(r));
        check().forEach(p => found.add(p));
    }
    return [...found];
}"""


def covered_problems(page) -> list[str]:
    """Scroll the page down to its end and back up in STEP px steps; what covers an action on the way."""
    page.add_style_tag(content=NO_MOTION)
    return page.evaluate(SCROLL_WALK_JS, STEP)


@pytest.mark.both_engines
def test_no_fixed_element_covers_an_action(new_context, site_pages):
    ctx, _ = phone(new_context)
    problems = []
    walked = 0
    for path in site_pages:
        page = open_page(ctx, path)
        if page.locator("article .official-link, article .routes a").count():
            problems += [f"/{path}: {p}" for p in covered_problems(page)]
            walked += 1
        page.close()
    assert walked >= 8, f"only {walked} pages with actions"
    assert not problems, "\n  ".join(problems[:20])


def test_planted_fixed_bar_over_a_button_is_caught(new_context):
    ctx, _ = phone(new_context)
    page = open_page(ctx, "stop/store/")
    page.evaluate("""() => { const d = document.createElement('div'); d.className = 'planted-bar';
        d.style.cssText = 'position:fixed;left:0;right:0;top:80px;height:40px;background:#000';
        document.body.appendChild(d); }""")
    problems = covered_problems(page)
    assert any("planted-bar covers" in p for p in problems), problems


# -- 3. footnote numbers and 「読者の報告」: a finger wide, open in place -------------------------------------

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
                const gx = Math.max(b.left - r.right, r.left - b.right), gy = Math.max(b.top - r.bottom, r.top - b.bottom);
                if (Math.max(gx, gy) < 2) out.push(`${name} is ${Math.max(gx, gy).toFixed(1)} px from the link 「${o.innerText.trim().slice(0, 20)}」`);
            }
        }
    }
    return out;
}"""


def test_footnote_and_marker_targets_are_a_finger_wide(new_context, site_pages):
    ctx, _ = phone(new_context)
    problems, seen = [], 0
    for path in site_pages:
        page = open_page(ctx, path)
        seen += page.locator("article a.footnote-ref, article a.reader-report").count()
        problems += [f"/{path}: {p}" for p in page.evaluate(MARKERS_JS)]
        page.close()
    assert seen >= 20, f"only {seen} markers measured"
    assert not problems, "\n  ".join(problems[:20])


def test_planted_small_marker_is_caught(new_context):
    ctx, _ = phone(new_context)
    page = open_page(ctx, "stop/store/")
    page.evaluate("""() => { const a = document.querySelector('article a.footnote-ref');
        a.style.cssText = 'display:inline;min-width:0;height:auto;margin:0;padding:0;border:0;font-size:10px'; }""")
    problems = page.evaluate(MARKERS_JS)
    assert any(" x " in p for p in problems), problems


@pytest.mark.both_engines
def test_tap_on_a_footnote_number_opens_the_note_in_place(new_context):
    ctx, guard = phone(new_context)
    page = open_page(ctx, "stop/store/")
    ref = page.locator("article a.footnote-ref").nth(1)
    ref.scroll_into_view_if_needed()
    before = page.evaluate("scrollY")
    target = ref.get_attribute("href")
    ref.tap()
    note = page.locator("article .inline-note")
    note.wait_for(state="visible")
    assert note.count() == 1
    assert urlsplit(page.url).fragment == "", f"the tap jumped to {page.url}"
    assert abs(page.evaluate("scrollY") - before) < 2, "the page scrolled"
    # The note is the footnote's own text with its link to the official page, right under the number.
    want = page.evaluate("(id) => document.getElementById(decodeURIComponent(id)).innerText.replace('↩', '').trim()",
                         target[1:])
    assert note.inner_text().startswith(want[:20]), (note.inner_text(), want)
    assert note.locator("a[href^='https://']").count() >= 1, "no link to the source in the note"
    ref_box, note_box = ref.bounding_box(), note.bounding_box()
    assert 0 <= note_box["y"] - (ref_box["y"] + ref_box["height"]) < 40, (ref_box, note_box)
    assert ref.get_attribute("aria-expanded") == "true"
    # 「閉じる」 closes it; a second tap on the open number follows the link to the note list.
    close = note.locator("button")
    assert close.bounding_box()["height"] >= 44
    close.tap()
    assert page.locator("article .inline-note").count() == 0
    ref.tap()
    ref.tap()
    page.wait_for_function("(h) => location.hash === h", arg=target)
    assert not guard.console_errors and not guard.blocked


@pytest.mark.both_engines
def test_tap_on_reader_report_explains_in_place(new_context):
    ctx, guard = phone(new_context)
    page = open_page(ctx, "stop/store/")
    marker = page.locator("article a.reader-report").first
    marker.tap()
    note = page.locator("article .inline-note")
    note.wait_for(state="visible")
    assert urlsplit(page.url).path.endswith("/stop/store/") and not urlsplit(page.url).fragment, page.url
    assert "公式ページには書かれておらず" in note.inner_text()
    more = note.locator("a", has_text="くわしく")
    assert urlsplit(more.evaluate("a => a.href")).path.endswith("/about/")
    assert not guard.console_errors


# -- 4. copy buttons ---------------------------------------------------------------------------------

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


def copy_problems(buttons: list[dict]) -> list[str]:
    problems = []
    for i, b in enumerate(buttons):
        if not b["visible"]:
            problems.append(f"copy button {i} is not fully visible")
        if b["height"] < 44:
            problems.append(f"copy button {i} is {b['height']:.0f} px high (< 44)")
        if "コピー" not in b["label"]:
            problems.append(f"copy button {i} does not say 「コピー」 ({b['label']})")
        if b["contrast"] < 4.5:
            problems.append(f"copy button {i} has contrast {b['contrast']:.1f}:1 (< 4.5)")
    return problems


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_copy_buttons_are_labelled_visible_and_44_px(new_context, palette):
    ctx, _ = new_context(palette, PHONE, has_touch=True, is_mobile=True)
    for path in ("stop/chat/", "order-number/"):
        page = open_page(ctx, path)
        page.wait_for_selector("article .md-code__button")
        buttons = page.evaluate(COPY_JS)
        assert buttons, f"/{path}: no copy button on show"
        problems = copy_problems(buttons)
        assert not problems, f"/{path} ({palette}):\n  " + "\n  ".join(problems)
        page.close()
    # The refund template sits inside the refund section, under its own chat button.
    page = open_page(ctx, "stop/chat/")
    inside = page.evaluate("""() => { const s = document.getElementById('refund'), b = document.getElementById('template-refund');
        const next = [...document.querySelectorAll('article h2')].find(h => s.compareDocumentPosition(h) & 4);
        return !!b && (s.compareDocumentPosition(b) & 4) && (!next || (b.compareDocumentPosition(next) & 4)); }""")
    assert inside, "the refund template is not in the #refund section"


def test_planted_faint_copy_button_is_caught(new_context):
    ctx, _ = phone(new_context)
    page = open_page(ctx, "stop/chat/")
    page.wait_for_selector("article .md-code__button")
    page.add_style_tag(content=".md-typeset .md-code__button { min-height: 0; height: 24px; opacity: .07; }"
                               ".md-typeset .md-code__button::before { content: none; }")
    problems = copy_problems(page.evaluate(COPY_JS))
    for expect in ("not fully visible", "px high", "does not say"):
        assert any(expect in p for p in problems), (expect, problems)


# -- 5. search results without clutter -------------------------------------------------------------------

# Shown text of the result list (Material: the page's results; Zensical: its dialog, in a shadow root).
RESULTS_TEXT = {"mkdocs": ".md-search-result", "zensical": "ol[role=listbox]"}
FOOTNOTE_SIGNS = ("↩", "「Under our 60-day", "「Each annual renewal", "「サポート窓口に連絡する」")


@pytest.mark.both_engines
@pytest.mark.parametrize("query", ["返金", "返金 アマゾン"])
def test_search_results_show_no_struck_words_or_footnotes(new_context, engine, query):
    """No struck-through 「検索に含まれない: ~~語~~」 line, and no footnote text in the excerpts."""
    from tests.browser.test_pages import search

    ctx, guard = new_context("light", PHONE)
    page = open_page(ctx, "")
    search(page, engine, query)
    page.wait_for_timeout(500)
    text = page.locator(RESULTS_TEXT[engine]).first.inner_text()
    assert "返金" in text, text[:300]
    assert "検索に含まれない" not in text and "Missing" not in text, text[:500]
    assert page.locator(".md-search-result del:visible, .md-search-result__terms:visible").count() == 0
    found = [s for s in FOOTNOTE_SIGNS if s in text]
    assert not found, f"footnote text in the results for 「{query}」: {found}"
    assert not guard.console_errors and not guard.blocked
