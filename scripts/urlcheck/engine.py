"""Run LinkChecker on a list of URLs and turn its XML output into `Observation`s.

LinkChecker sends the requests (GET, the project's User-Agent and timeout), follows redirects and decides
reachability. `Workspace` is a temporary folder it can still read after dropping root to `nobody`: the
config (linkcheckerrc plus User-Agent, timeout and plugin sections) and its plugin folder.
`run_linkchecker()` runs it (`-o xml` to stdout) and `parse_xml()` reads the records.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
LINKCHECKER = [sys.executable, "-m", "linkcheck"]  # the LinkChecker of this Python environment
RC_TEMPLATE = HERE / "linkcheckerrc"
PLUGIN_FILE = HERE / "linkchecker_plugins" / "official_page.py"
INFO_PREFIX = "official-url-check:"
_REDIRECT_WARNING = re.compile(r"Redirected to `(?P<url>[^']*)'")
_HTTP_RESULT = re.compile(r"^(\d{3})\b")


@dataclass
class Observation:
    """What LinkChecker reported for one URL."""

    url: str
    final_url: str
    valid: bool
    result: str  # LinkChecker's result text: "200 OK", "404 Not Found", "ReadTimeout: ..."
    http_status: int | None = None
    redirects: list[str] = field(default_factory=list)  # URLs after the first, in order
    responses: list[dict] = field(default_factory=list)  # plugin records, one per response
    content: dict | None = None  # plugin record for the page body (valid pages only)


def deadline_for(timeout: float) -> float:
    """Seconds one URL may take (connect, headers, body, redirects): the timeout plus half of it (at least 2 s
    more), so that a read timeout LinkChecker reports itself still comes first."""
    return float(timeout) + max(2.0, float(timeout) / 2)


class Workspace:
    """Temporary files for LinkChecker runs; use as a context manager."""

    def __init__(self, settings, expect_phrases):
        self.dir = Path(tempfile.mkdtemp(prefix="official-urls-"))
        # LinkChecker run as root drops to "nobody": everything it reads must be world-readable.
        plugins = self.dir / "linkchecker" / "plugins"
        plugins.mkdir(parents=True)
        for folder in (self.dir, self.dir / "linkchecker", plugins):
            os.chmod(folder, 0o755)
        (plugins / PLUGIN_FILE.name).symlink_to(PLUGIN_FILE)
        self.deadline = deadline_for(settings.timeout)
        config = configparser.RawConfigParser()
        config.read(RC_TEMPLATE, encoding="utf-8")
        config.set("checking", "useragent", settings.user_agent)
        config.set("checking", "timeout", str(settings.timeout))
        config["OfficialPageResponse"] = {}
        config["OfficialPageContent"] = {"spec": json.dumps({  # the phrases and patterns it looks for
            "not_found_phrases": settings.not_found_phrases, "expect_phrases": sorted(set(expect_phrases)),
            "not_found_patterns": settings.not_found_patterns,
            "not_found_title_patterns": settings.not_found_title_patterns,
        })}
        self.config = self.dir / "linkcheckerrc"
        with open(self.config, "w", encoding="utf-8") as handle:
            config.write(handle)
        os.chmod(self.config, 0o644)

    def env(self) -> dict[str, str]:
        """Environment for LinkChecker: plugin folder, English messages, no proxy for loopback."""
        env = dict(os.environ, HOME=str(self.dir), XDG_DATA_HOME=str(self.dir), XDG_CONFIG_HOME=str(self.dir),
                   LC_ALL="C.UTF-8", LANG="C.UTF-8", LANGUAGE="C", PYTHONIOENCODING="utf-8",
                   PYTHONUNBUFFERED="1")  # each record reaches the wrapper when it is written
        for key in ("NO_PROXY", "no_proxy"):
            env[key] = ",".join(filter(None, (env.get(key), "localhost,127.0.0.0/8")))
        return env

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def url_key(url: str) -> str:
    """Loose URL key: lower-case scheme and host, path "/" when empty."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def parse_xml(text: str) -> list[Observation]:
    """Read LinkChecker's `-o xml` output."""
    root = ET.fromstring(text)
    observations = []
    for node in root.iter("urldata"):
        if (node.findtext("level") or "0").strip() not in ("0", ""):
            continue  # only the URLs we asked for (recursion level 0)
        valid_node = node.find("valid")
        valid = valid_node is not None and (valid_node.text or "").strip() == "1"
        result = valid_node.get("result", "") if valid_node is not None else ""
        records = [json.loads(info.text[len(INFO_PREFIX):]) for info in node.iter("info")
                   if (info.text or "").startswith(INFO_PREFIX)]  # the plugins' records
        responses = [r for r in records if r.get("kind") == "response"]
        url = (node.findtext("url") or "").strip()
        final_url = (node.findtext("realurl") or url).strip()
        redirects = [m.group("url") for w in node.iter("warning")
                     if w.get("tag") == "http-redirected" and (m := _REDIRECT_WARNING.search(w.text or ""))]
        status = responses[-1].get("status") if responses else None
        if status is None and (m := _HTTP_RESULT.match(result)):
            status = int(m.group(1))
        content = next((r for r in records if r.get("kind") == "content"), None)
        observations.append(Observation(url, final_url, valid, result, status, redirects, responses, content))
    return observations


