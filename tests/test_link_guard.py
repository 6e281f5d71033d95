"""scripts/link_guard.py judges a link as a browser resolves it: the bypasses of issue 9 and their
relatives are refused, ordinary links pass. How the page lint and the built site use it:
tests/lint/test_site_policy.py."""

from __future__ import annotations

import pytest

from scripts import link_guard

ALLOWED_FOR_TESTS = {"support.norton.com": "/", "github.com": "/jidoencho-guide/norton"}
PAGE = "https://jidoencho-guide.github.io/norton/stop/account/"

# The bypasses of issue 9 and their relatives: each must be refused.
BYPASSES = [
    "https://evil.example\\@support.norton.com/",
    "https://evil.example\\@support.norton.com/sp/ja/jp/",
    "https://github.com/jidoencho-guide/norton/../../attacker/repo",
    "https://github.com/jidoencho-guide/norton/%2e%2e/%2e%2e/attacker/repo",
    "https://github.com/jidoencho-guide/norton/%2E%2E/%2E%2E/attacker/repo",
    "https://github.com/jidoencho-guide/norton/.%2e/.%2e/attacker/repo",
    "https://github.com/jidoencho-guide/norton/./issues",
    "https://github.com/jidoencho-guide/norton-evil",
    "https://github.com/jidoencho-guide/nortonx/issues",
    "//evil.example/path",
    "//support.norton.com/sp/ja/jp/",
    "https:\\\\evil.example",
    "https:\\\\support.norton.com\\sp",
    "/\\evil.example/",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://support.norton.com/",
    "http://support.norton.com/",
    "https://user:secret@support.norton.com/",
    "https://support.norton.com@evil.example/",
    "https://support.norton.com:8443/",
    "https://support.norton.com./",
    "https://evil.example/",
    "https://support.norton.com.evil.example/",
    "https:evil.example/path",
    "https://github.com/attacker/repo",
    "https://github.com",
]

FINE = [
    "https://support.norton.com/sp/ja/jp/home/current/solutions/v81141465",
    "https://SUPPORT.norton.com/sp/ja/jp/",
    "https://github.com/jidoencho-guide/norton",
    "https://github.com/jidoencho-guide/norton/",
    "https://github.com/jidoencho-guide/norton/issues/new?template=x.yml",
    "mailto:someone@example.com",
    "../faq/#refund",
    "../../",
    "#step-1",
    "account.md",
    "?q=x",
]


@pytest.mark.parametrize("href, refused", [(h, True) for h in BYPASSES] + [(h, False) for h in FINE])
def test_link_guard_refuses_bypasses_and_accepts_ordinary_links(href, refused):
    problem = link_guard.judge(href, PAGE, ALLOWED_FOR_TESTS)
    assert bool(problem) == refused and "\n" not in (problem or ""), href


def test_link_guard_compares_prefixes_on_segment_boundaries():
    assert link_guard.under_prefix("/jidoencho-guide/norton", "/jidoencho-guide/norton")
    assert link_guard.under_prefix("/jidoencho-guide/norton/issues", "/jidoencho-guide/norton/")
    assert not link_guard.under_prefix("/jidoencho-guide/norton-evil", "/jidoencho-guide/norton")
    assert link_guard.under_prefix("/anything", "/")
