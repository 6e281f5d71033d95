"""`make serve`: preview the site with live reload, on HOST:PORT (default 127.0.0.1:8000).

Runs `mkdocs serve --livereload`, also watching scripts/data/ (出典 titles) and overrides/. A port in
use gives one line and exit status 1; the server's own redirects (`/` to `/norton/`) are not logged
as warnings (a 404 still is). `--engine zensical` serves with Zensical. Search is untuned (make build tunes it).

To preview on a phone on the same network, listen on every interface and open the printed address:

    make serve HOST=0.0.0.0            # then http://<this computer's IP>:8000/norton/
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import re
import socket
import sys
from urllib.parse import urlsplit

from scripts import ROOT

WATCH = ["scripts/data", "overrides"]


def site_path() -> str:
    """The path part of site_url in mkdocs.yml ("/norton/"): mkdocs serve mounts the site there."""
    m = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    return urlsplit(m.group(1)).path if m else "/"


def port_problem(host: str, port: int) -> str | None:
    """Why mkdocs could not listen on host:port (None when it can)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is already in use (another `make serve`?): stop it, or run `make serve PORT={port + 1}`"
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def lan_address() -> str:
    """This computer's address on the local network, as its own name resolves (nothing is sent)."""
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        address = ""
    return address if address and not address.startswith("127.") else "<this computer's IP>"


def quiet_redirects(record: logging.LogRecord) -> bool:
    """Logging filter: drop livereload's `code 302` lines (the server's own redirects, not problems)."""
    return not record.getMessage().endswith(" code 302")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.serve", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[2:4]))
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--engine", choices=["mkdocs", "zensical"], default="mkdocs",
                        help="MkDocs + Material (default) or Zensical")
    args = parser.parse_args(argv)
    if problem := port_problem(args.host, args.port):
        print(f"make serve: {problem}", file=sys.stderr)
        return 1
    if args.host in ("0.0.0.0", "::"):
        print(f"On a phone on the same network, open http://{lan_address()}:{args.port}{site_path()}", file=sys.stderr)
    os.chdir(ROOT)
    if args.engine == "zensical":
        exe = os.path.join(os.path.dirname(sys.executable), "zensical")
        os.execv(exe, [exe, "serve", "--dev-addr", f"{args.host}:{args.port}"])
    cmd = ["serve", "--dev-addr", f"{args.host}:{args.port}", "--livereload"]
    cmd += [arg for folder in WATCH for arg in ("--watch", str(ROOT / folder))]
    from mkdocs.__main__ import cli

    logging.getLogger("mkdocs.livereload").addFilter(quiet_redirects)
    return cli.main(cmd, prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())
