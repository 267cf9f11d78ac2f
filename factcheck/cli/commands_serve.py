"""`factcheck serve`: the review app in a browser (textual-serve), behind a token.

Every browser session runs `factcheck review` as a subprocess on this command's database and
reviewer. The server (aiohttp, textual-serve) is imported inside the command, so
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
from factcheck.errors import FactcheckError

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
        "--token", help=f"The access token [env: {TOKEN_ENV}; default: a new random one, "
                        f"printed at start]. At least {MIN_TOKEN_LENGTH} characters.",
        show_default=False)] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who reviews, in every browser session [env: FACTCHECK_REVIEWER; "
                           "default: OS user].")] = None,
) -> None:
    """Serve the review app to a browser: open the printed address (it carries the token)."""
    token = _token(token)
    svc = service(ctx, reviewer=reviewer)  # opens (and upgrades) the database once, here
    if svc.count_claims() == 0:
        raise FactcheckError(NO_CLAIMS)
    settings = svc.settings
    db_url, who = _absolute_sqlite(settings.db_url), settings.reviewer
    svc.close()

    from factcheck.cli.web_server import TokenServer

    # The app processes get the database and the reviewer from the environment (textual-serve
    # starts them with a copy of it), never the token.
    os.environ["FACTCHECK_DB"] = db_url
    os.environ["FACTCHECK_REVIEWER"] = who
    os.environ.pop(TOKEN_ENV, None)
    command = shlex.join([sys.executable, "-m", "factcheck", "review"])
    address = f"http://{_url_host(host)}:{port}/?token={token}"

    def started() -> None:
        stdout.print(Text(f"factcheck serve: the review app as reviewer {who!r} on "
                          f"{_shown_db(db_url)}"))
        stdout.print(Text(f"open {address}"))
        stdout.print(Text("(the token is in the address; ctrl+c stops)"))
        sys.stdout.flush()

    if not is_loopback(host):
        stderr.print(Text(non_loopback_warning(host)))
    server = TokenServer(command, host=host, port=port, token=token, title="factcheck",
                         on_started=started)
    try:
        server.serve()
    except OSError as error:
        reason = error.strerror or str(error)
        raise FactcheckError(f"cannot listen on {host}:{port}: {reason}") from None


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
