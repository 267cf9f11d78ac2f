"""Content-Encoding decoded by us, incrementally and under the body size limit.

httpx decodes `Content-Encoding: gzip, gzip` by passing each network chunk through every layer
at once, with no bound on what a layer may produce: a 1,829-byte response then becomes 2 GB
in memory before anyone can count it. Here each layer inflates at most `PIECE` bytes per step
(zlib's `max_length`), the pieces flow through the layers lazily, and every layer's output is
counted against the limit, so memory stays around the limit whatever the stacking. More than
`MAX_LAYERS` encodings, or one we do not know, is refused outright (no site needs it).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

PIECE = 64 * 1024
MAX_LAYERS = 2
# What we advertise (Accept-Encoding) and decode.
SUPPORTED = ("gzip", "x-gzip", "deflate")
ACCEPT_ENCODING = "gzip, deflate"


class EncodingRefused(Exception):  # noqa: N818 - a refusal with a user-facing reason
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DecodedTooLarge(Exception):  # noqa: N818
    """A layer produced more than the limit; the body is not kept."""


class _Inflate:
    """One gzip or deflate layer (deflate: zlib-wrapped, else raw, like browsers)."""

    def __init__(self, coding: str, limit: int) -> None:
        self.gzip = coding != "deflate"
        self.raw_fallback = not self.gzip
        self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS)
        self.limit = limit
        self.produced = 0

    def _count(self, out: bytes) -> bytes:
        self.produced += len(out)
        if self.produced > self.limit:
            raise DecodedTooLarge
        return out

    def feed(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for data in pieces:
            yield from self._inflate(data)

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        while not self.inflater.eof:
            try:
                out = self.inflater.decompress(data, PIECE)
            except zlib.error as exc:
                if self.raw_fallback:  # "deflate" without the zlib header
                    self.raw_fallback = False
                    self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise EncodingRefused(f"the {'gzip' if self.gzip else 'deflate'} data is "
                                      f"corrupt ({exc})") from None
            self.raw_fallback = False
            data = self.inflater.unconsumed_tail
            if out:
                yield self._count(out)
            # A full piece may leave output pending inside zlib: ask again, even with no input.
            if not data and len(out) < PIECE:
                return
        # Data after the end of the stream is ignored (as httpx and browsers do).

    def finish(self) -> Iterator[bytes]:
        yield from self._inflate(b"")
        rest = self.inflater.flush()
        if rest:
            yield self._count(rest)


class BodyDecoder:
    """Raw body bytes in, decoded pieces out (each layer bounded by `limit`)."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > MAX_LAYERS:
            raise EncodingRefused(f"the body is encoded {len(codings)} times "
                                  f"({', '.join(codings)}); at most {MAX_LAYERS} are decoded")
        unknown = [c for c in codings if c not in SUPPORTED]
        if unknown:
            raise EncodingRefused(f"unsupported content encoding {unknown[0]!r}")
        # The last encoding applied is the first to undo.
        self.layers = [_Inflate(c, limit) for c in reversed(codings)]
        self.limit = limit
        self.raw = 0

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        self.raw += len(chunk)
        if self.raw > self.limit:
            raise DecodedTooLarge
        pieces: Iterable[bytes] = (chunk,)
        for layer in self.layers:
            pieces = layer.feed(pieces)
        yield from pieces

    def finish(self) -> Iterator[bytes]:
        """What the layers still hold once the body has ended."""
        for index, layer in enumerate(self.layers):
            pieces: Iterable[bytes] = layer.finish()
            for later in self.layers[index + 1:]:
                pieces = later.feed(pieces)
            yield from pieces
