"""`factcheck serve`: the review app in a browser (textual-serve), behind a token.

Every browser session runs `factcheck review` as a subprocess on this command's database, as
the reviewer of the token it came with (kept on the server, never taken from the browser), or,
for a token without one, asking the reviewer's name in the app before anything is changed.
The server (aiohttp, textual-serve) is imported inside the command, so
`factcheck --help` never loads it; it never imports the TUI either (the app runs in the
subprocess), see web_server.py.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shlex
import socket
import sys
from typing import Annotated

import typer
from rich.text import Text

from factcheck.cli.base import app, service, stderr, stdout
from factcheck.config import named_reviewer
from factcheck.errors import FactcheckError
from factcheck.text import one_line

TOKEN_ENV = "FACTCHECK_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16
NO_CLAIMS = ("the database has no claims to review: import some first "
             "(factcheck import PATH, e.g. claims/)")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. Anything but loopback is reachable from other "
                       "machines, without TLS (a warning says so).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535,
                                      help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        "--token", help=f"The shared access token [env: {TOKEN_ENV}; default: a new random "
                        f"one, printed at start, unless --reviewer-token is given]. At least "
                        f"{MIN_TOKEN_LENGTH} characters.",
        show_default=False)] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who reviews in the browser sessions of the shared token [env: "
                           "FACTCHECK_REVIEWER; default: each session asks the reviewer's "
                           "name before anything can be changed].")] = None,
    reviewer_tokens: Annotated[list[str] | None, typer.Option(
        "--reviewer-token", metavar="NAME",
        help="A reviewer with a token of their own (repeatable): one address is printed per "
             "reviewer, and its browser sessions review as NAME.")] = None,
) -> None:
    """Serve the review app to a browser: open the printed address (it carries the token).

    Every browser session reviews as the reviewer of its token; one without a reviewer asks
    for a name first. On a team database (PostgreSQL) every change is recorded with it."""
    names = _reviewer_names(reviewer_tokens or [])
    explicit = token is not None or bool(os.environ.get(TOKEN_ENV))
    # With reviewer tokens only, there is no shared token: every session is somebody's.
    shared = _token(token) if explicit or not names else None
    shared_reviewer = named_reviewer(reviewer)
    svc = service(ctx, reviewer=reviewer)  # opens (and upgrades) the database once, here
    if svc.count_claims() == 0:
        raise FactcheckError(NO_CLAIMS)
    db_url = _absolute_sqlite(svc.settings.db_url)
    svc.close()

    from factcheck.cli.web_server import TokenServer

    tokens: dict[str, str | None] = {}
    if shared is not None:
        tokens[shared] = shared_reviewer
    for name in names:
        tokens[secrets.token_urlsafe(32)] = name
    # The app processes get the database from the environment (textual-serve starts them with
    # a copy of it), and each its reviewer from the server; never a token.
    os.environ["FACTCHECK_DB"] = db_url
    os.environ.pop("FACTCHECK_REVIEWER", None)
    os.environ.pop(TOKEN_ENV, None)
    command = shlex.join([sys.executable, "-m", "factcheck", "review"])
    base = f"http://{_url_host(host)}:{port}/?token="

    def started() -> None:
        stdout.print(Text(f"factcheck serve: the review app on {_shown_db(db_url)}"))
        for value, who in tokens.items():
            whom = (f"as reviewer {who!r}" if who is not None
                    else "(each session asks the reviewer's name)")
            stdout.print(Text(f"open {base}{value}  {whom}"))
        stdout.print(Text("(the token is in the address; ctrl+c stops)"))
        sys.stdout.flush()

    if not is_loopback(host):
        stderr.print(Text(non_loopback_warning(host)))
    server = TokenServer(command, host=host, port=port, tokens=tokens, title="factcheck",
                         on_started=started)
    try:
        server.serve()
    except OSError as error:
        reason = error.strerror or str(error)
        raise FactcheckError(f"cannot listen on {host}:{port}: {reason}") from None


def _reviewer_names(given: list[str]) -> list[str]:
    names: list[str] = []
    for raw in given:
        name = raw.strip()
        if not name:
            raise FactcheckError("--reviewer-token: give the reviewer's name")
        if not name.isprintable():
            raise FactcheckError(f"--reviewer-token {one_line(name)!s}: use printable "
                                 "characters")
        if name in names:
            raise FactcheckError(f"--reviewer-token {name}: given twice")
        names.append(name)
    return names


def _token(given: str | None) -> str:
    if given is None:
        given = os.environ.get(TOKEN_ENV) or None
        source = TOKEN_ENV
    else:
        source = "--token"
    if given is None:
        return secrets.token_urlsafe(32)
    given = given.strip()
    if len(given) < MIN_TOKEN_LENGTH:
        raise FactcheckError(f"{source}: use at least {MIN_TOKEN_LENGTH} characters "
                             f"(got {len(given)}); leave it out for a random one")
    if not given.isascii() or not given.isprintable() or " " in given:
        raise FactcheckError(f"{source}: use printable ASCII characters without spaces")
    return given


def is_loopback(host: str) -> bool:
    """Whether every address `host` names is a loopback address (127.x, ::1, localhost)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(
        ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)


def non_loopback_warning(host: str) -> str:
    return (f"warning: listening on {host}, not loopback: other machines can reach this "
            "server, and without TLS in front the token and every claim cross the network "
            "in clear text (put an HTTPS proxy in front, or use --host 127.0.0.1)")


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def _absolute_sqlite(url: str) -> str:
    """An SQLite file as an absolute path, so the app processes find the same file."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return url
    return parsed.set(database=os.path.abspath(parsed.database or "")).render_as_string(
        hide_password=False)


def _shown_db(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
