"""A worried reader on a 390x844 phone (issue 8): answer first, large text, provenance out of the way.

Each check is a function that returns a list of problems, run on the real built pages, and most also
on planted pages (tests/browser/support/pages.py), so they are known to measure what they claim.

Checks:
- start page, also with JavaScript off: >= 4 `.routes a` (each >= 44 px high) on the first 844 px,
  「課金完了のメール」 and the already-charged route on it, the safety page within 1.5 screens;
- procedure pages (docs/stop/*.md, docs/order-number.md): an `.official-link` that shows its address and
  starts on the first screen; `#steps` within 1.5 screens or linked from the first screen;
- reading length <= 5 screens and no provenance words in the reading text (start page, procedure and
  route pages, FAQ), as scripts/browser/reader_metrics.py measures them;
- font sizes: box text >= 15 px, code >= 15 px, footnotes >= 15 px, title at normal weight; no ¶ gap;
- the page foot (issue 17): one public GitHub report link prefilled with the page's source, with
  「困ったらサポートのチャットへ」 and a personal-data warning beside it; 「このページの修正を提案する」 last;
- the FAQ lists all its questions at the top;
- 「読者の報告」 is one marker linking to about.md#reader-reports, which exists once it is used.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from scripts.browser.chromium import PHONE
from scripts.browser.reader_metrics import PROVENANCE, READING_TEXT_JS, measure
from tests.browser.support.pages import PAGES, ROOT, SCREEN, open_page, report

# Reading length: the start page, every procedure page and the FAQ. It ends where the note list, the 出典
# box and the report line begin: a tap on a note number shows the note in place (issue 17), so the list
# at the foot is a reference, not reading. (Until issue 17 the limit was 6 screens with the notes included.)
MAX_SCREENS = 5
REPO_ISSUES = "https://github.com/jidoencho-guide/norton/issues/new"
STEP_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "1-step-changed.yml"
CHARGE_MAIL = "課金完了のメール"
ALREADY_CHARGED = re.compile(r"(もう|すでに|既に).{0,6}(請求|課金|引き落と)|請求された|課金された|引き落とされた")
PROCEDURES = {path: md for path, md in PAGES.items() if md.parent.name == "stop" or md.name == "order-number.md"}
# The route pages of issue 16 (docs/statement.md, docs/other.md, docs/en.md) are read the same way.
READING_PAGES = ["", *PROCEDURES, "faq/", "statement/", "other/", "en/"]


# -- measurements (JavaScript run in the page) ----------------------------------------------------

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

# -- checks: each returns a list of problems ------------------------------------------------------

def start_page_problems(page) -> list[str]:
    problems = []
    routes = page.evaluate(BOXES_JS, "article .routes a")
    small = [r["text"] for r in routes if r["height"] < 44]
    if small:
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
    official = page.evaluate(BOXES_JS, "article a.official-link")
    if not official:
        return ["no `.official-link` (the official page to open, as a button)"]
    first = official[0]
    if first["top"] >= SCREEN:
        problems.append(f"the official link starts at {round(first['top'])} px, below the first screen")
    if first["height"] < 44:
        problems.append(f"the official link is {round(first['height'])} px high (< 44)")
    for link in official:
        addr, parts = link["addr"], urlsplit(link["href"])
        want = (parts.netloc + parts.path).rstrip("/")
        if not addr or addr.rstrip("/") != want:
            problems.append(f"official link {link['href']} shows the address {addr!r}, not {want!r}")
        elif addr not in link["text"]:
            problems.append(f"the address {addr!r} is not visible in the button text {link['text']!r}")
    steps = page.evaluate(BOXES_JS, "article [id='steps']")
    if not steps:
        problems.append("no heading with id `steps`")
    else:
        linked = [l for l in page.evaluate(BOXES_JS, "article a[href$='#steps']") if l["top"] < SCREEN]
        if steps[0]["top"] > 1.5 * SCREEN and not linked:
            problems.append(f"#steps starts at {round(steps[0]['top'])} px and the first screen does not link to it")
    return problems


def reading_problems(page) -> list[str]:
    """Reading text over MAX_SCREENS, and research notes in it, as scripts/browser/reader_metrics.py measures."""
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


def report_link_problems(html: str, source_path: str) -> list[str]:
    """The correction-report link of one built page (issue 17): one link, at the page foot after every
    section, saying it is a public report on GitHub, prefilled with this page's source, with
    「困ったらサポートのチャットへ」 beside it and a warning not to write personal details."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article")
    links = article.select("a.report-link")
    if len(links) != 1:
        return [f"{len(links)} `.report-link` links (want one, at the page foot)"]
    a = links[0]
    problems = []
    parts = urlsplit(a.get("href", ""))
    want = {"template": ["1-step-changed.yml"], "page": [source_path]}
    if f"{parts.scheme}://{parts.netloc}{parts.path}" != REPO_ISSUES or parse_qs(parts.query) != want:
        problems.append(f"{a['href']} does not open {REPO_ISSUES}?template=1-step-changed.yml&page={source_path}")
    label = a.get_text(strip=True)
    if not ("GitHub" in label and "公開" in label):
        problems.append(f"the link text {label!r} does not say it is a public report on GitHub")
    line = a.find_parent("p")
    text = line.get_text() if line else ""
    chat = [x for x in (line.select("a") if line else []) if x.get_text(strip=True) == "困ったらサポートのチャットへ"]
    # The chat page is stop/chat/ (a relative link from every page: "../chat/", "stop/chat/", and on
    # the chat page itself "./#open-chat").
    to_chat = chat and urlsplit(chat[0].get("href", "")).path.rstrip("/").endswith(
        ("chat", "") if source_path.endswith("stop/chat.md") else "chat")
    if not to_chat:
        problems.append("no 「困ったらサポートのチャットへ」 link to the chat page beside the report link")
    if not ("書かないでください" in text and "注文番号" in text and "メールアドレス" in text):
        problems.append(f"no warning against personal details beside the report link: {text!r}")
    later = [h.get("id") for h in a.find_all_next(["h2", "h3"]) if h.find_parent("article") is article]
    if later:
        problems.append(f"the report link is not at the page foot: sections {later} follow it")
    return problems


