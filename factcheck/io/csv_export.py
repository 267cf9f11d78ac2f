"""CSV writing: column order, the spreadsheet-formula guard and the Excel flavour."""

from __future__ import annotations

import csv
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from factcheck.text import INVISIBLE_CHARACTERS

CSV_COLUMNS: tuple[str, ...] = (
    "claim_id", "article_ref", "article_title", "article_url", "outlet", "published",
    "claim_ref", "claim_text", "speaker", "language", "status", "verdict", "rating_value",
    "rationale", "reviewer", "reviewed_at", "source_count", "sources", "stances",
    # From the source checker: URLs of dead sources, and each source's state in `sources` order
    # (unchecked, dead:404, dead:no-answer, 200).
    "dead_sources", "source_statuses",
    # Under second review: where the verdict stands (proposed, approved, returned).
    "review_state",
    # Who the claim is assigned to (empty: unassigned).
    "assignee",
)

# OWASP CSV injection advice: a cell starting with one of these may run as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet may skip before the formula sign: spaces and invisible format
# characters (a zero-width space, a bidi mark), as factcheck.text defines them.
_SKIPPED_LEAD = re.compile(f"^[\\s{INVISIBLE_CHARACTERS}]+")


def neutralise_formula(value: str) -> str:
    """Prefix a would-be formula with an apostrophe so spreadsheets show it as text. A formula
    sign counts in any of its compatibility forms (full-width ＝, small ﹦: NFKC folds them to
    =, as input methods and some spreadsheets do) and after invisible characters."""
    if not value:
        return value
    first = value[0]
    if first.isalnum():  # letters, digits, Hangul: the common case, and never a formula
        return value
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    rest = _SKIPPED_LEAD.sub("", value)
    if rest and unicodedata.normalize("NFKC", rest[0]).startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def cell(value: Any, *, raw: bool) -> str:
    if type(value) is str:  # the common case first: exports run over 100k rows
        return value if raw else neutralise_formula(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)  # our own numbers, never a formula
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if raw else neutralise_formula(text)


# The partial file of an export under way: `.export-<pid>-<random>.csv` beside the target.
PARTIAL_PREFIX = ".export-"
_PARTIAL = re.compile(rf"^{re.escape(PARTIAL_PREFIX)}(\d+)-[^/]*\.csv$")


def write_csv(path: Path, rows: Iterable[Sequence[Any]], *, columns: Sequence[str] = CSV_COLUMNS,
              excel: bool = False, raw: bool = False) -> int:
    """Write the rows as CSV through `write_export` (whole or not at all)."""
    def fill(fh: TextIO) -> int:
        writer = csv.writer(fh, lineterminator="\r\n" if excel else "\n")
        writer.writerow(columns)
        count = 0
        for row in rows:
            writer.writerow([cell(v, raw=raw) for v in row])
            count += 1
        return count

    return write_export(path, fill, suffix=".csv", encoding="utf-8-sig" if excel else "utf-8",
                        newline="")


def write_export(path: Path, fill: Callable[[TextIO], int], *, suffix: str,
                 encoding: str = "utf-8", newline: str | None = None) -> int:
    """Write an export atomically (temp file, then rename) so a failed export leaves no
    partial file; `fill` writes the content and returns how many items it wrote. A partial
    file left by an export that was killed (its process is gone) is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{PARTIAL_PREFIX}{os.getpid()}-", suffix=suffix,
                                    dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            count = fill(fh)
        # mkstemp creates the file private (0600); an export is an ordinary file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return count


def remove_stale_partials(folder: Path) -> list[Path]:
    """Delete the partial exports in `folder` whose writing process no longer runs (killed
    before it could clean up); another export still under way keeps its file."""
    removed: list[Path] = []
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return removed
    for name in names:
        match = _PARTIAL.match(name)
        if match and not _process_alive(int(match.group(1))):
            stale = folder / name
            try:
                stale.unlink()
                removed.append(stale)
            except OSError:
                continue
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":
        return True  # (elsewhere signal 0 is no harmless probe: keep the file)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists (owned by someone else), or we cannot tell: keep the file
    return True
