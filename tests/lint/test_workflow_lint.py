"""GitHub Actions workflows: actionlint, zizmor and the SHA pin check catch planted mistakes (that the real
workflows pass them, zizmor's checkout credential rule included, is the end-to-end run of test_pages.py),
and ci.yml / deploy.yml do what the contributor flow promises (make test on PRs with caches, one
required status, strict build to Pages)."""

from __future__ import annotations

import re
import sys

import pytest
import yaml

from scripts.lint import workflow_lint
from tests.lint.support.lintutil import FIXTURES, ROOT, run

pytestmark = pytest.mark.lint

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]


def test_zizmor_runs_offline():
    """zizmor must not need the network (tests never touch the internet)."""
    assert '"--offline"' in (ROOT / "scripts" / "lint" / "workflow_lint.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("fixture, check, want", [
    ("unpinned.yml", "pins", ":8:15: 'actions/checkout@v4' is not pinned to a commit SHA: write "
                             "'actions/checkout@<40-hex commit SHA> # v4'"),
    ("unpinned.yml", "zizmor", ":8:15: unpinned-uses:"),
    ("pinned-no-comment.yml", "pins", "has no version comment"),
    ("actionlint-error.yml", "actionlint", ":13:3: "),
])
def test_planted_workflow_mistakes_are_caught_with_file_and_line(node, fixture, check, want):
    problems = workflow_lint.CHECKS[check]([FIXTURES / "workflows" / fixture])
    assert any(want in p and fixture in p for p in problems), problems
    if check == "zizmor":
        assert any("[zizmor, high]" in p for p in problems), problems
    if check == "actionlint":
        assert any(re.search(r"missing-job.* \[job-needs\]", p) for p in problems), problems


def test_ci_runs_make_test_on_pull_requests_and_pushes():
    ci = load("ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    jobs = ci["jobs"]
    test_jobs = [name for name, job in jobs.items() if any(re.search(r"\bmake test\b|\.ci/run\b", s.get("run", "")) for s in steps(job))]
    assert test_jobs, "no job runs `make test` (or .ci/run, which runs it)"
    for name in test_jobs:
        job = jobs[name]
        assert job["runs-on"] == "ubuntu-latest"
        [py] = uses(job, "actions/setup-python")
        assert py["with"]["cache"] == "pip" and py["with"]["cache-dependency-path"] == "requirements.lock"
        [nd] = uses(job, "actions/setup-node")
        assert nd["with"]["cache"] == "npm" and str(nd["with"]["node-version"]).startswith("20")
        apt = " ".join(s.get("run", "") for s in steps(job))
        assert "fonts-noto-cjk" in apt and "/usr/bin/chromium" in apt


def test_ci_has_one_final_job_for_branch_protection():
    jobs = load("ci.yml")["jobs"]
    final = jobs["ci-ok"]
    others = set(jobs) - {"ci-ok"}
    needs = final["needs"] if isinstance(final["needs"], list) else [final["needs"]]
    assert set(needs) == others, "ci-ok must need every other job"
    assert final.get("if") == "always()", "ci-ok must run (and fail) when a needed job failed or was skipped"
    script = " ".join(s.get("run", "") for s in steps(final))
    for job in others:
        assert f"needs.{job}.result" in yaml.safe_dump(final), f"ci-ok does not look at {job}'s result"
    assert "success" in script


def test_deploy_builds_strict_and_publishes_with_pages_actions():
    dep = load("deploy.yml")
    assert dep["on"]["push"]["branches"] == ["main"]
    assert dep["concurrency"]["group"]
    jobs = dep["jobs"]
    build = next(j for j in jobs.values() if uses(j, "actions/upload-pages-artifact"))
    deploy = next(j for j in jobs.values() if uses(j, "actions/deploy-pages"))
    runs = " ".join(s.get("run", "") for s in steps(build))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    build_recipe = makefile.split("\nbuild:")[1].split("\n\n")[0]
    # One variable picks the engine; `make build` passes it to scripts/build_site.py, which builds
    # strictly with either engine.
    assert dep["env"]["ENGINE"] in {"mkdocs", "zensical"}
    assert 'make build ENGINE="$ENGINE"' in runs
    assert "scripts.build_site --engine $(ENGINE)" in build_recipe
    builder = (ROOT / "scripts" / "build_site.py").read_text(encoding="utf-8")
    assert '"mkdocs", "build", "--strict"' in builder and '"zensical")), "build", "--strict"' in builder
    assert uses(build, "actions/upload-pages-artifact")[0]["with"]["path"] == "site"
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert dep["permissions"] == {"contents": "read"}
    assert "cache" not in yaml.safe_dump(uses(build, "actions/setup-python")), "no dependency cache in the publishing workflow"


def test_pre_commit_hooks_are_local_and_point_at_existing_tools():
    """The config is valid and its hooks run the project's own tools. What those tools check is tested
    on them (make lint: tests/lint/test_pages.py; prh: test_prh_dictionary.py; workflows: here),
    so the suite does not run pre-commit itself."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"], "hooks must not be downloaded from GitHub"
    hooks = {h["id"]: h for h in config["repos"][0]["hooks"]}
    assert {"page-checks", "workflow-lint", "prh-dictionary"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] == "system"
        for word in hook["entry"].split():
            if word.startswith(("scripts/", ".venv/")):
                assert (ROOT / word).exists() or word.startswith(".venv/"), f"{hook['id']}: {word} does not exist"
    proc = run([sys.executable, "-m", "pre_commit", "validate-config", ROOT / ".pre-commit-config.yaml"])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_url_check_issue_step_is_safe():
    """Issue 9: skipped on cancel, a label failure cannot fail the run, only the bot's own issue is touched."""
    job = load("check-official-urls.yml")["jobs"]["check"]
    step = next(s for s in steps(job) if s.get("name", "").startswith("Open, update or close"))
    assert "always()" not in step["if"] and "!cancelled()" in step["if"]
    script = step["run"]
    label_create = script[script.index("gh label create"):script.index("existing=")]
    assert "|| echo" in label_create, "a failing `gh label create` must not end the step"
    listing = script[script.index("gh issue list"):]
    assert '--label "$label"' in listing and "--author" in listing and "github-actions[bot]" in listing
    fail = next(s for s in steps(job) if s.get("name", "").startswith("Fail the run"))
    assert "!cancelled()" in fail["if"]


def test_ci_cancels_only_pull_request_runs():
    concurrency = load("ci.yml")["concurrency"]
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_dependabot_watches_action_pins():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"] for u in config["updates"]}
    assert {"github-actions", "npm", "pip"} <= ecosystems
