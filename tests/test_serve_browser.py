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
        return db.execute("SELECT rating, rationale, reviewer FROM verdict WHERE claim_id = ?",
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
