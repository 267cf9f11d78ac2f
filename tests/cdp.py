"""A small Chrome DevTools Protocol client for the browser tests: start Debian's headless
Chromium, open a page, send keys, and read what the page's websockets receive (the review
app's screen, as terminal output).

Only loopback is reached: the browser resolves every other host name to nothing.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--window-size=1280,900",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
_ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")

# key -> (code, Windows virtual key code) for the keys the tests press.
_SPECIAL = {"\r": ("Enter", 13), "\x1b": ("Escape", 27), " ": ("Space", 32)}


def chromium_installed() -> bool:
    return Path(CHROMIUM).is_file()


def screen_text(data: bytes) -> str:
    """Terminal output with its escape sequences taken out."""
    return _ANSI.sub("", data.decode("utf-8", errors="replace"))


class Page:
    """One browser tab over its DevTools websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.received = bytearray()  # what the page's websockets received (binary frames)
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                response = data["params"]["response"]
                if response.get("opcode") == 2:
                    self.received += base64.b64decode(response["payloadData"])

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[number] = future
        await self._ws.send_json({"id": number, "method": method, "params": params})
        answer = await asyncio.wait_for(future, 10)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return dict(answer.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for_text(self, pattern: str, timeout: float = 15.0,
                            since: int = 0) -> re.Match[str]:
        """Wait until the screen output (from byte `since` on) matches `pattern`."""
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, screen_text(bytes(self.received[since:])))
            if found:
                return found
            if time.monotonic() > deadline:
                tail = screen_text(bytes(self.received[-3000:]))
                raise AssertionError(f"no {pattern!r} on the screen within {timeout} s; "
                                     f"last output: {tail!r}")
            await asyncio.sleep(0.05)

    async def wait_quiet(self, quiet: float = 0.5, timeout: float = 10.0) -> None:
        """Wait until the screen has not changed for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        size, since = len(self.received), time.monotonic()
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            if len(self.received) != size:
                size, since = len(self.received), time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    async def press(self, keys: str) -> None:
        """Type `keys` as key presses ("\\r" is enter)."""
        for key in keys:
            code, vk = _SPECIAL.get(key, (f"Key{key.upper()}" if key.isalpha()
                                          else f"Digit{key}" if key.isdigit() else "",
                                          ord(key.upper()) if key.isalnum() else 0))
            name = {"\r": "Enter", "\x1b": "Escape"}.get(key, key)
            await self.call("Input.dispatchKeyEvent", type="keyDown", key=name, code=code,
                            windowsVirtualKeyCode=vk, text=key if key != "\x1b" else "")
            await self.call("Input.dispatchKeyEvent", type="keyUp", key=name, code=code,
                            windowsVirtualKeyCode=vk)


@contextlib.asynccontextmanager
async def browser_page(profile: Path) -> AsyncIterator[Page]:
    """Headless Chromium with a fresh profile folder, and its first tab."""
    process = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}",
                                "--remote-debugging-port=0", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port = await _devtools_port(profile, process)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as answer:
                targets = await answer.json()
            url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
            async with http.ws_connect(url, max_msg_size=0) as ws:
                page = Page(ws)
                await page.call("Network.enable")
                await page.call("Page.enable")
                await page.call("Emulation.setFocusEmulationEnabled", enabled=True)
                yield page
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


DEVTOOLS_WAIT_S = 90


async def _devtools_port(profile: Path, process: subprocess.Popen[bytes]) -> int:
    """Chromium writes the port it chose into DevToolsActivePort in the profile folder."""
    marker = profile / "DevToolsActivePort"
    # (generous: a first start on a new machine builds Chromium's font and shader caches,
    # which took over 20 s on a busy 2-core CI machine)
    deadline = time.monotonic() + DEVTOOLS_WAIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"chromium exited with {process.returncode}")
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int(marker.read_text().split()[0])
        await asyncio.sleep(0.05)
    raise AssertionError(f"chromium did not open its DevTools port within {DEVTOOLS_WAIT_S} s")
