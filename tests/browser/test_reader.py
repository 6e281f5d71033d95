"""A worried reader on a 390x844 phone (issues 8, 17): every in-page check of support/checks.py caught
on planted pages (test_pages.py runs them on the real ones); on the built HTML, the page foot's report
and edit links and the one 「読者の報告」 marker."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from scripts.browser.chromium import page_paths
from tests.browser.support.checks import (
    CHARGE_MAIL, COVERED_JS, FAQ_INDEX_JS, MARKERS_JS, copy_problems, font_problems, procedure_problems,
    reading_problems, run_checks, start_page_problems)
from tests.browser.support.pages import PROCEDURES, ROOT, TOUCH, report, visit

REPO_ISSUES = "https://github.com/jidoencho-guide/norton/issues/new"
STEP_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "1-step-changed.yml"


def report_link_problems(html: str, source_path: str) -> list[str]:
    """The correction-report link of one built page (issue 17): one link, at the page foot, saying it is a
    public report on GitHub, prefilled with this page's source, with 「困ったらサポートのチャットへ」 (a link
    to stop/chat/: "../chat/…", "stop/chat/…", on the chat page "./#…") and a personal-data warning."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    links = article.select("a.report-link")
    if len(links) != 1:
        return [f"{len(links)} `.report-link` links (want one, at the page foot)"]
    a, problems = links[0], []
    want = f"{REPO_ISSUES}?template=1-step-changed.yml&page={source_path}"
    if a.get("href") != want:
        problems.append(f"{a.get('href')} does not open {want}")
    if not ("GitHub" in a.get_text() and "公開" in a.get_text()):
        problems.append(f"the link text {a.get_text()!r} does not say it is a public report on GitHub")
    line = a.find_parent("p") or a
    chat = [urlsplit(x.get("href", "")).path.rstrip("/") for x in line.select("a")
            if x.get_text(strip=True) == "困ったらサポートのチャットへ"]
    if not chat or not chat[0].endswith(("chat", "") if source_path.endswith("stop/chat.md") else "chat"):
        problems.append("no 「困ったらサポートのチャットへ」 link to the chat page beside the report link")
    if not all(word in line.get_text() for word in ("書かないでください", "注文番号", "メールアドレス")):
        problems.append(f"no warning against personal details beside the report link: {line.get_text()!r}")
    if later := [h.get("id") for h in a.find_all_next(["h2", "h3"]) if h.find_parent("article") is article]:
        problems.append(f"the report link is not at the page foot: sections {later} follow it")
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


def test_reader_report_marker_is_one_marker_explained_on_about(built_site):
    pages = {path: (built_site / path / "index.html").read_text(encoding="utf-8") for path in page_paths(built_site)}
    problems = reader_report_problems(pages)
    assert not problems, report(problems)


# -- planted pages: each in-page check of support/checks.py catches what it claims to ------------------------

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
ADDR, TO_STEPS = '<span class="addr">www.nortonstore.jp/orderstatus/</span>', '<p>手順は<a href="#steps">すぐ下</a>です。</p>'
OPENING = f"""<p><strong>対象：</strong>注文番号が「SY」で始まる人</p>
<p><a class="md-button md-button--primary official-link" href="https://www.nortonstore.jp/orderstatus/">
「注文情報確認」ページを開く {ADDR}</a></p>{TO_STEPS}
<h2 id="steps">停止の手順</h2><ol><li>開きます。</li><li>入れます。</li></ol>"""

PROVENANCE_WORDS = ("保存コピー", "英語版で確かめました", "確かめられていません", "確認できていません", "記事 ID", "記事ID",
                    "読者の報告では")
ALLOWED = """
<p>本文です。<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup></p>
<details><summary>調べ方</summary><p>保存コピーと英語版で確かめました。</p></details>
<p class="provenance">このガイドでは確かめられていません。</p>
<div class="footnote"><ol><li id="fn:a"><p>記事 ID は 123 です。確認できていません。</p></li></ol></div>
"""

QA = '<h2 id="q-a">質問 A</h2><p>答え</p><h2 id="q-b">質問 B</h2><p>答え</p>'
FAQ_INDEX = '<ul><li><a href="#q-a">質問 A</a></li><li><a href="#q-b">質問 B</a></li></ul>' + QA
SMALL = ('<style>article h1 { font-weight: 700 !important }</style>'
         '<div class="admonition"><p style="font-size:12.8px">小さい</p></div>'
         '<p><a class="reader-report" style="font-size:10px" href="#">読者の報告</a></p><h2 id="gap" style="width:8em">'
         'とても長い見出しの文字列<a class="headerlink" style="position:static;display:block" href="#gap">¶</a></h2>')
# A bar shown only while the reader scrolls back up, like a back-to-top button.
FIXED_BAR = """() => { const d = document.createElement('div'); d.className = 'planted-bar';
    d.style.cssText = 'position:fixed;left:0;right:0;top:80px;height:40px;background:#000'; d.hidden = true;
    document.body.appendChild(d); let last = scrollY;
    addEventListener('scroll', () => { d.hidden = !(scrollY < last && scrollY > 0); last = scrollY; }); }"""
SMALL_MARKER = """() => document.querySelector('article a.footnote-ref').style.cssText =
    'display:inline;min-width:0;height:auto;margin:0;padding:0;border:0;font-size:10px'"""
FAINT_COPY = """() => document.head.insertAdjacentHTML('beforeend', '<style>'
    + '.md-typeset .md-code__button { min-height: 0; height: 24px; opacity: .07; }'
    + '.md-typeset .md-code__button::before { content: none; }</style>')"""
