"""Every page in a real browser: axe 0 in light (phone) and dark (desktop), with every in-page check of
support/checks.py in the same phone visit; clean console, local requests only; plus the search box, tabs,
the palette, the first-load weight and the host fence. A console error fails a test (test_csp.py)."""

from __future__ import annotations

import re
import pytest

from scripts.browser.bench import first_loads
from scripts.browser.chromium import PHONE
from scripts.search.recall import ZENSICAL_STATUS, open_search, search_box
from tests.browser.support.checks import (
    COVERED_JS, FAQ_INDEX_JS, MARKERS_JS, axe_problems, every_box_font_problems, procedure_problems,
    reading_problems, run_checks, start_page_problems)
from tests.browser.support.pages import DESKTOP, PAGES, PROCEDURES, READING_PAGES, TOUCH, report, visit

INDEX_FILES = ("search/search_index.json", "/search.json")  # Material, Zensical
OVERFLOW_JS = """() => { const w = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('.md-content *')]
      .filter(e => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'fixed')
      .filter(e => !e.closest('pre, .md-typeset__scrollwrap, .tabbed-labels'))
      .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 60));
    return document.documentElement.scrollWidth > w ? [`horizontal scrolling at 390 px: ${wide}`] : []; }"""
# Only en/ is marked English, and its Japanese furniture (最終確認日, 出典) is not.
LANG_JS = """() => { const lang = (sel) => document.querySelector(sel)?.closest('[lang]')?.getAttribute('lang');
    const [title, date] = [lang('article h1'), lang('.verified-date')];
    const wrong = (title === 'en') !== location.pathname.endsWith('/en/') || date === 'en';
    return wrong ? [`lang ${title}, date ${date}`] : []; }"""
# The refund template sits inside the refund section, under its own chat button (issue 17).
REFUND_JS = """() => { const s = document.getElementById('refund'), b = document.getElementById('template-refund');
    const next = [...document.querySelectorAll('article h2')].find(h => s.compareDocumentPosition(h) & 4);
    return !!b && (s.compareDocumentPosition(b) & 4) && (!next || (b.compareDocumentPosition(next) & 4)) ? []
      : ['the refund template is not in the #refund section']; }"""
PAGE_CHECKS = {  # the first-screen checks of a page's kind (issues 8, 16, 17)
    **{path: [procedure_problems] for path in PROCEDURES}, "": [start_page_problems], "faq/": [FAQ_INDEX_JS],
    "stop/chat/": [procedure_problems, REFUND_JS],
}


@pytest.mark.both_engines
@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "index")
def test_page_on_a_phone(shared_page, path):
    """One visit per page, light palette, 390x844 touch phone: no sideways scroll; the page's first-screen
    checks; reading length and research notes (READING_PAGES); lang; footnote numbers and markers a
    finger wide; no fixed element over an action at any scroll position; axe 0; font sizes (last: it
    appends one of each box); no console errors and no requests to other hosts."""
    page, guard = shared_page("light", **TOUCH)
    visit(page, path)
    assert page.title(), "page has no <title>"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    problems = run_checks(page, [OVERFLOW_JS, LANG_JS, *PAGE_CHECKS.get(path, [])])
    problems += reading_problems(page) if path in READING_PAGES else []
    if path == "":  # the start page answers without JavaScript too
        no_js = visit(shared_page("light", **TOUCH, java_script_enabled=False)[0], "")
        assert "no-js" in no_js.evaluate("document.documentElement.className")
        problems += [f"JavaScript off: {p}" for p in start_page_problems(no_js)]
    if "[^" in PAGES[path].read_text(encoding="utf-8") and not page.locator("article a.footnote-ref").count():
        problems.append("the Markdown has footnotes, the page shows no footnote number")
    problems += run_checks(page, [MARKERS_JS, axe_problems, COVERED_JS, every_box_font_problems])
    assert not problems, f"/{path} at 390x844:\n  " + report(problems)
    assert not guard.console_errors and not guard.blocked, (guard.console_errors, guard.blocked)


@pytest.mark.both_engines
@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "index")
def test_page_dark_desktop(shared_page, path):
    """Dark (slate) palette at desktop width: no axe violations, no console errors."""
    page, guard = shared_page("dark", DESKTOP)
    visit(page, path)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    problems = axe_problems(page)
    assert not problems, f"axe violations (dark, desktop) on /{path}:\n" + report(problems)
    assert not guard.console_errors and not guard.blocked, (guard.console_errors, guard.blocked)


