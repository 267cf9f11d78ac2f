"""A real HTTP server on 127.0.0.1 for fetching tests (no mocks of our code, no network).

Routes (see `LocalSite.url(path)`):
  /page                 UTF-8 page, title "Ministry report: exports up 5%"
  /ko/meta-charset      Korean page in EUC-KR; charset only in <meta charset>
  /ko/http-equiv        Korean page in EUC-KR; charset only in <meta http-equiv>
  /ko/header-charset    Korean page in EUC-KR; charset only in the HTTP header
  /ko/cp949             labelled euc-kr but using CP949-only syllables (똠, 햏)
  /article              Korean news article with a byline, photo caption, related-links box
                        and a copyright footer (for extraction tests)
  /article-en           English news article with a caption and footer
  /redirect/N           redirect chain: N -> N-1 -> ... -> /page
  /redirect-to?url=U    one redirect to U (anywhere: another host, a private address)
  /loop/a, /loop/b      redirect loop
  /to-file              redirect to file:///etc/passwd
  /missing (any unknown path)   404
  /flaky/KEY?fail=N     500 for the first N requests of KEY, then 200
  /always-500           500 every time
  /slow?s=SECONDS&group=G  waits before answering (default 2 s); counts concurrency per G
  /drip?n=N&gap=S       N small chunks, S seconds apart (each read fast, the whole slow)
  /big?mb=N             a body of N MB (default 11) without Content-Length
  /big-declared         declares a 50 MB Content-Length
  /doc.pdf              a small PDF
  /hostile-title        title with markup and control characters
  /trickle-headers?gap=S  the status line and headers one byte every S seconds (default 0.2),
                        for at most 60 s: every read is quick, the headers never end
  /encoded?layers=N&mb=M  a page of M MB (default: a small page) gzipped N times over, with
                        `Content-Encoding: gzip, gzip, ...` (N=2 and mb=200: a few hundred
                        bytes on the wire); &coding=deflate for deflate layers
Tests may also serve their own bytes: `LocalSite.serve(path, body, headers, status)`.
Every request's Authorization header (or None) is kept: `LocalSite.authorizations`.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

KO_TITLE = "정부, 반도체 수출 사상 최대 기록"
KO_BODY = ("<p>산업통상자원부는 지난달 반도체 수출이 142억 달러로 사상 최대를 기록했다고 "
           "밝혔다.</p>")


def ko_page(head_extra: str = "", title: str = KO_TITLE, body: str = KO_BODY) -> str:
    return (f"<!DOCTYPE html><html lang=\"ko\"><head>{head_extra}<title>{title}</title></head>"
            f"<body><h1>{title}</h1>{body}</body></html>")


ARTICLE_KO = """<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8">
<title>반도체 수출 사상 최대…정부 "올해 1천억 달러 넘을 것" | 한국일보</title>
<meta property="og:title" content="반도체 수출 사상 최대">
<meta property="og:site_name" content="한국일보">
<meta name="author" content="김민수 기자">
<meta property="article:published_time" content="2026-01-27T09:00:00+09:00">
<link rel="canonical" href="https://news.example.kr/article/2026/01/27/123">
</head><body>
<nav><a href="/">홈</a> <a href="/economy">경제</a></nav>
<article>
<h1>반도체 수출 사상 최대…정부 "올해 1천억 달러 넘을 것"</h1>
<p class="byline">김민수 기자 minsu.kim@news.example.kr</p>
<p>산업통상자원부는 지난 1월 반도체 수출액이 142억 달러로 1년 전보다 25.2% 늘었다고 27일
밝혔다.</p>
<figure><img src="/photo.jpg" alt="">
<figcaption>(사진=연합뉴스) 27일 부산항 신선대부두에 컨테이너가 쌓여 있다.</figcaption>
</figure>
<p>안덕근 산업부 장관은 "올해 반도체 수출이 사상 처음으로 1천억 달러를 넘을 것"이라고
말했다.</p>
<p>업계에서는 인공지능 서버용 고대역폭메모리(HBM) 수요가 계속 늘 것으로 보고 있다.</p>
<p>그렇다면 이런 흐름은 언제까지 이어질까?</p>
</article>
<aside><h2>관련기사</h2><ul><li><a href="/a/1">수출 증가세 이어져</a></li></ul></aside>
<footer>Copyright © 한국일보. All rights reserved. 무단 전재 및 재배포 금지.</footer>
</body></html>
"""

ARTICLE_EN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Chip exports hit record high, ministry says - Example News</title>
</head><body>
<article>
<h1>Chip exports hit record high, ministry says</h1>
<p class="byline">By Jane Doe, jane.doe@example.com</p>
<p>South Korea's semiconductor exports rose 25.2% to $14.2 billion in January, the largest
monthly figure on record, the trade ministry said on Tuesday.</p>
<figure><img src="/photo.jpg" alt=""><figcaption>Containers at Busan port on Jan. 27.
(Photo: Reuters)</figcaption></figure>
<p>"Exports will top $100 billion this year," Trade Minister Ahn Duk-geun told reporters.</p>
<p>However, analysts remain cautious.</p>
</article>
<footer>Copyright 2026 Example News. All rights reserved.</footer>
</body></html>
"""

