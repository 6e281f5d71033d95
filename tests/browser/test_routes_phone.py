"""One-handed on a 390x844 touch phone (issues 16, 17): every start-page route, followed by
scripts/browser/phone.py, lands as tests/data/routes.yml says within two taps, its action whole on the
screen and uncovered; notes and markers open in place; copy buttons copy their block's text.
(Tap-target sizes and fixed elements: test_pages.py on every page; planted faults: test_reader.py.)
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml

from scripts.browser.phone import follow, start_routes
from tests.browser.support.checks import copy_problems
from tests.browser.support.pages import PAGES, ROOT, TOUCH, report, visit

MAX_TAPS = 2
ROUTES = yaml.safe_load((ROOT / "tests" / "data" / "routes.yml").read_text(encoding="utf-8"))
EXPECTED = [(section, text, want) for section, routes in ROUTES.items() for text, want in routes.items()]


@pytest.fixture(scope="session")
def routes_on_start_page(shared_page) -> dict:
    """{(section, text): route} as scripts/browser/phone.py reads them from the built start page."""
    return {(r["section"], r["text"]): r for r in start_routes(shared_page("light", **TOUCH)[0])}


def walk_problems(walk, want: dict) -> list[str]:
    """What is wrong with a followed route, against its row of tests/data/routes.yml."""
    name, problems = f"「{walk.text}」", []
    if walk.taps > MAX_TAPS:
        problems.append(f"{name} takes {walk.taps} taps from the start page (max {MAX_TAPS})")
    if not walk.on_screen(walk.tap):
        problems.append(f"{name} is off the screen when tapped: {walk.tap['top']:.0f}–{walk.tap['bottom']:.0f} px")
    if walk.landed != want["lands"]:
        problems.append(f"{name} lands at {walk.landed}, not {want['lands']}")
    action = walk.action(want["action"])
    if action is None:
        problems.append(f"{name}: no action {want['action']} in the landing section; found {walk.actions}")
    elif not walk.on_screen(action):
        problems.append(f"{name}: the action 「{action['text']}」 at {round(action['top'])}–{round(action['bottom'])} px "
                        f"is not whole on the screen (header ends at {round(walk.header)} px)")
    elif action["covered"]:
        problems.append(f"{name}: the action 「{action['text']}」 is covered by another element")
    return problems


@pytest.mark.both_engines
@pytest.mark.parametrize("section, text, want", EXPECTED, ids=[f"{s}>{w['lands']}" for s, _, w in EXPECTED])
def test_route_lands_on_its_action(shared_page, routes_on_start_page, engine, section, text, want):
    route = routes_on_start_page.get((section, text))
    assert route, f"「{text}」 is not a route in #{section} of the start page (tests/data/routes.yml)"
    page, guard = shared_page("light", **TOUCH)
    problems = walk_problems(follow(page, route), want)
    assert not problems, f"[{engine}] " + report(problems)
    assert not guard.console_errors and not guard.blocked


def test_every_start_page_route_is_in_the_table(routes_on_start_page):
    listed = {(section, text) for section, text, _ in EXPECTED}
    missing = sorted(set(routes_on_start_page) - listed)
    assert not missing, f"routes on the start page missing from tests/data/routes.yml: {missing}"
    assert len(listed) >= 8


PLANTED_START = """<div class="routes"><ul>
<li><a href="stop/account/">「AP」「NP」で始まる</a></li>
<li><a href="stop/account/">「SY」で始まる</a></li>
<li><a href="stop/chat/#refund">チャットで返金を頼む</a></li>
<li><a href="#more">ほかの場合</a></li></ul></div>
<h2 id="more">ほかの場合</h2><div class="routes"><ul><li><a href="#more2">さらにほか</a></li></ul></div>
<h2 id="more2">さらにほか</h2><div class="routes"><ul><li><a href="faq/">よくある質問</a></li></ul></div>
<div style="height:1200px"></div>"""
PLANTED = {
    "stop/chat/": """<h2 id="refund">返金</h2><div style="height:900px"></div>
<p><a class="md-button official-link" href="https://support.norton.com/">チャット</a></p>
<div style="height:900px"></div>""",
    "faq/": """<p><a class="md-button official-link" href="https://support.norton.com/">チャット</a></p>