START, PROCEDURE = (start_page_problems, reading_problems), (procedure_problems, reading_problems)
READING, FAQ, STORE = (reading_problems,), (FAQ_INDEX_JS,), "stop/store/"
PLANTED = {  # name: (page, HTML in place of its text or a script run on it, the checks, what they must report)
    "start-good": ("", ROUTES, START, []),
    "start-routes-low": ("", '<div style="height:700px"></div>' + ROUTES, START, ["route links"]),
    "start-routes-small": ("", ROUTES.replace("<li><a", '<li><a style="display:inline;padding:0;border:0"'), START,
                           ["under 44 px"]),
    "start-mail-unnamed": ("", ROUTES.replace(CHARGE_MAIL, "メール"), START, [CHARGE_MAIL]),
    "start-no-charged-route": ("", ROUTES.replace("もう請求された・", ""), START, ["already-charged"]),
    "start-no-safety": ("", ROUTES.replace('<a href="safety/">偽メールに注意</a>', ""), START, ["safety page"]),
    "procedure-good": (STORE, OPENING, PROCEDURE, []),
    "official-low": (STORE, '<div style="height:900px"></div>' + OPENING, PROCEDURE, ["below the first screen"]),
    "official-no-address": (STORE, OPENING.replace(ADDR, ""), PROCEDURE, ["shows the address"]),
    "official-wrong-address": (STORE, OPENING.replace(ADDR, ADDR.replace("orderstatus/", "")), PROCEDURE,
                               ["shows the address"]),
    "official-narrow": (STORE, OPENING.replace('class="md-button', 'style="max-width:150px" class="md-button'),
                        PROCEDURE, ["want full width"]),
    "no-official-link": (STORE, OPENING.replace("official-link", "md-button--x"), PROCEDURE, ["no `.official-link`"]),
    "steps-far": (STORE, OPENING.replace(TO_STEPS, '<div style="height:1400px"></div>'), PROCEDURE,
                  ["#steps starts at"]),
    "no-steps": (STORE, OPENING.replace('id="steps"', 'id="how"'), PROCEDURE, ["no heading with id"]),
    "notes-in-their-places": ("faq/", ALLOWED, READING, []),
    "notes-in-the-text": ("faq/", ALLOWED + "".join(f"<p>本文に{word}があります。</p>" for word in PROVENANCE_WORDS),
                          READING, [f"本文に{word}" for word in PROVENANCE_WORDS]),
    "long": ("faq/", '<div style="height:5200px"></div>', READING, ["screens"]),
    "faq-good": ("faq/", FAQ_INDEX, FAQ, []),
    "faq-missing": ("faq/", FAQ_INDEX.replace('<li><a href="#q-b">質問 B</a></li>', ""), FAQ, ["missing"]),
    "faq-no-list": ("faq/", QA, FAQ, ["no list"]),
    "faq-low": ("faq/", '<div style="height:900px"></div>' + FAQ_INDEX, FAQ, ["not at the top"]),
    "small-text": ("faq/", SMALL, (font_problems,), ["12.8 px", "font-weight 700", "reader-report 10 px", "H2#gap"]),
    "fixed-bar": (STORE, FIXED_BAR, (COVERED_JS,), ["planted-bar covers"]),
    "small-marker": (STORE, SMALL_MARKER, (MARKERS_JS,), [" x "]),
    "faint-copy": ("stop/chat/", FAINT_COPY, (copy_problems,), ["not fully visible", "px high", "does not say"]),
}


@pytest.mark.parametrize("name", PLANTED)
def test_planted_faults_are_caught(shared_page, plant, name):
    path, planted, checks, expect = PLANTED[name]
    page, _ = shared_page("light", **TOUCH)
    script = planted.startswith("() =>")
    if not script:
        plant(page, path, planted)
    visit(page, path)
    if script:
        page.evaluate(planted)
    problems = run_checks(page, checks)
    assert all(any(e in p for p in problems) for e in expect) and bool(problems) == bool(expect), problems


GOOD_FOOT = ('<p class="report-line"><a href="../chat/#open-chat">困ったらサポートのチャットへ</a>。違っていたら、'
             f'<a class="report-link" href="{REPO_ISSUES}?template=1-step-changed.yml&amp;page=docs/stop/store.md">'
             'GitHub で公開の修正報告を送る</a>（誰でも読めます。注文番号・メールアドレス・氏名は書かないでください）。</p>')


@pytest.mark.parametrize("foot, expect", [
    (GOOD_FOOT, None),
    (GOOD_FOOT.replace("1-step-changed", "2-broken-link"), "does not open"),
    (GOOD_FOOT.replace("store.md", "chat.md"), "does not open"),
    (GOOD_FOOT.replace("jidoencho-guide/norton", "other/repo"), "does not open"),
    (GOOD_FOOT.replace("GitHub で公開の修正報告を送る", "この画面・手順が違う"), "public report on GitHub"),
    (GOOD_FOOT.replace("困ったらサポートのチャットへ", "チャット"), "困ったらサポートのチャットへ"),
    (GOOD_FOOT.replace("書かないでください", "書いてください"), "personal details"),
    ('<h2 id="steps">手順</h2>' + GOOD_FOOT + '<h2 id="notes">注意</h2>', "not at the page foot"),
    (GOOD_FOOT * 2, "want one"),
])
def test_planted_report_link_faults_are_caught(foot, expect):
    html = f'<article><h1>x</h1><h2 id="steps">手順</h2><ol><li>a</li></ol>{foot}</article>'
    problems = report_link_problems(html, "docs/stop/store.md")
    assert (problems == []) if expect is None else any(expect in p for p in problems), problems


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