FAQ_INDEX_JS = """() => {
    const list = document.querySelector('article > h1 ~ :is(ul, ol)');
    const heads = [...document.querySelectorAll('article > h2[id]')].map(h => h.id);
    if (!list) return {top: null, missing: heads};
    const linked = new Set([...list.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1)));
    return {top: list.getBoundingClientRect().top + scrollY, missing: heads.filter(id => !linked.has(id)),
            before: [...document.querySelectorAll('article > h2')].filter(h =>
                h.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).length};
}"""


def faq_index_problems(page) -> list[str]:
    found = page.evaluate(FAQ_INDEX_JS)
    if found["top"] is None:
        return ["no list of questions under the title"]
    problems = []
    if found["top"] >= SCREEN or found.get("before"):
        problems.append(f"the list of questions starts at {round(found['top'])} px, not at the top")
    if found["missing"]:
        problems.append(f"questions missing from the list at the top: {found['missing']}")
    return problems


def reader_report_problems(pages: dict[str, str]) -> list[str]:
    """{site path: built HTML} -> problems with the 「読者の報告」 marker: one text, one target, explained once."""
    problems, used = [], False
    for path, html in pages.items():
        for a in BeautifulSoup(html, "html.parser").select("article a.reader-report"):
            used = True
            target = urlsplit(urljoin("https://x/" + path, a.get("href", "")))
            if a.get_text(strip=True) != "読者の報告":
                problems.append(f"/{path}: marker text {a.get_text(strip=True)!r} (use 「読者の報告」)")
            if (target.path, target.fragment) != ("/about/", "reader-reports"):
                problems.append(f"/{path}: marker links to {a.get('href')} instead of about.md#reader-reports")
    about = pages.get("about/", "")
    if used and not BeautifulSoup(about, "html.parser").select("article [id='reader-reports']"):
        problems.append("/about/ has no section with id reader-reports explaining the marker")
    return problems


# -- the real pages ---------------------------------------------------------------------------------

@pytest.mark.both_engines
@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_start_page_answers_on_the_first_screen(new_context, js):
    ctx, guard = new_context("light", PHONE, java_script_enabled=js)
    page = open_page(ctx, "")
    assert ("no-js" in page.evaluate("document.documentElement.className")) != js
    problems = start_page_problems(page)
    assert not problems, f"start page at 390x844 (JavaScript {'on' if js else 'off'}):\n  " + report(problems)
    assert not guard.console_errors and not guard.blocked


@pytest.mark.both_engines
@pytest.mark.parametrize("path", list(PROCEDURES))
def test_procedure_page_answers_first(new_context, path):
    ctx, _ = new_context("light", PHONE)
    problems = procedure_problems(open_page(ctx, path))
    assert not problems, f"/{path} at 390x844:\n  " + report(problems)