# Shown text of the result list (Material: the page's results; Zensical: its dialog, in a shadow root).
RESULTS_TEXT = {"mkdocs": ".md-search-result", "zensical": "ol[role=listbox]"}
FOOTNOTE_SIGNS = ("↩", "「Under our 60-day", "「Each annual renewal", "「サポート窓口に連絡する」")
# Texts and labels of Zensical's search dialog (in its shadow root) with Latin words and no Japanese.
ENGLISH_LEFT_JS = """() => { const h = [...document.querySelectorAll('body > *')].find(e => e.shadowRoot);
    return [...h.shadowRoot.querySelectorAll(':not(style)')].flatMap(e => [e.getAttribute('aria-label'),
        e.getAttribute('placeholder'), [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('')])
      .filter(t => t && /[A-Za-z]{3,}/.test(t) && !/[ぁ-んァ-ヶ一-鿿]/.test(t)); }"""


@pytest.mark.both_engines
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_search_speaks_japanese_waits_and_shows_tidy_accessible_results(new_context, engine, palette):
    """Labels in Japanese (Material: theme.language; Zensical: its built-in English replaced by
    scripts/build_site.py from scripts/data/zensical_ui_ja.yml); the index is fetched only once the reader
    opens the search; no struck-through 「検索に含まれない: ~~語~~」 line and no footnote text in the
    results; the open dialog with results passes axe."""
    ctx, guard = new_context(palette, DESKTOP)
    requested: list[str] = []
    ctx.on("request", lambda r: requested.append(r.url))
    page = visit(ctx.new_page(), "")
    page.wait_for_timeout(200)
    assert not [u for u in requested if u.endswith(INDEX_FILES)], "search index fetched before the reader searched"
    if engine == "mkdocs":
        assert page.locator("input.md-search__input").get_attribute("placeholder") == "検索"
    else:
        assert page.locator(".md-search__button").inner_text().strip() == "検索"  # from our theme.language
    open_search(page, engine)
    assert [u for u in requested if u.endswith(INDEX_FILES)], "search index never fetched"
    for query in ("返金 アマゾン", "返金"):
        assert search_box(page, engine, query), f"no results for 「{query}」"
        text = page.locator(RESULTS_TEXT[engine]).first.inner_text()
        assert "返金" in text and "検索に含まれない" not in text and "Missing" not in text, text[:500]
        assert page.locator(".md-search-result del:visible, .md-search-result__terms:visible").count() == 0
        found = [s for s in FOOTNOTE_SIGNS if s in text]
        assert not found, f"footnote text in the results for 「{query}」: {found}"
    problems = axe_problems(page)
    assert not problems, f"axe violations in search results ({palette}):\n" + report(problems)
    assert not guard.console_errors and not guard.blocked, (guard.console_errors, guard.blocked)
    if engine == "zensical":
        box = page.locator("input[role=combobox]")
        labels = {"placeholder": box.get_attribute("placeholder"), "input": box.get_attribute("aria-label"),
                  "close": page.locator("button[aria-label='検索を閉じる']").count(),
                  "list": page.locator("ol[role=listbox]").get_attribute("aria-label")}
        assert labels == {"placeholder": "検索", "input": "検索", "close": 1, "list": "検索結果"}, labels
        status = f"(want) => new RegExp(want).test(({ZENSICAL_STATUS})() || '')"
        page.wait_for_function(status, arg="^[0-9,]+件見つかりました$", timeout=15000)
        box.fill("xqzxqzxqz")
        page.wait_for_function(status, arg="^何も見つかりませんでした$", timeout=15000)
        english = page.evaluate(ENGLISH_LEFT_JS)
        assert not english, f"English left in the search dialog: {english}"


def test_pasted_query_shows_results_that_open_highlighted(new_context, engine):
    """A pasted (or dictated) query fires `input` and no key events; results must still appear (Material's
    search listens to keyup only: overrides/main.html follows each input with a keyup). Choosing a result
    opens the page with the searched words marked (search.highlight)."""
    ctx, guard = new_context("light", PHONE)
    page = visit(ctx.new_page(), "")
    open_search(page, engine)  # the index has loaded: a paste now shows nothing without the patch
    page.keyboard.insert_text("返金")
    results = page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for(timeout=15000)
    assert any("refund" in (results.nth(i).get_attribute("href") or "") for i in range(results.count()))
    results.first.click()
    page.wait_for_load_state("load")
    assert "h=" in page.url, page.url
    page.locator("mark[data-md-highlight]").first.wait_for(timeout=10000)
    assert "返金" in page.locator("mark[data-md-highlight]").first.inner_text()
    assert not guard.console_errors and not guard.blocked


