"""The `match --queries` file reader (factcheck.io.queries): plain lines or JSONL, and one
error line naming the file and the line for anything it cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.io.queries import Query, read_queries


def write(tmp_path: Path, content: str | bytes, name: str = "q.txt") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


def error_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_queries(path)
    return caught.value.lines()


def test_plain_lines_are_numbered_and_blank_lines_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff first claim \n\n  second claim\n")
    assert read_queries(path) == [Query("1", "first claim"), Query("3", "second claim")]


def test_jsonl_ids_keep_their_json_type(tmp_path: Path) -> None:
    path = write(tmp_path, '{"id": 7, "text": "a"}\n{"id": "7", "text": " b "}\n'
                           '{"text": "no id"}\n', "q.jsonl")
    assert read_queries(path) == [Query(7, "a"), Query("7", "b"), Query(3, "no id")]


@pytest.mark.parametrize(("content", "message"), [
    ('{"id": 1, "text": "fine"}\n{"id": 2, "text": \n',
     "{path}:2: invalid JSON: Expecting value (column 19)"),
    ('{"id": 1, "text": "fine"}\n["text"]\n',
     '{path}:2: expected an object with "id" and "text"'),
    ('{"id": 1, "text": "  "}\n', '{path}:1: "text" is missing or not a non-empty string'),
    ('{"id": true, "text": "a"}\n', '{path}:1: "id" must be a string or a number'),
    ('{"id": [1], "text": "a"}\n', '{path}:1: "id" must be a string or a number'),
    ("\n  \n", "{path}: no queries (the file is empty)"),
])
def test_a_bad_file_is_one_line_naming_the_place(tmp_path: Path, content: str,
                                                 message: str) -> None:
    path = write(tmp_path, content)
    assert error_of(path) == [message.format(path=path)]


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "fine\nalso fine\n\xff broken\n".encode("latin-1"))
    assert error_of(path) == [f"{path}:3: not UTF-8 text"]


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    [line] = error_of(path)
    assert line.startswith(f"{path}: cannot read queries: ")
