"""`factcheck serve` end to end in headless Chromium (Debian's `chromium`): the page opens
with the token, keys typed into it set a verdict on the first claim, and the verdict is in the
database, recorded for the serve command's reviewer."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
import time
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.services import FactcheckService
from tests.cdp import browser_page, chromium_installed
from tests.served import TOKEN, Served, sample_database, serve

pytestmark = pytest.mark.skipif(
    not chromium_installed(),
    reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)")

RATIONALE = "checked in a browser"


def _verdicts(db_path: Path, claim_id: int) -> list[tuple[str, str, str]]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        return db.execute("SELECT rating, rationale, reviewer FROM verdict WHERE claim_id = ? "
                          "ORDER BY id",
                          (claim_id,)).fetchall()


def _first_claim(db_path: Path) -> tuple[int, str]:
    service = FactcheckService(Settings.load(db=str(db_path), reviewer="tester"))
    try:
        row = service.list_claims(limit=1)[0]
        return row.id, row.text
    finally:
        service.close()


def test_a_verdict_set_in_the_browser_lands_in_the_database(tmp_path: Path) -> None:
    db_path = sample_database(tmp_path)
    first, text = _first_claim(db_path)
    with contextlib.ExitStack() as stack:

        async def main() -> Served:
            async with browser_page(tmp_path / "profile") as page:
                # (the server starts while the browser does)
                server = await asyncio.to_thread(stack.enter_context, serve(
                    db_path, token=TOKEN, env={"FACTCHECK_REVIEWER": "web-tester"}))
                await page.call("Page.navigate", url=f"{server.base}/?token={TOKEN}")
                # The table shows the first claim, and the app is idle.
                await page.wait_for_text(re.escape(text[:10]), timeout=30)
                await page.wait_quiet()
                assert await page.evaluate("location.search") == ""  # token left the URL
                await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
                mark = len(page.received)
                await page.press("v")
                dialog = await page.wait_for_text(r"Verdict for claim #(\d+)", since=mark)
                assert int(dialog.group(1)) == first  # the first row is selected
                await page.wait_quiet(0.3)
                await page.press("5")  # false
                await page.wait_quiet(0.3)
                await page.press(RATIONALE + "\r")
                await page.wait_for_text(r"Saved", since=mark)
                return server

        server = asyncio.run(main())
        deadline = time.monotonic() + 5
        while not _verdicts(db_path, first) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _verdicts(db_path, first) == [("false", RATIONALE, "web-tester")]
        assert "Traceback" not in server.output()


async def _set_verdict_in_a_browser(profile: Path, address: str, text: str, rating_key: str,
                                    rationale: str) -> int:
    """Open the address in a browser of its own (its own cookie), set the first claim's
    verdict with the keys, return the claim id the dialog named."""
    async with browser_page(profile) as page:
        await page.call("Page.navigate", url=address)
        await page.wait_for_text(re.escape(text[:10]), timeout=30)
        await page.wait_quiet()
        await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        mark = len(page.received)
        await page.press("v")
        dialog = await page.wait_for_text(r"Verdict for claim #(\d+)", since=mark)
        await page.wait_quiet(0.3)
        await page.press(rating_key)
        await page.wait_quiet(0.3)
        await page.press(rationale + "\r")
        await page.wait_for_text(r"Saved", since=mark)
        return int(dialog.group(1))


def test_two_reviewer_tokens_two_browsers_the_history_names_both(tmp_path: Path) -> None:
    """`serve --reviewer-token kim --reviewer-token lee`: each browser session reviews as the
    reviewer of its token; both verdicts land, each recorded for its reviewer."""
    db_path = sample_database(tmp_path)
    first, text = _first_claim(db_path)
    with serve(db_path, token=None, args=("--reviewer-token", "kim", "--reviewer-token", "lee"),
               env={"FACTCHECK_SERVE_TOKEN": "", "FACTCHECK_REVIEWER": "server-user"}
               ) as server:
        tokens = {}
        for line in server.lines:
            match = re.fullmatch(r"open (http://\S+)  as reviewer '(\w+)'", line)
            if match:
                tokens[match.group(2)] = match.group(1)
        assert set(tokens) == {"kim", "lee"}
        for name, key, why in (("kim", "5", "kim checked it"), ("lee", "2", "lee checked it")):
            claim = asyncio.run(_set_verdict_in_a_browser(tmp_path / f"profile-{name}",
                                                          tokens[name], text, key, why))
            assert claim == first
            deadline = time.monotonic() + 5
            while len(_verdicts(db_path, first)) < (1 if name == "kim" else 2) \
                    and time.monotonic() < deadline:
                time.sleep(0.1)
        assert _verdicts(db_path, first) == [("false", "kim checked it", "kim"),
                                             ("mostly-true", "lee checked it", "lee")]
        assert "Traceback" not in server.output()
