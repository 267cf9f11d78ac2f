"""The file `factcheck match --queries` reads: one query per line, plain text or JSONL.

A bad line stops the whole file with one error line naming the file and the line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InputError


@dataclass(frozen=True)
class Query:
    # as given: a JSONL id keeps its JSON type (7 stays a number, "7" a string)
    query_id: str | int
    text: str


def read_queries(path: Path) -> list[Query]:
    """One query per line: plain text (its id is the line number) or JSONL objects with
    `id` and `text`. A bad line stops everything with its file and line number."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([f"{path}: cannot read queries: {exc.strerror or exc}"]) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise InputError([f"{path}:{bad_line}: not UTF-8 text"]) from None
    lines = content.splitlines()
    first = next((line.strip() for line in lines if line.strip()), "")
    as_jsonl = first.startswith("{")
    queries: list[Query] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if not as_jsonl:
            queries.append(Query(query_id=str(number), text=line.strip()))
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError([f"{path}:{number}: invalid JSON: {exc.msg} (column "
                              f"{exc.colno})"]) from None
        if not isinstance(item, dict):
            raise InputError([f"{path}:{number}: expected an object with \"id\" and "
                              "\"text\""])
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError([f"{path}:{number}: \"text\" is missing or not a non-empty "
                              "string"])
        query_id = item.get("id", number)
        if not isinstance(query_id, str | int) or isinstance(query_id, bool):
            raise InputError([f"{path}:{number}: \"id\" must be a string or a number"])
        queries.append(Query(query_id=query_id, text=text.strip()))
    if not queries:
        raise InputError([f"{path}: no queries (the file is empty)"])
    return queries
