"""Property test: whatever JSON arrives, import never raises and never half-writes a file."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.config import Settings
from factcheck.services import FactcheckService

KEYS = ["article", "claims", "articles", "ref", "text", "title", "url", "outlet", "language",
        "published", "speaker", "context", "tags", "txet"]

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(
    max_size=12) | st.sampled_from(["ko", "en", "2025-03-26", "https://e.org/a", "", " "])
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=5),
    max_leaves=25,
)
claim = st.fixed_dictionaries(
    {"text": st.text(min_size=1, max_size=30) | scalars},
    optional={"ref": st.text(max_size=4) | scalars, "speaker": scalars, "tags": json_values,
              "language": scalars, "txet": scalars},
)
bundle = st.fixed_dictionaries({
    "article": st.fixed_dictionaries({}, optional={
        "ref": st.sampled_from(["a", "b", ""]) | scalars, "title": scalars, "url": scalars,
        "published": scalars, "language": scalars}),
    "claims": st.lists(claim, max_size=5) | json_values,
})
documents = json_values | bundle | st.lists(bundle, max_size=3) | st.builds(
    lambda bs: {"articles": bs}, st.lists(bundle, max_size=3))


def state(svc: FactcheckService) -> list[dict[str, Any]]:
    return svc.claim_records()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents, as_jsonl=st.booleans(), cut=st.integers(min_value=0, max_value=40))
def test_arbitrary_json_never_raises_and_never_half_writes(
    document: Any, as_jsonl: bool, cut: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        svc = FactcheckService(Settings.load(db=str(Path(tmp) / "f.db"), reviewer="t"))
        try:
            seed = Path(tmp) / "seed.json"
            seed.write_text(json.dumps({"article": {"ref": "a"}, "claims": [{"text": "x"}]}))
            svc.import_paths([seed])
            before = state(svc)
            text = json.dumps(document, ensure_ascii=False)
            if cut:  # sometimes truncate, as a broken download would
                text = text[: max(len(text) - cut, 0)]
            path = Path(tmp) / ("doc.jsonl" if as_jsonl else "doc.json")
            path.write_text(text, encoding="utf-8")
            report = svc.import_paths([path])
            after = state(svc)
            if report.errors:
                assert after == before
                for line in report.errors:
                    assert line.startswith(str(path)) and "\n" not in line
            else:
                added = report.total("claims_added")
                assert len(after) == len(before) + added
        finally:
            svc.close()
