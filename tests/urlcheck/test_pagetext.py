"""What a reader sees of a page (scripts/urlcheck/pagetext.py): browser decoding, visible body text only,
script and meta redirects, phrase matching, and a parse that stays linear."""

from __future__ import annotations

import html
import time

import pytest

from scripts.urlcheck import pagetext
from tests.urlcheck.support.faultserver import PHRASE, html_page


@pytest.mark.parametrize("codec,header", [("shift_jis", "text/html; charset=Shift_JIS"), ("euc-jp", "text/html"),
                                          ("shift_jis", None), ("euc-jp", None), ("utf-8", None)])
def test_decode_japanese_pages(codec, header):
    body = f"ノートンの自動延長サービスを停止する手順と、メールに{PHRASE}する方法を説明します。" * 3
    data = html_page("記事", body, codec, declare=header is not None)
    text, _ = pagetext.decode_page(data, header)
    visible = pagetext.page_facts(text)["text"]
    assert pagetext.find_phrases(visible, [PHRASE, "ないもの"]) == [PHRASE]


@pytest.mark.parametrize("text,phrase,found", [
    ("because the page", "au", False),
    ("au ショップで購入", "au", True),
    ("Turn off autorenewal", "renewal", False),
    ("Cancel Subscription Renewal now", "Subscription Renewal", True),
    ("注文\u200b番号を確認", "注文番号を確認", True),
    ("注文\u00ad番号を確認", "注文番号を確認", True),
    ("ＮＯＲＴＯＮ アカウント", "norton アカウント", True),
])
def test_phrase_matching_rules(text, phrase, found):
    assert (pagetext.find_phrases(text, [phrase]) == [phrase]) is found


def test_visible_text_joins_inline_splits_and_drops_ruby_readings():
    page = "<p>注文<wbr>番号を<span>確認</span></p><p><ruby>手続<rp>(</rp><rt>てつづ</rt><rp>)</rp></ruby>き</p>"
    text = pagetext.page_facts(page)["text"]
    assert pagetext.find_phrases(text, ["注文番号を確認", "手続き"]) == ["注文番号を確認", "手続き"]
    assert "てつづ" not in text


def test_parsing_a_huge_page_stays_linear():
    began = time.thread_time()  # CPU time of this thread: other processes and threads do not count
    facts = pagetext.page_facts("<html><body><p>本文です。</p>" + "<a " * 533_000)
    assert time.thread_time() - began < 2  # 0.15-0.2 s on this 2-core machine
    assert "本文です。" in facts["text"]
    data = ("<p>本文です。</p>" + "<a " * 533_000).encode()
    assert len(pagetext.decode_page(data)[0]) <= pagetext.MAX_PAGE_BYTES


def test_only_body_text_a_reader_sees_counts():
    page = ("<html><head><title>題名の文です</title><style>/* x */ .gone{display:none} .print-only{display:none}"
            "@media print{.shown{display:none}} body{display:none !important}</style></head><body>"
            "<header><nav>メニューの文です</nav></header><main><header><h1>記事の見出し</h1></header>"
            "<p class='gone'>クラスで隠れた文<div>段落の後の文</div>"  # <div> ends an open <p>, as in browsers
            "<p id=x style='color:red;display:/* c */none'>隠れた文</p><dialog>閉じたダイアログ</dialog>"
            "<dialog open>開いたダイアログ</dialog><template>型の文</template><div role=navigation>役割がナビの文</div>"
            "<p class=shown>見える文<!-- コメントの文 --></main><footer>フッターの文</footer></body></html>")
    facts = pagetext.page_facts(page)
    text = facts["text"]
    for seen in ("記事の見出し", "開いたダイアログ", "見える文", "段落の後の文"):
        assert seen in text, seen
    for unseen in ("題名の文", "メニューの文", "クラスで隠れた文", "隠れた文", "閉じたダイアログ", "型の文",
                   "役割がナビの文", "フッターの文", "コメントの文"):
        assert unseen not in text, unseen
    assert facts["title"] == "題名の文です" and facts["h1"] == ["記事の見出し"]
    hidden = ('<script>var msg="見えない文";</script><div hidden><p>見えない文</p></div>'
              '<div style="display: none">見えない文</div><div aria-hidden="true"><div>見えない文</div></div>'
              '<p>本文<br>です</p>')
    assert pagetext.page_facts(hidden)["text"].split() == ["本文", "です"]


def test_the_most_specific_css_rule_decides():
    page = ("<style>.tab{display:none}.tab.active{display:block}#intro.tab{display:none}</style>"
            "<div class='tab'>隠れたタブ</div><div class='tab active'>開いたタブ</div>"
            "<div class='tab active' id='intro'>ID で隠れた文</div><div class='tab' style='display:block'>直接の指定</div>")
    text = pagetext.page_facts(page)["text"]
    assert "開いたタブ" in text and "直接の指定" in text
    assert "隠れたタブ" not in text and "ID で隠れた文" not in text


@pytest.mark.parametrize("script,target", [
    ('var home = "/";\nwindow.location.href = home;', "/"),
    ("location.assign(`${location.origin}/ja-jp/`)", "/ja-jp/"),
    ('document.location = location.origin + "/sp/ja/jp/";', "/sp/ja/jp/"),
    ("top.location.replace('https:\\/\\/evil.example\\/')", "https://evil.example/"),
    ("location = `/a/${page}`", None),
    ('if (location.href == "/") {}', None),
])
def test_script_redirect_targets(script, target):
    assert pagetext.script_targets(script) == ([target] if target else [])
    onload = f'<body onload="{html.escape(script)}">x</body>'
    assert pagetext.page_facts(onload)["script_location"] == ([target] if target else [])


def test_jis_variants_and_typographic_quotes_fold_on_both_sides():
    assert pagetext.find_phrases("9時～18時、通常価格－500円", ["9時〜18時", "通常価格−500円"]) == ["9時〜18時", "通常価格−500円"]
    assert pagetext.find_phrases("9時〜18時", ["9時～18時"]) == ["9時～18時"]
    folded = pagetext.normalise("can’t find the page you’re “looking” for")
    assert folded == "can't find the page you're \"looking\" for"


def test_decoding_follows_browsers():
    sjis = "受付は9時〜18時です".encode("cp932") + b"\x81\x20" + "続き".encode("cp932")
    assert pagetext.decode_page(sjis, "text/html; charset=x-sjis")[0].startswith("受付は9時")
    assert "\ufffd" in pagetext.decode_page(b"\x81\x20", "text/html; charset=Shift_JIS")[0]
    assert pagetext.decode_page("手順①".encode("euc_jis_2004"), "text/html; charset=EUC-JP")[0] == "手順①"
    assert pagetext.decode_page(b"caf\xe9", "text/html; charset=ISO-8859-1")[1] == "cp1252"
    assert pagetext.decode_page(b"\xef\xbb\xbf" + "手順".encode(), "text/html; charset=Shift_JIS") == ("手順", "utf-8-sig")
    assert pagetext.decode_page(b"<meta charset=bogus-label>abc")[0].endswith("abc")
    assert pagetext.codec_for("windows-31j") == pagetext.codec_for("Shift_JIS") == "cp932"


def test_quoted_not_found_message_is_a_mention():
    text = "「ページが見つかりません」と表示されたら、アドレスを確かめます。"
    assert pagetext.find_phrases(pagetext.without_quotations(text), ["ページが見つかりません"]) == []
    assert pagetext.find_phrases(pagetext.without_quotations("ページが見つかりません。"), ["ページが見つかりません"])