WITH_EVERY_BOX = """
<div class="admonition warning"><p class="admonition-title">注意</p><p>箱の中の文章です。</p>
<ul><li>箱の中の箇条書きです。</li></ul></div>
<details class="tip"><summary>たたんだ箱</summary><p>開いた中身です。<code>order@example.jp</code></p>
<ul><li>中の箇条書きです。</li></ul></details>
<div class="footnote"><ol><li><p>注の文です。<a class="reader-report" href="../about/">読者の報告</a></p></li></ol></div>
"""


@pytest.mark.parametrize("path", READING_PAGES, ids=lambda p: p or "index")
def test_reading_page_is_short_plain_and_readable(new_context, path):
    """At most five screens of reading text, no research notes in it (move them into the footnote, the
    出典 box, a collapsed details block or class `provenance`); box text, code and footnotes >= 15 px,
    title at normal weight, no ¶ gap under headings. One of each box is appended before the sizes are
    measured, so they are measured even where a page has none."""
    ctx, _ = new_context("light", PHONE)
    page = open_page(ctx, path)
    problems = reading_problems(page)
    page.evaluate("(html) => { const d = document.createElement('div'); d.innerHTML = html; "
                  "document.querySelector('article').appendChild(d); "
                  "d.querySelectorAll('details').forEach(x => x.open = true); }", WITH_EVERY_BOX)
    problems += font_problems(page)
    assert not problems, f"/{path} at 390 px:\n  " + report(problems)


@pytest.mark.parametrize("path", list(PROCEDURES))
def test_report_links_prefill_the_issue_form(built_site, path):
    source = PROCEDURES[path].relative_to(ROOT).as_posix()
    problems = report_link_problems((built_site / path / "index.html").read_text(encoding="utf-8"), source)
    assert not problems, f"/{path}:\n  " + report(problems)


def test_step_changed_form_prefills_and_says_public_not_help():
    """GitHub prefills an issue form field from the query parameter named by the field's id. The form's
    opening text says, in Japanese, that it is a public report, not help; names the chat; and warns
    against personal details (issue 17)."""
    form = yaml.safe_load(STEP_FORM.read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"page", "where"} <= ids, f"{STEP_FORM.relative_to(ROOT)} lacks fields with id page/where: {ids}"
    intro = " ".join(item["attributes"]["value"] for item in form["body"] if item.get("type") == "markdown")
    for must in ("公開", "修正報告", "サポートのチャット", "https://support.norton.com/sp/ja/jp/home/current/contact-chat",
                 "誰でも読めます", "注文番号", "メールアドレス", "書かないでください"):
        assert must in intro, f"{STEP_FORM.relative_to(ROOT)}: the form's opening text lacks 「{must}」"


def test_edit_link_at_the_foot(built_site):
    soup = BeautifulSoup((built_site / "stop/store/index.html").read_text(encoding="utf-8"), "html.parser")
    assert not soup.select(".md-content__button"), "edit pencil beside the title"
    links = [a.get_text(strip=True) for a in soup.select("article a")]
    assert links.count("このページの修正を提案する") == 1, links
    last = soup.select("article a")[-1]
    assert last.get_text(strip=True) == "このページの修正を提案する", f"the last link of the page is {last}"
    assert last["href"].endswith("/edit/main/docs/stop/store.md")


def test_faq_lists_its_questions_at_the_top(new_context):
    ctx, _ = new_context("light", PHONE)
    problems = faq_index_problems(open_page(ctx, "faq/"))
    assert not problems, "/faq/:\n  " + report(problems)


def test_reader_report_marker_is_one_marker_explained_on_about(built_site, site_pages):
    pages = {path: (built_site / path / "index.html").read_text(encoding="utf-8") for path in site_pages}
    problems = reader_report_problems(pages)
    assert not problems, report(problems)


# -- planted pages: the checks catch what they claim to -----------------------------------------------

ROUTES = """
<p>ノートンから「課金完了のメール」が届いた人へ。<a href="safety/">偽メールに注意</a></p>
<div class="routes"><ul>
<li><a href="stop/account/">「AP」「NP」で始まる・スタンダードプラス</a></li>
<li><a href="stop/store/">「SY」「NS」などで始まる（ノートンストア）</a></li>
<li><a href="order-number/">番号がわからない・メールがない</a></li>
<li><a href="faq/">もう請求された・返金してほしい</a></li>
<li><a href="stop/carrier/">au・アプリ・お店で買った</a></li>
</ul></div>
"""