DEADLINE_RESULT = "DeadlineExceeded"
NOT_CHECKED_RESULT = "NotChecked"
MALFORMED_REDIRECT_RESULT = "MalformedRedirect"
_RECORD = re.compile(r"<urldata>.*?</urldata>", re.DOTALL)
_TRACE_ERROR = re.compile(r"^(?:\w+\.)*(ValueError|InvalidURL|LocationParseError|InvalidSchema|MissingSchema): (.*)$",
                          re.MULTILINE)
_NOT_CHECKED = f"{NOT_CHECKED_RESULT}: the run's time budget ran out before this URL was done"
STARTUP = 30.0  # seconds LinkChecker may take to start, before the first URL's deadline counts


def _failed(url: str, result: str) -> Observation:
    return Observation(url=url, final_url=url, valid=False, result=result)


def run_linkchecker(urls: list[str], workspace: Workspace, stop_at: float | None = None) -> dict[str, Observation]:
    """Check urls with LinkChecker; return an Observation for every URL given.

    LinkChecker checks them in order (threads=1), and the wrapper watches each record arrive. A URL
    past its deadline (a tarpit never trips a read timeout) is killed and "did not finish" (not retried);
    if LinkChecker dies on a URL, that URL gets the error. The URLs not yet started get a new process, so
    each is requested once. At `stop_at` (time.monotonic()) every URL not finished is not checked.
    """
    found: dict[str, Observation] = {}
    pending = list(urls)
    while pending:
        if stop_at is not None and time.monotonic() >= stop_at:
            found.update((url, _failed(url, _NOT_CHECKED)) for url in pending)
            break
        found.update(_run_once(pending, workspace, stop_at))
        pending = [url for url in pending if url not in found]
    return found


def _stream(proc: subprocess.Popen, sink: list[str], marks: list[float]) -> None:
    """Read LinkChecker's stdout; note the time when output starts and when each record is complete."""
    for line in proc.stdout:
        sink.append(line)
        if ("<linkchecker" in line and not marks) or "</urldata>" in line:
            marks.append(time.monotonic())


def _run_once(urls: list[str], workspace: Workspace, stop_at: float | None) -> dict[str, Observation]:
    """One LinkChecker process over urls: the finished records plus the URL it stopped at (see run_linkchecker)."""
    command = LINKCHECKER + ["-f", str(workspace.config), "--no-status", "--"] + list(urls)
    lines: list[str] = []
    marks: list[float] = []
    late = out_of_time = False
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as stderr_file:
        try:
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr_file, text=True, encoding="utf-8",
                                    errors="replace", env=workspace.env(), cwd=workspace.dir, start_new_session=True)
        except OSError as exc:
            return {url: _failed(url, f"LinkChecker could not be started: {exc}") for url in urls}
        began = time.monotonic()
        reader = threading.Thread(target=_stream, args=(proc, lines, marks), daemon=True)
        reader.start()
        while proc.poll() is None:
            now = time.monotonic()
            done = len(marks) > len(urls)  # the start and one mark per URL: LinkChecker takes 1 s more to exit
            late = not done and now - (marks[-1] if marks else began + STARTUP) > workspace.deadline
            out_of_time = not done and stop_at is not None and now >= stop_at
            if done or late or out_of_time:
                _kill(proc)
                break
            time.sleep(0.05)
        proc.wait()
        reader.join(timeout=5)
        stderr_file.seek(0)
        stderr = stderr_file.read()
    try:  # keep every complete record, also of a process cut short
        parsed = parse_xml("<linkchecker>" + "".join(_RECORD.findall("".join(lines))) + "</linkchecker>")
    except ET.ParseError as exc:
        parsed, stderr = [], f"LinkChecker output could not be read ({exc})"
    by_norm = {url_key(u): u for u in urls}
    found: dict[str, Observation] = {}
    for obs in parsed:
        if (key := obs.url if obs.url in urls else by_norm.get(url_key(obs.url))) is not None:
            obs.url = key
            found[key] = obs
    rest = [url for url in urls if url not in found]
    if not rest:
        return found
    if out_of_time:
        return found | {url: _failed(url, _NOT_CHECKED) for url in rest}
    # threads=1: the URLs go in order, so the first one without a record is the one that was running.
    if late:
        result = (f"{DEADLINE_RESULT}: did not finish within {workspace.deadline:g} s "
                  "(connect, headers and body; a server that sends very slowly)")
    elif "resolve_redirects" in stderr:
        # requests parses a redirect's Location before LinkChecker or its plugins see the response;
        # a malformed one ends LinkChecker with an internal error whose traceback says so.
        error = _TRACE_ERROR.search(stderr)
        result = (f"{MALFORMED_REDIRECT_RESULT}: "
                  + (f"{error.group(1)}: {error.group(2)[:120]}" if error else "the Location could not be parsed"))
    else:
        tail = " ".join(line.strip() for line in stderr.strip().splitlines()[-2:])
        result = "LinkChecker gave no result for this URL" + (f" ({tail[:300]})" if tail else "")
    return found | {rest[0]: _failed(rest[0], result)}


def _kill(proc: subprocess.Popen) -> None:
    """Stop LinkChecker and anything it started (it runs in its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