PAGE_TITLE = "Ministry report: exports up 5%"
PDF_BYTES = (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
             b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
             b"trailer <</Root 1 0 R>>\n%%EOF\n")


ENCODED_PAGE = (b"<html><head><title>Encoded twice</title></head><body><p>Exports rose 5% "
                b"in March.</p></body></html>")
_ENCODED: dict[tuple[int, float, str], bytes] = {}
_ENCODED_LOCK = threading.Lock()


def _compress(data: bytes, coding: str) -> bytes:
    return gzip.compress(data, mtime=0) if coding == "gzip" else zlib.compress(data)


def encoded_body(layers: int, megabytes: float = 0, coding: str = "gzip") -> bytes:
    """ENCODED_PAGE (or `megabytes` MB of zeros) compressed `layers` times; made once."""
    key = (layers, megabytes, coding)
    with _ENCODED_LOCK:
        if key not in _ENCODED:
            if megabytes:
                # Compressed a megabyte at a time: the plain bytes never sit in memory whole.
                packer = (zlib.compressobj(9, zlib.DEFLATED, 31) if coding == "gzip"
                          else zlib.compressobj(9))
                block = bytes(1024 * 1024)
                parts = [packer.compress(block) for _ in range(int(megabytes))]
                data = b"".join(parts) + packer.flush()
                layers -= 1
            else:
                data = ENCODED_PAGE
            for _ in range(layers):
                data = _compress(data, coding)
            _ENCODED[key] = data
        return _ENCODED[key]


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep test output quiet

    def _send(self, status: int, body: bytes, content_type: str | None = "text/html; "
              "charset=utf-8", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, b"", None, {"Location": location})

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        self.server.hits[path] += 1
        self.server.agents.append(self.headers.get("User-Agent", ""))
        self.server.authorizations.append(self.headers.get("Authorization"))
        self.server.last_headers[path] = {k.lower(): v for k, v in self.headers.items()}
        if path in self.server.served:
            status, body, headers = self.server.served[path]
            self._send(status, body, headers.get("Content-Type", "text/html; charset=utf-8"),
                       {k: v for k, v in headers.items() if k != "Content-Type"})
        elif path == "/page":
            html = (f"<html><head><title>{PAGE_TITLE}</title></head><body><p>Exports rose 5% "
                    "in March.</p></body></html>")
            self._send(200, html.encode())
        elif path == "/ko/meta-charset":
            body = ko_page('<meta charset="euc-kr">').encode("euc-kr")
            self._send(200, body, "text/html")
        elif path == "/ko/http-equiv":
            body = ko_page('<meta http-equiv="Content-Type" content="text/html; '
                           'charset=EUC-KR">').encode("euc-kr")
            self._send(200, body, "text/html")
        elif path == "/ko/header-charset":
            self._send(200, ko_page().encode("euc-kr"), "text/html; charset=euc-kr")
        elif path == "/ko/cp949":
            body = ko_page('<meta charset="euc-kr">', title="똠방각하 햏 소식").encode("cp949")
            self._send(200, body, "text/html")
        elif path == "/article":
            self._send(200, ARTICLE_KO.encode())
        elif path == "/article-en":
            self._send(200, ARTICLE_EN.encode())
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect("/page" if left <= 1 else f"/redirect/{left - 1}")
        elif path == "/redirect-to":
            self._redirect(query["url"][0])
        elif path == "/trickle-headers":
            self._trickle_headers(float(query.get("gap", ["0.2"])[0]))
        elif path == "/encoded":
            layers = int(query.get("layers", ["2"])[0])
            coding = query.get("coding", ["gzip"])[0]
            body = encoded_body(layers, float(query.get("mb", ["0"])[0]), coding)
            self._send(200, body, "text/html; charset=utf-8",
                       {"Content-Encoding": ", ".join([coding] * layers)})
        elif path == "/loop/a":
            self._redirect("/loop/b")
        elif path == "/loop/b":
            self._redirect("/loop/a")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path.startswith("/flaky/"):
            fail = int(query.get("fail", ["1"])[0])
            if self.server.hits[path] <= fail:
                self._send(500, b"<title>Server Error</title>")
            else:
                self._send(200, b"<html><title>Recovered</title></html>")
        elif path == "/always-500":
            self._send(500, b"<title>Server Error</title>")
        elif path == "/slow":
            group = query.get("group", [""])[0]
            with self.server.lock:
                self.server.in_flight[group] += 1
                self.server.peak_in_flight[group] = max(self.server.peak_in_flight[group],
                                                        self.server.in_flight[group])
            try:
                time.sleep(float(query.get("s", ["2"])[0]))
            finally:
                with self.server.lock:
                    self.server.in_flight[group] -= 1
            self._send(200, b"<title>Too late</title>")
        elif path == "/drip":
            self._drip(int(query.get("n", ["6"])[0]), float(query.get("gap", ["0.15"])[0]))
        elif path == "/big":
            self._stream_big(float(query.get("mb", ["11"])[0]))
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            self.wfile.write(b"<html>")
        elif path == "/doc.pdf":
            self._send(200, PDF_BYTES, "application/pdf")
        elif path == "/hostile-title":
            body = b"<title>[bold red]Win[/] \x1b[31mnow\x07 &lt;b&gt;</title>"
            self._send(200, body)
        else:
            self._send(404, b"<html><title>Not Found</title></html>")

    def _drip(self, chunks: int, gap: float) -> None:
        """Headers at once, then a few bytes every `gap` seconds: each read is quick, the
        whole body is slow."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(chunks):
                self.wfile.write(b"<p>drip</p>")
                self.wfile.flush()
                time.sleep(gap)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def _trickle_headers(self, gap: float) -> None:
        """A status line and headers that never end: one byte every `gap` seconds."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Trickle: " + b"z" * 10_000
        started = time.monotonic()
        try:
            for byte in head:
                if time.monotonic() - started > 60:
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(gap)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should
        self.close_connection = True

    def _stream_big(self, megabytes: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        remaining = int(megabytes * 1024 * 1024)
        try:
            while remaining > 0:
                self.wfile.write(chunk[:remaining])
                remaining -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its limit, as it should
        self.close_connection = True


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.authorizations: list[str | None] = []
        self.last_headers: dict[str, dict[str, str]] = {}
        self.served: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.lock = threading.Lock()
        # Per ?group= of /slow: requests being served now, and the most at the same time.
        self.in_flight: Counter[str] = Counter()
        self.peak_in_flight: Counter[str] = Counter()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that time out on purpose close early; that is not a test failure


class LocalSite:
    def __init__(self, server: _SiteServer) -> None:
        self._server = server
        self.port = server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return self._server.hits[path]

    def peak_slow_requests(self, group: str) -> int:
        """The most /slow?group=GROUP requests that were served at the same time."""
        return self._server.peak_in_flight[group]

    @property
    def user_agents(self) -> list[str]:
        return list(self._server.agents)

    @property
    def authorizations(self) -> list[str | None]:
        return list(self._server.authorizations)

    def request_headers(self, path: str) -> dict[str, str]:
        """The headers (lower-case names) of the last request for `path`."""
        return dict(self._server.last_headers.get(path, {}))

    def serve(self, path: str, body: bytes, headers: dict[str, str] | None = None,
              status: int = 200) -> str:
        """Answer GET `path` with `status`, `body` and `headers` from now on; its URL."""
        self._server.served[path] = (status, body, dict(headers or {}))
        return self.url(path)


@contextmanager
def serve_local_site() -> Iterator[LocalSite]:
    server = _SiteServer()
    thread = threading.Thread(target=server.serve_forever, name="local-site", daemon=True)
    thread.start()
    try:
        yield LocalSite(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


if __name__ == "__main__":  # handy for trying the CLI by hand: python -m tests.http_server
    with serve_local_site() as site:
        print(f"serving on {site.base} (Ctrl-C stops)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