@pytest.mark.parametrize("block, expect, js", [
    (ROUTES, None, True), (ROUTES, None, False),                                  # good, with and without JavaScript
    ('<div style="height:700px"></div>' + ROUTES, "route links", True),           # routes pushed down
    (ROUTES.replace('<li><a href=', '<li><a style="display:inline;padding:0;border:0" href='), "under 44 px", True),
    (ROUTES.replace("課金完了のメール", "メール"), CHARGE_MAIL, True),               # mail not named
    (ROUTES.replace("もう請求された・", ""), "already-charged", True),               # no charged route
    (ROUTES.replace('<a href="safety/">偽メールに注意</a>', ""), "safety page", True),
])
def test_planted_start_pages_are_judged_right(new_context, plant, block, expect, js):
    ctx, _ = new_context("light", PHONE, java_script_enabled=js)
    plant(ctx, "", block)
    page = open_page(ctx, "")
    problems = start_page_problems(page) + reading_problems(page)
    assert (problems == []) if expect is None else any(expect in p for p in problems), problems


OPENING = """
<p><strong>対象：</strong>注文番号が「SY」で始まる人</p>
<p><a class="md-button md-button--primary official-link" href="https://www.nortonstore.jp/orderstatus/">「注文情報確認」ページを開く <span class="addr">www.nortonstore.jp/orderstatus/</span></a></p>
<p>手順は<a href="#steps">すぐ下の 1〜6</a>です。</p>
<h2 id="steps">停止の手順</h2>
<ol><li>開きます。</li><li>入れます。</li></ol>
"""


@pytest.mark.parametrize("block, expect", [
    (OPENING, None),
    ('<div style="height:900px"></div>' + OPENING, "below the first screen"),
    (OPENING.replace('<span class="addr">www.nortonstore.jp/orderstatus/</span>', ""), "shows the address"),
    (OPENING.replace(">www.nortonstore.jp/orderstatus/<", ">www.nortonstore.jp/<"), "shows the address"),
    (OPENING.replace("official-link", "md-button--x"), "no `.official-link`"),
    (OPENING.replace('<p>手順は<a href="#steps">すぐ下の 1〜6</a>です。</p>', '<div style="height:1400px"></div>'),
     "#steps starts at"),
    (OPENING.replace('id="steps"', 'id="how"'), "no heading with id `steps`"),
])
def test_planted_procedure_pages_are_judged_right(new_context, plant, block, expect):
    ctx, _ = new_context("light", PHONE)
    html = plant(ctx, "stop/store/", block)
    page = open_page(ctx, "stop/store/")
    problems = procedure_problems(page) + reading_problems(page) + report_link_problems(html, "docs/stop/store.md")
    assert (problems == []) if expect is None else any(expect in p for p in problems), problems
    # The official button is a full-width tap target with the address on a line of its own.
    box = page.evaluate(BOXES_JS, "article a.official-link")
    width = page.evaluate("document.querySelector('article').getBoundingClientRect().width")
    assert expect or (box[0]["height"] >= 44 and box[0]["width"] >= 0.9 * width and page.evaluate(
        "getComputedStyle(document.querySelector('article a.official-link .addr')).display") == "block"), box


PROVENANCE_WORDS = ("保存コピー", "英語版で確かめました", "確かめられていません", "確認できていません", "記事 ID", "記事ID",
                    "読者の報告では")
ALLOWED = """
<p>本文です。<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup></p>
<details><summary>調べ方</summary><p>保存コピーと英語版で確かめました。</p></details>
<p class="provenance">このガイドでは確かめられていません。</p>
<div class="footnote"><ol><li id="fn:a"><p>記事 ID は 123 です。確認できていません。</p></li></ol></div>
"""


@pytest.mark.parametrize("block, expect", [
    (ALLOWED, []),
    (ALLOWED + "".join(f"<p>本文に{word}があります。</p>" for word in PROVENANCE_WORDS),
     [f"本文に{word}" for word in PROVENANCE_WORDS]),
    ('<div style="height:5200px"></div>', ["screens"]),
], ids=["notes-in-their-places", "notes-in-the-text", "long"])
def test_planted_reading_faults_are_caught(new_context, plant, block, expect):
    """Research notes count only in the reading text; a long page is too long."""
    ctx, _ = new_context("light", PHONE)
    plant(ctx, "faq/", block)
    problems = reading_problems(open_page(ctx, "faq/"))
    assert len(problems) == len(expect) and all(any(e in p for p in problems) for e in expect), problems


