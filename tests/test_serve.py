"""`factcheck serve`: a real server subprocess on a loopback port and a real SQLite file with
the sample claims; the page, its files and the websocket need the token."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import httpx
import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.cli.commands_serve import is_loopback
from tests.served import TOKEN, Served, environment_of, sample_database, serve


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_database(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def served(sample_db: Path) -> Iterator[Served]:
    """One server for the module (the tests below leave it as they found it); its token
    comes from the environment."""
    with serve(sample_db, token=None, env={"FACTCHECK_SERVE_TOKEN": TOKEN,
                                            "FACTCHECK_REVIEWER": "web-tester"}) as server:
        yield server


def _get(url: str, **kwargs: object) -> httpx.Response:
    return httpx.get(url, timeout=5, follow_redirects=False, **kwargs)  # type: ignore[arg-type]


def test_the_page_and_its_files_are_refused_without_the_token(served: Served) -> None:
    for path in ("/", "/static/js/textual.js", "/download/x", "/ws"):
        assert _get(served.base + path).status_code == 401, path
    wrong = _get(served.base + "/?token=" + TOKEN[:-1] + "x")
    assert wrong.status_code == 403
    assert TOKEN not in wrong.text
    cookie = {f"factcheck_serve_{served.port}": "not-the-token-at-all-000"}
    assert _get(served.base + "/", cookies=cookie).status_code == 403


def test_the_token_opens_the_page_and_moves_into_a_cookie(served: Served) -> None:
    first = _get(served.base + f"/?token={TOKEN}&fontsize=14")
    assert first.status_code == 303
    assert first.headers["location"] == "/?fontsize=14"  # out of the address bar
    set_cookie = first.headers["set-cookie"]
    assert set_cookie.startswith(f"factcheck_serve_{served.port}={TOKEN};")
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie

    with httpx.Client(base_url=served.base, timeout=5) as browser:
        page = browser.get(f"/?token={TOKEN}", follow_redirects=True)
        assert page.status_code == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page.text
        assert page.headers["cache-control"] == "no-store"
        assert browser.get("/static/js/textual.js").status_code == 200  # by the cookie
    # Opened by another name for the same server, the page points at that name.
    by_name = _get(f"http://localhost:{served.port}/",
                   cookies={f"factcheck_serve_{served.port}": TOKEN})
    assert f'"ws://localhost:{served.port}/ws"' in by_name.text
    # Behind an HTTPS proxy that says so, the page's websocket and the cookie are secure.
    proxied = _get(served.base + f"/?token={TOKEN}", headers={"X-Forwarded-Proto": "https",
                                                              "Host": "review.example"})
    assert "; Secure" in proxied.headers["set-cookie"]
    page = _get(served.base + "/", headers={"X-Forwarded-Proto": "https",
                                            "Host": "review.example"},
                cookies={f"factcheck_serve_{served.port}": TOKEN})
    assert 'data-session-websocket-url="wss://review.example/ws"' in page.text


def _websocket(served: Served, query: str = "", headers: dict[str, str] | None = None,
               cookie: str | None = None) -> int | bytes:
    """The handshake's refusal status, or the first screen bytes the app sent."""

    async def main() -> int | bytes:
        cookies = {f"factcheck_serve_{served.port}": cookie} if cookie else None
        async with aiohttp.ClientSession(cookies=cookies) as session:
            try:
                async with session.ws_connect(f"{served.base}/ws{query}", headers=headers,
                                              timeout=aiohttp.ClientWSTimeout(ws_close=5)
                                              ) as ws:
                    await ws.send_json(["resize", {"width": 100, "height": 30}])
                    received = b""
                    while len(received) < 2000:
                        message = await ws.receive(timeout=15)
                        if message.type != aiohttp.WSMsgType.BINARY:
                            break
                        received += message.data
                    return received
            except aiohttp.WSServerHandshakeError as error:
                return error.status

    return asyncio.run(main())


def test_the_websocket_is_refused_without_the_token_and_starts_no_app(served: Served) -> None:
    assert _websocket(served) == 401
    assert _websocket(served, "?token=wrong-token-wrong-token") == 403
    assert _websocket(served, cookie="wrong-token-wrong-token") == 403
    # The right token from a page of another site (a browser says so in Origin).
    assert _websocket(served, f"?token={TOKEN}",
                      headers={"Origin": "http://evil.example"}) == 403
    assert served.children() == []  # no app process was started for any of them
    assert "Traceback" not in served.output()


