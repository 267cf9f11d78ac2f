"""`factcheck extract SOURCE`: an article (URL, .html/.txt file, stdin) -> a claim list."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import textwrap
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from factcheck.cli.base import REVIEWER_DEFAULT, app, service, stderr, stdout
from factcheck.config import ReviewerUse
from factcheck.errors import FactcheckError
from factcheck.extract import EXCLUSIONS, FEATURES
from factcheck.text import one_line, safe_json
from factcheck.vocabulary import ClaimStatus


class ExtractLanguage(StrEnum):
    KO = "ko"
    EN = "en"
    AUTO = "auto"


def _write_json(path: Path, document: dict[str, Any]) -> None:
    """Write through a temporary file and rename: a failed write leaves no half file."""
    text = safe_json(document) + "\n"
    folder = path.parent
    if not folder.is_dir():
        # A typo in the folder name should not quietly create a new tree of folders.
        raise FactcheckError(f"{path}: folder {folder} does not exist; create it first or "
                             "choose another --out path")
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        try:
            # mkstemp makes the file private (0600); a claim list gets the usual permissions.
            os.fchmod(handle, 0o666 & ~_current_umask())
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise FactcheckError(f"{path}: cannot write the claim list: "
                             f"{exc.strerror or exc}") from None


def _current_umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it back at once
    os.umask(mask)
    return mask


def _scoring_help() -> str:
    """How the probability is made, the learned weights and the exclusions, for
    `extract --help`."""
    from factcheck.extract.model import MEANING, shipped_models

    models = shipped_models()
    model = models.get("meaning") or models["features"]
    plain = models["features"]
    about = ("Probability = logistic(bias + the weights of the features a sentence shows + "
             f"{MEANING}, the pull of its sentence-encoder vector); proposed at >= "
             f"{model.threshold:.2f} (with FACTCHECK_ENCODER=off: features alone, >= "
             f"{plain.threshold:.2f}). Weights learned from labelled news articles; thresholds "
             "chosen on articles not trained on. Learned weights:")
    lines = ["\b", *textwrap.wrap(about, width=88)]
    lines += [f"  {model.weight(f.name):+5.2f}  {f.name}: {f.description}"
              for f in sorted(FEATURES.values(), key=lambda f: -model.weight(f.name))]
    lines += ["\b", "Never proposed, whatever the probability:"]
    lines += [f"  {name}: {what}" for name, what in EXCLUSIONS.items()]
    return "\n".join(lines)


@app.command("extract", epilog=_scoring_help())
def extract(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(
        metavar="SOURCE",
        help="The article: an http(s) URL, an .html/.htm, .txt or .md file, or - for "
             "standard input.")],
    lang: Annotated[ExtractLanguage, typer.Option(
        "--lang", help="Language of the article (auto: by its script).")] = ExtractLanguage.AUTO,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write the claim list here (e.g. claims/article.json) instead of "
                      "printing it.")] = None,
    import_now: Annotated[bool, typer.Option(
        "--import", help="Import the claims at once, as candidates for a reviewer to accept "
                         "or discard.")] = False,
    include_all: Annotated[bool, typer.Option(
        "--all", help="Keep every sentence, with its probability, features and the three "
                      "terms that moved it most in its tags (probability:0.87, "
                      "why:quantity +1.9; below-threshold and excluded ones marked).")] = False,
    threshold: Annotated[float | None, typer.Option(
        "--threshold", min=0.0, max=1.0,
        help="Propose sentences whose probability is at least this (0-1; default: the "
             "model's, chosen on held-out articles). Lower finds more, higher proposes "
             "fewer.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help=f"Who imports, with --import [{REVIEWER_DEFAULT}].")] = None,
) -> None:
    """Extract check-worthy claims from an article, in the import format (see `schema`)."""
    from factcheck.config import Settings
    from factcheck.io.json_import import parse_claim_text
    from factcheck.services.extraction import extract_source
    from factcheck.urls import has_credentials, without_credentials

    label = "<stdin>" if source == "-" else without_credentials(source)
    if "://" in source and has_credentials(source):
        stderr.print(Text("warning: the user name and password in the URL are not sent, and "
                          "not kept in the claim list"))
    # Read once here: the fetch timeout and whether private addresses may be fetched (and, with
    # --import on a team database, the reviewer's name, before any work is done).
    settings = Settings.load(db=(ctx.find_root().obj or {}).get("db"), reviewer=reviewer,
                             reviewer_use=ReviewerUse.CHANGE if import_now
                             else ReviewerUse.READ)
    with stderr.status(Text(f"extracting claims from {one_line(label, 60)}"),
                       spinner="dots") if stderr.is_terminal else nullcontext():
        try:
            extraction = extract_source(source, lang.value, settings=settings,
                                        threshold=threshold)
        except FactcheckError:
            raise
        except Exception as exc:  # a parser failing on a malformed page: one line, no trace
            raise FactcheckError(f"{label}: could not extract the article: "
                                 f"{type(exc).__name__}: {exc}") from None
    document = extraction.document(include_all=include_all)
    claims = len(document["claims"])
    if claims == 0:
        stderr.print(Text(f"{one_line(label)}: no check-worthy sentences found "
                          f"(--all lists every sentence with its score)"))
    if out is not None:
        _write_json(out, document)
        stdout.print(Text(f"wrote {claims} claim{'s' if claims != 1 else ''} "
                          f"(of {len(extraction.sentences)} sentences) to {out}"))
    elif not import_now:
        sys.stdout.write(safe_json(document) + "\n")
    if import_now:
        bundles = parse_claim_text(json.dumps(document, ensure_ascii=False), label=label)
        svc = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE)
        result = svc.import_bundles(bundles, label=label, status=ClaimStatus.CANDIDATE)
        stdout.print(Text(
            f"imported from {one_line(label, 80)}: {result.claims_added} new candidate claims, "
            f"{result.claims_updated} updated, {result.claims_unchanged} already there "
            f"(article {document['article']['ref']}); accept or discard them in "
            f"`factcheck review`"))
