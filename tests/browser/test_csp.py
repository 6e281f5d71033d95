"""Issue 19: what slips past the page and build checks does not run (both engines).

A built page (its CSP <meta>: script-src 'self' plus the hashes of its own inline scripts) gets what the
checks refuse: an inline script, an onclick, an img onerror, a javascript: link. None runs, and each is
a console error, so the pages the other tests use with 0 console errors run every script they need.
"""

from __future__ import annotations

import pytest

from tests.browser.support.pages import DESKTOP

# Each planted piece sets a window flag if it ever runs.
PLANTED = (
    '<script>window.__ran_inline = 1</script>'
    '<a id="planted-button" class="md-button md-button--primary official-link" href="#steps" '
    'onclick="window.__ran_onclick = 1; return false">開く</a>'
    '<img alt="" src="data:," onerror="window.__ran_onerror = 1" style="width:1px">'
    '<img alt="" src="x-missing.png" onerror="window.__ran_onerror = 1">'
    '<a id="planted-js" href="javascript:window.__ran_js_url = 1">x</a>'
)
FLAGS = ("__ran_inline", "__ran_onclick", "__ran_onerror", "__ran_js_url")


@pytest.mark.both_engines
def test_planted_scripts_and_handlers_do_not_run(new_context, plant):
    ctx, guard = new_context("light", DESKTOP)
    assert "Content-Security-Policy" in plant(ctx, "stop/store/", PLANTED)  # the built page's <head>, CSP included
    page = ctx.new_page()
    page.goto("stop/store/", wait_until="load")
    page.locator("#planted-button").click()
    page.locator("#planted-js").click()
    page.wait_for_timeout(300)
    ran = page.evaluate(f"{list(FLAGS)}.filter(f => window[f])")
    assert ran == [], f"planted code ran: {ran}"
    # Chromium logs each as a console error naming the directive (every other browser test refuses these).
    violations = [e for e in guard.console_errors if "Content Security Policy" in e]
    assert len(violations) >= 4 and all("directive 'script-src " in e for e in violations), violations
    # The page's own scripts still ran: Material's / Zensical's bundle set up the header.
    assert page.evaluate("typeof __md_get") == "function"