@pytest.mark.both_engines
def test_search_runs_through_search_relax(new_context, engine):
    """Both engines' search worker is docs/assets/javascripts/workers/search-relax.js around the
    engine's own (overrides/main.html). Under Zensical a query with a word the site lacks still finds
    the page; under Material a word typed without its space does."""
    ctx, guard = new_context("light", DESKTOP)
    scripts: list[str] = []
    ctx.on("request", lambda r: scripts.append(r.url) if "/workers/" in r.url else None)
    page = visit(ctx.new_page(), "stop/store/")  # a nested page: the worker URL is resolved against it
    typed, expected = {"zensical": ("注文番号 ペット", "order-number"), "mkdocs": ("マイアカウント", "stop/account")}[engine]
    open_search(page, engine)
    found = search_box(page, engine, typed)[:5]
    assert any("/assets/javascripts/workers/search-relax.js?worker=" in u for u in scripts), scripts
    assert any(re.search(r"/workers/search\.[0-9a-f]+\.min\.js$", u) for u in scripts), f"no engine worker: {scripts}"
    assert any(expected in h for h in found), found
    assert not guard.console_errors and not guard.blocked


def test_first_load_weight(browser, site_url, sent_log):
    """The start page's first load (scripts/browser/bench.py: fresh cache, gzip, counted by the server) is at
    most 100 KiB, without the search index."""
    load = first_loads(browser, site_url, [""], sent_log)[""]
    assert sum(load["kib"].values()) <= 100 and "index" not in load["kib"] and not load["third_party"], load


def test_palette_toggle_switches_and_persists(new_context):
    ctx, guard = new_context("light", DESKTOP)
    page = visit(ctx.new_page(), "")
    page.locator("label[for=__palette_1]").click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.goto("faq/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert not guard.console_errors and not guard.blocked


def test_off_host_requests_are_blocked_and_recorded(new_context):
    """The fence of tests/browser/conftest.py: a request to another host fails, and `guard.blocked` names it
    (the page's Content-Security-Policy, which would stop these first, is bypassed here)."""
    ctx, guard = new_context("light", DESKTOP, bypass_csp=True)
    page = visit(ctx.new_page(), "")
    loaded = page.evaluate("""async () => {
        const img = new Image(); img.src = 'https://example.com/pixel.png';
        const shown = await new Promise(r => { img.onload = () => r(true); img.onerror = () => r(false); });
        const fetched = await fetch('http://203.0.113.9:8080/x').then(() => true, () => false);
        return shown || fetched; }""")
    assert not loaded, "a request to another host got an answer"
    assert guard.blocked == ["https://example.com/pixel.png", "http://203.0.113.9:8080/x"], guard.blocked


TAB = "そのほかのメール"  # a label that is not selected by default, on the order-number page
# The selected label of each tab set that has TAB.
CHOSEN_JS = f"""() => [...document.querySelectorAll('.tabbed-set')].flatMap(s => {{
    const labels = [...s.querySelectorAll(':scope > .tabbed-labels > label')].map(l => l.textContent.trim());
    const checked = [...s.querySelectorAll(':scope > input')].findIndex(x => x.checked);
    return labels.includes('{TAB}') ? [labels[checked]] : [];
}})"""
# Tab sets come only from `/// tab` blocks (the one tab syntax; scripts/lint/blocks.py refuses `===`),
# so the pages to try are known from the Markdown.
PAGES_WITH_TABS = [path for path, md in PAGES.items() if "/// tab" in md.read_text(encoding="utf-8")]


def test_every_tab_shows_its_panel_and_the_choice_persists(new_context):
    """Clicking each label of each set shows its panel (every page with tabs). A chosen label is then
    chosen in every set that has it (content.tabs.link): on the page, on the next page load, after a reload."""
    ctx, guard = new_context("light", PHONE)
    page = ctx.new_page()
    assert PAGES_WITH_TABS, "no page has a /// tab block"
    for path in PAGES_WITH_TABS:
        page.goto(path, wait_until="load")
        sets = page.locator(".tabbed-set")
        assert sets.count(), f"/{path} has a /// tab block but no tab set"
        for s in range(sets.count()):
            labels = sets.nth(s).locator(":scope > .tabbed-labels > label")
            for i in range(labels.count()):
                labels.nth(i).click()
                shown = sets.nth(s).locator(":scope > .tabbed-content > .tabbed-block").nth(i)
                assert shown.is_visible(), f"/{path}: tab {i} of set {s} does not show its panel"
    page.goto("order-number/", wait_until="load")
    page.locator(".tabbed-labels > label", has_text=re.compile(rf"^\s*{TAB}\s*$")).first.click()
    assert set(page.evaluate(CHOSEN_JS)) == {TAB}, page.evaluate(CHOSEN_JS)
    for path in [*PAGES_WITH_TABS, "order-number/"]:  # the next page loads; the last one is a reload
        page.goto(path, wait_until="load")
        assert set(page.evaluate(CHOSEN_JS)) <= {TAB}, f"/{path}: {page.evaluate(CHOSEN_JS)} selected, not 「{TAB}」"
    assert page.evaluate(CHOSEN_JS), f"choice of 「{TAB}」 lost after reload"
    assert not guard.console_errors and not guard.blocked
