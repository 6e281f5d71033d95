"""The readers who do not fit the five first-screen buttons (issue 16) reach their answer in at most two
taps on a 390x844 phone, and land with the action to take on the screen.

Each route in ROUTES is tapped as a reader does: the first-screen button of the start page, then (for
two-tap routes) the link in the section it opens. On landing, the route's action (the official button,
the first numbered step, or the links a page hands over to) must be fully inside the screen, below the
sticky header, and be the element a tap at its centre would hit (nothing fixed covers it). The English
page is also checked for lang="en" on its text, from its front matter (`content_lang: en`).

`route_problems` is a pure check on a page; planted faults (the action pushed below the screen, covered
by a fixed bar, or a route that needs a third tap) prove it fails when it should.
Runs once per engine (tests/browser/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
OTHER = "明細で見つけた・どれにも当てはまらない"


@dataclass(frozen=True)
class Route:
    name: str          # test id and report label
    taps: tuple        # link texts to tap, in order, starting on the start page
    lands: str         # path#fragment the last tap must reach
    action: str        # CSS selector(s) of the action, searched inside the landing section


FIRST_STEP = "ol > li"   # the first numbered step
ROUTES = [
    Route("statement", (OTHER, "カードや携帯電話の明細で見つけた"), "statement/#steps",
          ".routes a[href$='stop/store/']"),   # the chooser: the first name leads to the store
    Route("double", (OTHER, "新しく買ったのに、古いほうも更新された"), "other/#double",
          "a.official-link[href='https://www.nortonstore.jp/orderstatus/']"),
    Route("provider", (OTHER, "プロバイダ（インターネットの会社）から提供された"), "other/#provider", FIRST_STEP),
    Route("preinstalled", (OTHER, "パソコンに入っていた体験版から買った"), "other/#preinstalled",
          "a.official-link[href='https://my.norton.com/']"),
    Route("amazon", (OTHER, "Amazon から請求されている"), "other/#amazon-subscription", FIRST_STEP),
    Route("carrier-who-bills", (OTHER, "携帯電話のお店で契約し、別の会社から請求された"), "stop/carrier/#who-bills",
          "ul > li"),   # the list of who bills → where to stop
    Route("english", ("English",), "en/",
          "a.official-link[href='https://www.nortonstore.jp/orderstatus/'], a.official-link[href='https://my.norton.com/']"),
]

# The landing section: from the fragment's element (or the article's top) to the next heading of the
# same level. Returns each action element's box, and what a tap at its centre would hit.
ACTION_JS = """([fragment, selector]) => {
    const article = document.querySelector('article');
    const start = fragment ? document.getElementById(fragment) : article.querySelector('h1');
    if (!start) return {error: 'no element #' + fragment};
    const level = /^H[1-6]$/.test(start.tagName) ? +start.tagName[1] : 1;
    const inSection = [];
    for (let el = start.nextElementSibling; el; el = el.nextElementSibling) {
        if (/^H[1-6]$/.test(el.tagName) && +el.tagName[1] <= level && fragment) break;
        if (el.matches('.footnote, .page-sources')) break;   // the notes are not the section's action
        inSection.push(el);
    }
    const found = [];
    for (const el of inSection) {
        if (el.matches(selector)) found.push(el);
        found.push(...el.querySelectorAll(selector));
        if (found.length && selector.includes('li')) break;   // the first numbered step only
    }
    const header = document.querySelector('.md-header, header');
    const headerBottom = header ? header.getBoundingClientRect().bottom : 0;
    return {headerBottom, actions: found.slice(0, selector.includes('li') ? 1 : found.length).map(el => {
        const r = el.getBoundingClientRect();
        const first = el.getClientRects()[0] || r;   // a link wrapped over two lines: its first line
        const hit = document.elementFromPoint(first.left + first.width / 2, first.top + Math.min(first.height, 40) / 2);
        return {text: el.innerText.trim().slice(0, 40), top: r.top, bottom: r.bottom, height: r.height,
                covered: !(hit && (hit === el || el.contains(hit)))};
    })};
}"""


def route_problems(page, fragment: str, selector: str, screen: int = PHONE["height"]) -> tuple[list[str], dict]:
    found = page.evaluate(ACTION_JS, [fragment, selector])
    if "error" in found:
        return [found["error"]], found
    if not found["actions"]:
        return [f"no action ({selector}) in the landing section #{fragment}"], found
    problems = []
    for a in found["actions"]:
        if a["top"] < found["headerBottom"] - 1 or a["bottom"] > screen or not a["height"]:
            problems.append(f"action {a['text']!r} at {round(a['top'])}–{round(a['bottom'])} px is not on the screen "
                            f"(header ends at {round(found['headerBottom'])} px)")
        elif a["covered"]:
            problems.append(f"action {a['text']!r} is covered by another element")
    return problems, found


def tap_route(page, route: Route) -> list[dict]:
    """Tap each link of the route as a reader does; return where each tap target was on the screen."""
    seen = []
    for i, text in enumerate(route.taps):
        link = page.locator("article a", has_text=text).filter(visible=True).first
        box = link.bounding_box()
        seen.append({"text": text, "top": round(box["y"]), "bottom": round(box["y"] + box["height"])})
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
            f"tap {i + 1} of {route.name}: 「{text}」 is at {seen[-1]['top']} px, off the screen")
        if link.get_attribute("href").startswith("#"):
            link.tap()
        else:
            with page.expect_navigation(wait_until="load"):
                link.tap()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(150)   # let the engine finish scrolling to the fragment
    return seen


def phone(new_context, **kwargs):
    ctx, guard = new_context("light", PHONE, is_mobile=True, has_touch=True, **kwargs)
    page = ctx.new_page()
    page.goto("", wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, guard


@pytest.mark.both_engines
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_route_lands_on_its_action_within_two_taps(new_context, engine, route):
    page, guard = phone(new_context)
    assert len(route.taps) <= 2
    taps = tap_route(page, route)
    path, _, fragment = route.lands.partition("#")
    assert page.url.split("#")[0].endswith("/" + path), f"{route.name} landed on {page.url}, not {route.lands}"
    if fragment:
        assert page.url.endswith("#" + fragment), f"{route.name} landed on {page.url}, not #{fragment}"
    problems, found = route_problems(page, fragment, route.action)
    print(f"[{engine}] {route.name}: taps {[(t['text'], t['top']) for t in taps]} → {route.lands}; action tops "
          f"{[(a['text'][:16], round(a['top'])) for a in found.get('actions', [])]}")
    assert not problems, f"[{engine}] {route.name} at 390x844:\n  " + "\n  ".join(problems)
    assert not guard.console_errors and not guard.blocked


@pytest.mark.both_engines
def test_english_page_text_is_marked_english(new_context):
    ctx, _ = new_context("light", PHONE)
    page = ctx.new_page()
    page.goto("en/", wait_until="load")
    lang = page.evaluate("document.querySelector('article h1').closest('[lang]').getAttribute('lang')")
    assert lang == "en"
    # The Japanese page furniture (最終確認日, 出典) stays outside the English block.
    assert page.evaluate("document.querySelector('.verified-date').closest('[lang]').getAttribute('lang')") != "en"
    page.goto("", wait_until="load")
    assert page.evaluate("document.querySelector('article h1').closest('[lang]').getAttribute('lang')") != "en"


# -- planted faults: the check fails when it should ---------------------------------------------------

@pytest.mark.parametrize("plant, expect", [
    ("s.insertAdjacentHTML('afterend', '<div style=\"height:900px\"></div>')", "not on the screen"),
    ("document.body.insertAdjacentHTML('beforeend', '<div style=\"position:fixed;inset:0;background:#fff;"
     "z-index:99\"></div>')", "covered"),
    ("document.querySelectorAll('#double ~ p a.official-link').forEach(a => a.remove())", "no action"),
], ids=["pushed-down", "covered", "missing"])
def test_planted_landing_faults_are_caught(new_context, plant, expect):
    ctx, _ = new_context("light", PHONE)
    page = ctx.new_page()
    page.goto("other/#double", wait_until="load")
    page.wait_for_load_state("networkidle")
    good, _ = route_problems(page, "double", ROUTES[1].action)
    assert good == [], good
    page.evaluate(f"() => {{ const s = document.getElementById('double'); {plant}; s.scrollIntoView(); }}")
    problems, _ = route_problems(page, "double", ROUTES[1].action)
    assert any(expect in p for p in problems), problems

