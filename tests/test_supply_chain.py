"""Issue 19, supply chain: what the project installs is pinned, and what is not is said.

- `make lock` installs pip-tools (and what it needs) from requirements-pip-tools.txt with
  --require-hashes, like every other pip install of the Makefile;
- the workflows pin Python and Node.js to an exact patch;
- CONTRIBUTING says what stays floating (Chromium, the CJK fonts) and why.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PIP_TOOLS = ROOT / "requirements-pip-tools.txt"


def _requirements(path: Path) -> list[str]:
    """One string per requirement (continuation lines joined), comments dropped."""
    text = re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))
    return [ln.split("#")[0].strip() for ln in text.splitlines() if ln.split("#")[0].strip()]


def test_pip_tools_requirements_are_pinned_with_hashes():
    reqs = _requirements(PIP_TOOLS)
    assert any(r.startswith("pip-tools==") for r in reqs), reqs
    for r in reqs:
        assert re.match(r"^[A-Za-z0-9_.-]+==[0-9][^ ]* +(--hash=sha256:[0-9a-f]{64} ?)+$", r), r


def test_every_pip_install_in_the_makefile_requires_hashes():
    installs = [ln for ln in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines() if "pip install" in ln]
    assert len(installs) >= 2, installs
    for ln in installs:
        assert "--require-hashes" in ln and re.search(r" -r \S+", ln), f"unhashed install: {ln.strip()}"
        assert not re.search(r"\s[A-Za-z0-9_.-]+==", ln), f"a package named on the command line: {ln.strip()}"
    assert "-r requirements-pip-tools.txt" in "\n".join(installs)


def test_workflows_pin_python_and_node_to_a_patch():
    seen = 0
    for wf in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        data = yaml.safe_load(wf.read_text(encoding="utf-8"))
        for name, job in data["jobs"].items():
            for step in job.get("steps", []):
                for key in ("python-version", "node-version"):
                    if key in (step.get("with") or {}):
                        seen += 1
                        assert re.fullmatch(r"\d+\.\d+\.\d+", str(step["with"][key])), f"{wf.name} {name}: {key} {step['with'][key]}"
    assert seen >= 5


def test_contributing_says_what_floats_and_why():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("#### 固定しているもの、していないもの", 1)[1].split("\n#", 1)[0]
    for word in ("requirements-pip-tools.txt", "Chromium", "fonts-noto-cjk", "セキュリティ"):
        assert word in section, word