async def _open_app(served: Served, query: str, **headers: str
                    ) -> tuple[aiohttp.ClientSession, aiohttp.ClientWebSocketResponse]:
    session = aiohttp.ClientSession()
    ws = await session.ws_connect(f"{served.base}/ws{query}", headers=headers)
    await ws.send_json(["resize", {"width": 100, "height": 30}])
    received = b""
    while len(received) < 2000:  # the app's first screen
        message = await ws.receive(timeout=15)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        received += message.data
    return session, ws


async def _read_until_closed(ws: aiohttp.ClientWebSocketResponse) -> None:
    async for _ in ws:
        pass


def test_the_websocket_with_the_token_runs_the_app_as_the_serve_reviewer(
        served: Served, sample_db: Path) -> None:
    async def main() -> None:
        session, ws = await _open_app(served, f"?token={TOKEN}",
                                      Origin=f"http://127.0.0.1:{served.port}")
        try:
            apps = [environment_of(pid) for pid in served.descendants()]
            review = [env for env in apps if env.get("TEXTUAL_DRIVER")]
            assert review, apps
            for env in review:  # database and reviewer of the serve command, no token
                assert env["FACTCHECK_REVIEWER"] == "web-tester"
                assert env["FACTCHECK_DB"] == f"sqlite:///{sample_db}"
                assert "FACTCHECK_SERVE_TOKEN" not in env
                assert TOKEN not in " ".join(env.values())
        finally:
            await ws.close()
            await session.close()

    asyncio.run(main())


def test_serve_prints_a_new_random_token_and_stops_its_apps_on_sigterm(sample_db: Path
                                                                       ) -> None:
    with serve(sample_db, token=None, env={"FACTCHECK_SERVE_TOKEN": ""}) as server:
        address = next(line for line in server.lines if line.startswith("open http"))
        match = re.fullmatch(rf"open http://127\.0\.0\.1:{server.port}/\?token=([\w-]+)  "
                             r"\(each session asks the reviewer's name\)", address)
        assert match and len(match.group(1)) >= 40  # secrets.token_urlsafe(32)
        token = match.group(1)
        assert "warning" not in server.output()  # loopback: no warning
        assert _get(server.base + f"/?token={token}").status_code == 303

        async def main() -> None:
            session, ws = await _open_app(server, f"?token={token}")
            try:
                assert server.children() != []  # an app runs while the browser is there
                # Like a browser, the client keeps reading (and answers the server's close).
                reading = asyncio.create_task(_read_until_closed(ws))
                server.process.terminate()
                await asyncio.to_thread(server.process.wait, 10)
                deadline = time.monotonic() + 5
                while server.descendants() and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)
                assert server.descendants() == []
                await asyncio.wait_for(reading, 5)
            finally:
                await ws.close()
                await session.close()

        asyncio.run(main())
        assert server.process.returncode == 0
        assert "Traceback" not in server.output()


def _addresses(server: Served) -> dict[str, str]:
    """reviewer (or "?" for a session that asks) -> its token, from the printed lines."""
    found = {}
    for line in server.lines:
        match = re.fullmatch(rf"open http://127\.0\.0\.1:{server.port}/\?token=([\w-]+)  "
                             r"(?:as reviewer '(.+)'|\(each session asks.*\))", line)
        if match:
            found[match.group(2) or "?"] = match.group(1)
    return found


def _review_apps(server: Served) -> list[tuple[dict[str, str], list[str]]]:
    """The environment and command line of every review app process the server runs."""
    apps = []
    for pid in server.descendants():
        try:
            env = environment_of(pid)
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().rstrip("\0").split("\0")
        except OSError:
            continue
        if env.get("TEXTUAL_DRIVER") and "review" in argv:
            apps.append((env, argv))
    return apps


