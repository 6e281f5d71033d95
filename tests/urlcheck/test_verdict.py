"""Verdict rules and settings (scripts/urlcheck/verdict.py, scripts/data/checker.yml). Each verdict itself is
proven end to end by a row of support/cases.py, and the LinkChecker settings (linkcheckerrc) by the fault run."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from scripts.urlcheck import verdict


def test_retry_wait_honours_retry_after_up_to_the_cap():
    settings = verdict.load_settings()
    assert verdict.retry_wait("1", 1, settings, cap=20) == (1.0, 1.0)
    assert verdict.retry_wait("120", 1, settings, cap=20) == (20.0, 120.0)
    soon = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=5), usegmt=True)
    wait, asked = verdict.retry_wait(soon, 1, settings, cap=20)
    assert 3 <= wait <= 5 and 3 <= asked <= 5
    assert verdict.retry_wait(None, 2, settings, cap=100) == (settings.retry_backoff * 2, None)
    assert verdict.retry_wait("garbage", 1, settings, cap=1) == (1.0, None)


def test_site_and_root_rules():
    settings = verdict.load_settings()
    suffixes = settings.two_label_public_suffixes
    assert verdict.site_of("support.norton.com", suffixes) == verdict.site_of("my.norton.com", suffixes)
    assert verdict.site_of("www.nortonstore.jp", suffixes) == "nortonstore.jp"
    assert verdict.site_of("a.b.example.co.jp", suffixes) == "example.co.jp"
    for path in ("/", "/ja-jp/", "/ja/", "/sp/ja/jp/", "/sp/ja/jp/home/current/home", "/index.html"):
        assert verdict.is_root_path(path, settings), path
    for path in ("/au", "/sp/ja/jp/home/current/solutions/v81141465", "/orderstatus/", "/ja-jp/HT202039"):
        assert not verdict.is_root_path(path, settings), path
