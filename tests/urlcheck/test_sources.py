"""Validation of the sources file (scripts/urlcheck/sources.py). Each rule's refusal, in one line before any
request, is a case of test_main.py's BAD_SOURCES."""

from __future__ import annotations

import pytest

from scripts import DATA
from scripts.urlcheck import sources


def test_entry_error_names_its_line(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text("# comment\nsources:\n  - url: https://a.example/\n  - title: x\n", encoding="utf-8")
    with pytest.raises(sources.SourcesError, match=r"s\.yml:4: sources\[1\]"):
        sources.load_checklist(path)


def test_project_sources_file_is_valid_input(links_data):
    checked, _ = sources.load_checklist(DATA / "links.yml")
    assert len(checked) == len(links_data["sources"])
    assert all(s.url.startswith("https://") and (s.expect or s.quotes or not s.compared) for s in checked)


@pytest.mark.parametrize("url,ok", [
    ("https://support.norton.com/x", True),
    ("http://127.0.0.1:8000/x", True),
    ("http://127.9.9.9/x", True),
    ("http://localhost/x", True),
    ("http://128.0.0.1/x", False),
    ("http://localhost.example.com/x", False),
    ("https:///nohost", False),
    ("mailto:a@example.com", False),
])
def test_url_rules(url, ok):
    assert (sources.check_url(url) is None) is ok