def test_each_reviewer_token_runs_its_sessions_as_its_reviewer(sample_db: Path) -> None:
    """--reviewer-token kim --reviewer-token lee: one address each, no shared token; a
    session is its token's reviewer, whatever the browser says."""
    with serve(sample_db, token=None, args=("--reviewer-token", "kim", "--reviewer-token",
                                            "lee"),
               env={"FACTCHECK_SERVE_TOKEN": "", "FACTCHECK_REVIEWER": "server-user"}
               ) as server:
        tokens = _addresses(server)
        assert set(tokens) == {"kim", "lee"}  # and no address that asks
        assert tokens["kim"] != tokens["lee"] and len(tokens["kim"]) >= 40
        assert _get(server.base + f"/?token={TOKEN}").status_code == 403

        async def main() -> None:
            for name in ("kim", "lee"):
                # A browser naming someone else changes nothing: the token decides.
                session, ws = await _open_app(server, f"?token={tokens[name]}&reviewer=bob",
                                              Origin=server.base)
                try:
                    apps = _review_apps(server)
                    assert len(apps) == 1, apps
                    env, argv = apps[0]
                    assert env["FACTCHECK_REVIEWER"] == name
                    assert "--ask-reviewer" not in argv
                    assert not any(t in " ".join([*env.values(), *argv])
                                   for t in tokens.values())
                finally:
                    await ws.close()
                    await session.close()
                deadline = time.monotonic() + 10
                while _review_apps(server) and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)

        asyncio.run(main())
        assert "Traceback" not in server.output()


def test_a_token_without_a_reviewer_starts_apps_that_ask_for_the_name(sample_db: Path
                                                                       ) -> None:
    with serve(sample_db, token=TOKEN, args=("--reviewer-token", "kim"),
               env={"FACTCHECK_REVIEWER": ""}) as server:
        tokens = _addresses(server)
        assert tokens["?"] == TOKEN and set(tokens) == {"?", "kim"}

        async def main() -> None:
            session, ws = await _open_app(server, f"?token={TOKEN}")
            try:
                [(env, argv)] = _review_apps(server)
                assert "FACTCHECK_REVIEWER" not in env
                assert argv[-1] == "--ask-reviewer"
            finally:
                await ws.close()
                await session.close()

        asyncio.run(main())


def test_reviewer_tokens_need_distinct_names(workdir: Path, runner: CliRunner) -> None:
    twice = runner.invoke(app, ["serve", "--reviewer-token", "kim", "--reviewer-token", "kim"])
    assert twice.exit_code == 1
    assert twice.stderr.strip() == "error: --reviewer-token kim: given twice"
    blank = runner.invoke(app, ["serve", "--reviewer-token", " "])
    assert blank.exit_code == 1
    assert blank.stderr.strip() == "error: --reviewer-token: give the reviewer's name"


def test_serve_refuses_a_short_token_and_an_empty_database(workdir: Path,
                                                           runner: CliRunner) -> None:
    short = runner.invoke(app, ["serve", "--token", "abc"])
    assert short.exit_code == 1
    assert short.stderr.strip() == ("error: --token: use at least 16 characters (got 3); "
                                    "leave it out for a random one")
    empty = runner.invoke(app, ["serve", "--token", TOKEN])
    assert empty.exit_code == 1
    assert "error: the database has no claims to review" in empty.stderr
    assert "Traceback" not in empty.output


def test_a_port_in_use_is_one_error_line(sample_db: Path, runner: CliRunner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["--db", str(sample_db), "serve", "--port", str(port),
                                     "--token", TOKEN])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot listen on 127.0.0.1:{port}")


def test_a_host_other_than_loopback_is_warned_about(sample_db: Path,
                                                     runner: CliRunner) -> None:
    # The port is taken, so nothing is exposed; the warning comes before the bind.
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["--db", str(sample_db), "serve", "--host", "0.0.0.0",
                                     "--port", str(port), "--token", TOKEN])
    assert result.exit_code == 1, result.output
    warning, error = result.stderr.strip().splitlines()
    assert warning.startswith("warning: listening on 0.0.0.0, not loopback: other machines")
    assert "without TLS" in warning
    assert error.startswith(f"error: cannot listen on 0.0.0.0:{port}")


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False),
    ("10.0.0.1", False),
])
def test_which_hosts_are_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_the_readme_shows_the_serve_help_as_it_is() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    shown = readme.split("Usage: factcheck serve [OPTIONS]", 1)[1].split("```", 1)[0]
    result = subprocess.run([sys.executable, "-m", "factcheck", "serve", "--help"],
                            capture_output=True, text=True, timeout=30,
                            env={**os.environ, "COLUMNS": "80"})
    assert result.returncode == 0
    actual = result.stdout.split("Usage: factcheck serve [OPTIONS]", 1)[1]
    assert [line.rstrip() for line in actual.strip().splitlines()] == \
        [line.rstrip() for line in shown.strip().splitlines()]