def test_planted_small_box_text_and_gaps_are_caught(new_context):
    ctx, _ = new_context("light", PHONE)
    page = open_page(ctx, "faq/")
    page.evaluate("""() => { const a = document.querySelector('article');
        a.insertAdjacentHTML('beforeend', '<div class="admonition"><p style="font-size:12.8px">小さい</p></div>' +
          '<p><a class="reader-report" style="font-size:10px" href="#">読者の報告</a></p>' +
          '<h2 id="gap" style="width:8em">とても長い見出しの文字列<a class="headerlink" style="position:static;display:block" href="#gap">¶</a></h2>');
        document.querySelector('article h1').style.fontWeight = '700'; }""")
    problems = font_problems(page)
    assert any("12.8 px" in p for p in problems), problems
    assert any("font-weight 700" in p for p in problems), problems
    assert any("reader-report 10 px" in p for p in problems), problems
    assert any(p.startswith("H2#gap") for p in problems), problems


FOOT = ('<p class="report-line"><a href="../chat/#open-chat">困ったらサポートのチャットへ</a>。違っていたら、'
        '<a class="report-link" href="{href}">{label}</a>（誰でも読めます。注文番号・メールアドレス・氏名は書かないでください）。</p>')
GOOD_HREF = f"{REPO_ISSUES}?template=1-step-changed.yml&amp;page=docs/stop/store.md"


@pytest.mark.parametrize("foot, expect", [
    (FOOT.format(href=GOOD_HREF, label="GitHub で公開の修正報告を送る"), None),
    (FOOT.format(href=GOOD_HREF.replace("1-step", "2-broken").replace("changed", "link"), label="GitHub で公開の修正報告を送る"),
     "does not open"),
    (FOOT.format(href=GOOD_HREF.replace("store.md", "chat.md"), label="GitHub で公開の修正報告を送る"), "does not open"),
    (FOOT.format(href=GOOD_HREF.replace("jidoencho-guide/norton", "other/repo"), label="GitHub で公開の修正報告を送る"),
     "does not open"),
    (FOOT.format(href=GOOD_HREF, label="この画面・手順が違う"), "public report on GitHub"),
    (FOOT.format(href=GOOD_HREF, label="GitHub で公開の修正報告を送る").replace("困ったらサポートのチャットへ", "チャット"),
     "困ったらサポートのチャットへ"),
    (FOOT.format(href=GOOD_HREF, label="GitHub で公開の修正報告を送る").replace("書かないでください", "書いてください"),
     "personal details"),
    ('<h2 id="steps">手順</h2>' + FOOT.format(href=GOOD_HREF, label="GitHub で公開の修正報告を送る") + '<h2 id="notes">注意</h2>',
     "not at the page foot"),
    (FOOT.format(href=GOOD_HREF, label="GitHub で公開の修正報告を送る") * 2, "want one"),
])
def test_planted_report_link_faults_are_caught(foot, expect):
    html = f'<article><h1>x</h1><h2 id="steps">手順</h2><ol><li>a</li></ol>{foot}</article>'
    problems = report_link_problems(html, "docs/stop/store.md")
    assert (problems == []) if expect is None else any(expect in p for p in problems), problems


QA = '<h2 id="q-a">質問 A</h2><p>答え</p><h2 id="q-b">質問 B</h2><p>答え</p>'
FAQ_INDEX = '<ul><li><a href="#q-a">質問 A</a></li><li><a href="#q-b">質問 B</a></li></ul>' + QA


@pytest.mark.parametrize("block, expect", [
    (FAQ_INDEX, None), (FAQ_INDEX.replace('<li><a href="#q-b">質問 B</a></li>', ""), "missing"), (QA, "no list"),
    ('<div style="height:900px"></div>' + FAQ_INDEX, "not at the top"),
], ids=["good", "missing", "no-list", "low"])
def test_planted_faq_index_faults_are_caught(new_context, plant, block, expect):
    ctx, _ = new_context("light", PHONE)
    plant(ctx, "faq/", block)
    problems = faq_index_problems(open_page(ctx, "faq/"))
    assert (not problems) if expect is None else any(expect in p for p in problems), problems


def test_planted_reader_report_faults_are_caught():
    def art(body):
        return f"<article><h1>x</h1>{body}</article>"
    good = {"stop/store/": art('<p>文。<a class="reader-report" href="../../about/#reader-reports">読者の報告</a></p>'),
            "about/": art('<h2 id="reader-reports">読者の報告</h2>')}
    assert reader_report_problems(good) == []
    assert any("no section" in p for p in reader_report_problems({**good, "about/": art("")}))
    wrong = {**good, "faq/": art('<p><a class="reader-report" href="../about/#other">読者の報告では</a></p>')}
    problems = reader_report_problems(wrong)
    assert any("marker text" in p for p in problems) and any("instead of" in p for p in problems), problems
