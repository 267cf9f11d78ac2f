"""Odd and hostile input: endless streams, repeated keys, text that reorders itself on screen,
formulas in disguise, and files in the wrong encoding. Real files, pipes and devices; the CLI
as a reviewer runs it."""

from __future__ import annotations

import csv
import json
import os
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.io.csv_export import neutralise_formula
from factcheck.text import one_line, safe_json, strip_controls
from tests.test_cli import claims_json, run

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
ZWSP = "\u200b"  # ZERO WIDTH SPACE


def _claims(path: Path, *texts: str, ref: str = "a") -> Path:
    path.write_text(json.dumps({"article": {"ref": ref}, "claims": [{"text": t} for t in texts]},
                               ensure_ascii=False), "utf-8")
    return path


def _refused(runner: CliRunner, *args: str) -> str:
    code, _, err = run(runner, "import", *args)
    assert code == 1
    assert claims_json(runner) == []  # nothing half-written
    return err


# ---------------------------------------------------------------- size limit while reading


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_refused_at_the_limit(workdir: Path, runner: CliRunner) -> None:
    err = _refused(runner, "--max-mb", "1", "/dev/zero")
    assert err == ("error: /dev/zero: the input goes on past the import limit of 1.0 MB "
                   "(--max-mb or FACTCHECK_IMPORT_LIMIT_MB raise it)\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_held_to_the_limit(workdir: Path, runner: CliRunner) -> None:
    fifo = workdir / "claims.json"
    os.mkfifo(fifo)
    body = json.dumps({"article": {"ref": "p"}, "claims": [{"text": "x" * 5000}]}).encode()

    def feed() -> None:
        with fifo.open("wb") as pipe:
            try:
                pipe.write(body)
            except BrokenPipeError:  # the reader stopped at the limit
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    err = _refused(runner, "--max-mb", "0.001", str(fifo))
    writer.join(timeout=10)
    assert "the input goes on past the import limit of 1,048 bytes" in err


# ---------------------------------------------------------------- repeated keys


def test_a_repeated_key_is_refused_with_its_path(workdir: Path, runner: CliRunner) -> None:
    Path("dup.json").write_text('{"article": {"ref": "d", "ref": "e"}, "claims": '
                                '[{"text": "first"}, {"text": "first", "text": "second"}]}')
    err = _refused(runner, "dup.json")
    assert err.splitlines() == [
        'error: dup.json: $.article.ref: key "ref" appears more than once in this object '
        "(which value is meant?)",
        'error: dup.json: $.claims[1].text: key "text" appears more than once in this object '
        "(which value is meant?)",
    ]


def test_a_repeated_key_in_jsonl_names_the_line(workdir: Path, runner: CliRunner) -> None:
    Path("dup.jsonl").write_text('{"article": {"ref": "a"}, "claims": []}\n'
                                 '{"article": {"ref": "b"}, "claims": [], "claims": []}\n')
    assert "dup.jsonl:2: $.claims: key \"claims\" appears more than once" in _refused(
        runner, "dup.jsonl")


def test_an_article_url_with_a_password_is_refused_without_repeating_it(
        workdir: Path, runner: CliRunner) -> None:
    Path("cred.json").write_text(json.dumps({
        "article": {"ref": "c", "url": "https://kim:s3cret@intranet.example/story"},
        "claims": [{"text": "x"}]}))
    err = _refused(runner, "cred.json")
    assert err == ('error: cred.json: $.article.url: expected a URL without a user name or '
                   'password, got "https://intranet.example/story" with them (take them out)\n')
    assert "s3cret" not in err


# ---------------------------------------------------------------- messages


def test_jsonl_nested_too_deeply_names_the_line(workdir: Path, runner: CliRunner) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    Path("deep.jsonl").write_text('{"article": {"ref": "a"}, "claims": []}\n' + deep + "\n")
    assert _refused(runner, "deep.jsonl") == (
        "error: deep.jsonl:2: malformed JSON: nested too deeply\n")


def test_nan_in_tags_names_the_element(workdir: Path, runner: CliRunner) -> None:
    Path("nan.json").write_text('{"article": {"ref": "n"}, "claims": '
                                '[{"text": "x", "tags": ["ok", NaN]}]}')
    assert _refused(runner, "nan.json") == (
        "error: nan.json: $.claims[0].tags: expected an array of strings, got NaN (not valid "
        "JSON) at [1]\n")


@pytest.mark.parametrize(("encoding", "name"), [
    ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
    ("utf-32", "UTF-32")])
def test_a_utf16_file_is_named_as_such(workdir: Path, runner: CliRunner, encoding: str,
                                       name: str) -> None:
    text = json.dumps({"article": {"ref": "u"}, "claims": [{"text": "한국 경제"}]},
                      ensure_ascii=False)
    Path("wide.json").write_bytes(text.encode(encoding))
    assert _refused(runner, "wide.json") == (
        f"error: wide.json: the file is {name} text; expected UTF-8 (save it as UTF-8)\n")


# ---------------------------------------------------------------- invisible characters


def test_a_claim_that_reorders_itself_is_shown_with_the_override_visible(
        workdir: Path, runner: CliRunner) -> None:
    # On screen this reads "... cut 5% of jobs" while the stored text says "... sboj fo %5".
    hostile = f"The ministry\x85 cut {RLO}sboj fo %5{ZWSP}."
    assert run(runner, "import", str(_claims(workdir / "h.json", hostile)))[0] == 0
    table = run(runner, "claims", "list")[1]
    assert RLO not in table and ZWSP not in table and "\x85" not in table
    assert "\\u202esboj" in table and "\\u200b" in table and "\\x85" in table
    raw_json = run(runner, "claims", "list", "--json")[1]
    assert RLO not in raw_json and "\x85" not in raw_json and ZWSP not in raw_json
    assert "\\u202e" in raw_json and "\\u0085" in raw_json
    assert json.loads(raw_json)[0]["text"] == hostile  # the data itself is unchanged
    shown = run(runner, "claims", "show", "1")[1]
    assert RLO not in shown and "\\u202e" in shown


def test_every_invisible_or_control_character_is_made_visible() -> None:
    """The escaped set covers Unicode's controls (Cc), format characters (Cf) and line and
    paragraph separators (Zl, Zp) as this Python knows them, and nothing a reader needs."""
    unsafe = {"Cc", "Cf", "Zl", "Zp"}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        escaped = strip_controls(char) != char
        if category in unsafe and char not in "\t\n":
            assert escaped, f"U+{code:04X} ({category}) is shown raw"
        elif escaped:
            assert category == "Cn", f"U+{code:04X} ({category}) is escaped but visible"


def test_json_output_parses_back_to_the_same_text() -> None:
    value = {"t": f"a{RLO}b\x85c\x7f\U000e0041{ZWSP}", "n": 1}
    out = safe_json(value)
    assert out.isascii() is False or "\\u" in out
    assert not any(ch in out for ch in (RLO, "\x85", "\x7f", "\U000e0041", ZWSP))
    assert json.loads(out) == value
    assert one_line(f"x{RLO}y") == "x\\u202ey"


# ---------------------------------------------------------------- formulas in disguise


@pytest.mark.parametrize("text", [
    "＝HYPERLINK(\"http://evil.example\")",  # full-width equals sign
    f"{ZWSP}=1+1",  # a zero-width space before =
    f"{RLO}=cmd|' /C calc'!A0",  # a bidi override before =
    "﹦1+1",  # small equals sign
    "＋1", "－1", "＠SUM(A1)",  # full-width plus, minus, at
])
def test_formula_starts_in_any_form_are_neutralised(workdir: Path, runner: CliRunner,
                                                     text: str) -> None:
    assert neutralise_formula(text) == "'" + text
    assert run(runner, "import", str(_claims(workdir / "f.json", text)))[0] == 0
    assert run(runner, "export", "--out", "out.csv")[0] == 0
    with Path("out.csv").open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["claim_text"] == "'" + text


def test_a_space_before_the_formula_does_not_hide_it() -> None:
    assert neutralise_formula(" =1+1") == "' =1+1"


@pytest.mark.parametrize("text", ["한국 경제", "AI search", "(note)", "“quoted”", "5%"])
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert neutralise_formula(text) == text
