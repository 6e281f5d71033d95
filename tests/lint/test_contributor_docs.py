"""The contributor flow is written down end to end: CONTRIBUTING.md, the pull request checklist and
the three issue forms (手順が変わっていた / リンク切れ / 誤り・分かりにくい点)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
import yaml

from tests.lint.support.lintutil import ROOT

pytestmark = pytest.mark.lint

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"


def forms() -> dict[str, dict]:
    files = [f for f in sorted(FORMS.glob("*.yml")) if f.name != "config.yml"]
    data = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files]
    return {form["name"]: form for form in data}


def fields(form: dict) -> dict[str, dict]:
    return {item["id"]: item for item in form["body"] if "id" in item}


def test_step_changed_form_asks_for_page_what_was_seen_date_and_screenshot():
    form = forms()["手順が変わっていた"]
    f = fields(form)
    for required in ("page", "seen", "date"):
        assert f[required]["validations"]["required"] is True, required
    assert f["seen"]["type"] == "textarea"
    assert f["screenshot"]["type"] == "textarea" and "塗りつぶ" in f["screenshot"]["attributes"]["description"]
    assert f["privacy"]["type"] == "checkboxes" and f["privacy"]["attributes"]["options"][0]["required"] is True


@pytest.mark.parametrize("name", ["手順が変わっていた", "リンク切れ", "誤り・分かりにくい点"])
def test_every_form_is_valid_and_warns_about_personal_data(name):
    assert len(forms()) == 3, f"three issue forms, no more: {sorted(forms())}"
    form = forms()[name]
    assert form["description"] and form["title"] and form["labels"]
    ids = [item.get("id") for item in form["body"] if item.get("id")]
    assert len(ids) == len(set(ids)), "duplicate field id"
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if item["type"] != "markdown":
            assert item["attributes"]["label"]
    text = yaml.safe_dump(form, allow_unicode=True)
    assert "個人情報" in text or "メールアドレス" in text
    assert fields(form)["page"]["validations"]["required"] is True


def test_blank_issues_off_and_contact_links_allowed(links_data):
    config = yaml.safe_load((FORMS / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    site = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    allowed = {d["host"] for d in links_data["allowed_domains"]}
    for link in config["contact_links"]:
        url = link["url"]
        assert url.startswith("https://") and (urlparse(url).hostname in allowed or url.startswith(site)), url


def test_pull_request_template_has_the_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(items) >= 6
    for needle in ("公式ページ", "last_verified", "sources", "links.yml", "make serve", "make lint", "個人情報"):
        assert any(needle in item for item in items), needle


def test_contributing_describes_the_flow_end_to_end():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in (
        "手順が変わっていた", "リンク切れ", "誤り・分かりにくい点",  # how to report
        "公式ページと照らし合わせる", "読者の報告では",  # how to check against the official page
        "last_verified", "sources", "scripts/data/links.yml",  # what to update
        "make serve", "make lint", "make test",  # preview and checks
        "CI が確かめること", "ci-ok", "pre-commit install",  # CI and the hook
        "make cite", "OLD=", "quotes:", "ページを足す", "nav", ".official-link", "15 px",  # the three jobs
    ):
        assert needle in text, needle


def test_readme_is_short_and_gives_the_fast_loop():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 50, "keep the README one screen: detail goes to CONTRIBUTING.md or MAINTAINERS.md"
    for needle in (
        "make serve", "make test", "make lint", "make help",  # the two commands, the fast loop, the list
        "かかる時間", "分ほど",  # how long they take
        'FILES="', 'ARGS="', "HOST=0.0.0.0", "PORT=",  # options
        "スマートフォン",  # preview on a phone
        "CHROMIUM=", "Homebrew", "macOS",  # macOS notes
        "CONTRIBUTING.md", "MAINTAINERS.md",
    ):
        assert needle in text, needle
    maintainers = (ROOT / "MAINTAINERS.md").read_text(encoding="utf-8")
    for needle in ("NO_MKDOCS_2_WARNING", "end-of-life", "pip install -e .", "both_engines", "search-relax.js"):
        assert needle in maintainers, needle
    assert "`make test`" in text and "`.ci/run`" in text  # the test command CI runs


def test_readme_states_the_python_range_of_pyproject():
    import tomllib

    required = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert f"`{required}`" in (ROOT / "README.md").read_text(encoding="utf-8"), required


def test_ci_runs_the_readme_test_command():
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("make test")


def test_contributing_holds_the_maintainer_detail():
    import json
    import tomllib

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("scripts.lint.pages", "page_checks.py", "budgets.yml", "Lighthouse", "make check-links", "make lock"):
        assert needle in text, needle
    table = text.split("### 依存関係と役割", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| パッケージ")]
    assert all(len(row.split("|")) >= 4 and row.split("|")[2].strip() for row in rows), "every dependency says what it is for"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [d.split(">")[0].split("=")[0].split("<")[0].strip() for d in project["dependencies"] + project["optional-dependencies"]["test"]]
    names += list(json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]) + ["lighthouse"]
    short = {"mkdocs-material": "Material", "beautifulsoup4": "Beautiful Soup", "axe-playwright-python": "axe-playwright-python",
             "textlint-filter-rule-comments": "textlint", "textlint-rule-preset-ja-technical-writing": "プリセット",
             "textlint-rule-prh": "textlint-rule-prh", "pymarkdownlnt": "pymarkdownlnt", "zensical": "Zensical"}
    lowered = table.lower()
    for name in names:
        assert short.get(name, name).lower() in lowered, f"dependency {name} is missing from the table"