<div style="position:fixed;inset:0;z-index:99;background:#fff"></div>""",
}
PLANTED_WANT = {  # route: (its row in the table, the problems its walk must show)
    "「AP」「NP」で始まる": ({"lands": "stop/account/", "action": "https://my.norton.com/"}, []),
    "「SY」で始まる": ({"lands": "stop/store/", "action": "https://www.nortonstore.jp/orderstatus/"},
                   ["lands at stop/account/", "no action"]),  # the SY and AP/NP links swapped
    "チャットで返金を頼む": ({"lands": "stop/chat/#refund", "action": "https://support.norton.com/"}, ["not whole"]),
    "よくある質問": ({"lands": "faq/", "action": "https://support.norton.com/"}, ["3 taps", "covered"]),
}


def test_planted_route_faults_are_caught(shared_page, plant):
    page, _ = shared_page("light", **TOUCH)
    plant(page, "", PLANTED_START)
    for path, block in PLANTED.items():
        plant(page, path, block)
    walks = {r["text"]: follow(page, r) for r in start_routes(page) if r["text"] in PLANTED_WANT}
    for text, (want, expect) in PLANTED_WANT.items():
        problems = walk_problems(walks[text], want)
        assert all(any(e in p for p in problems) for e in expect) and bool(problems) == bool(expect), (text, problems)


@pytest.mark.both_engines
def test_taps_on_notes_and_markers_open_in_place(shared_page):
    """The 「読者の報告」 marker explains itself in place; a footnote number opens its note under it, with
    the link to the source; 「閉じる」 closes it and a second tap on the open number goes to the note list."""
    page, guard = shared_page("light", **TOUCH)
    visit(page, "stop/store/").locator("article a.reader-report").first.tap()
    note = page.locator("article .inline-note")
    note.wait_for(state="visible")
    assert urlsplit(page.url).path.endswith("/stop/store/") and not urlsplit(page.url).fragment, page.url
    assert "公式ページには書かれておらず" in note.inner_text()
    assert urlsplit(note.locator("a", has_text="くわしく").evaluate("a => a.href")).path.endswith("/about/")
    ref = visit(page, "stop/store/").locator("article a.footnote-ref").nth(1)
    ref.scroll_into_view_if_needed()
    before = page.evaluate("scrollY")
    target = ref.get_attribute("href")
    ref.tap()
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


FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.S | re.M)
CODE = {path: [m["body"].rstrip("\n") for m in FENCE.finditer(md.read_text(encoding="utf-8"))]
        for path, md in PAGES.items()}
# Inside a tab that is not selected: choose that tab first.
SHOW_CODE_JS = """(i) => { const block = document.querySelectorAll('article pre > code')[i].closest('.tabbed-block');
    const n = [...block.parentElement.children].indexOf(block);
    block.closest('.tabbed-set').querySelectorAll(':scope > .tabbed-labels > label')[n].click(); }"""


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("path", [path for path, code in CODE.items() if code])
def test_copy_buttons_are_labelled_visible_and_copy_the_text(shared_page, palette, path):
    page, guard = shared_page(palette, **TOUCH, permissions=["clipboard-read", "clipboard-write"])
    visit(page, path).wait_for_selector("article .md-code__button")
    problems = copy_problems(page)
    assert not problems, f"/{path} ({palette}):\n  " + report(problems)
    blocks = page.locator("article pre > code")
    assert blocks.count() == len(CODE[path]), f"/{path}: {blocks.count()} code blocks, Markdown has {len(CODE[path])}"
    for i, want in enumerate(CODE[path]):
        if not blocks.nth(i).is_visible():
            page.evaluate(SHOW_CODE_JS, i)
        page.locator("article pre").nth(i).locator("button.md-code__button, button.md-clipboard").first.click()
        got = page.evaluate("navigator.clipboard.readText()")
        assert got.rstrip("\n") == want, f"/{path}: copy button {i} put {got!r}, expected {want!r}"
        page.evaluate("navigator.clipboard.writeText('')")
    assert not guard.console_errors and not guard.blocked
