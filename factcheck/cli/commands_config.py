"""`factcheck config ...`: the desk's settings, stored with the database (so every reviewer
of a team database shares them): list, set, unset, and a setting's history."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from factcheck.cli.base import app, service, stdout
from factcheck.config import ReviewerUse
from factcheck.text import one_line, safe_json, when

if TYPE_CHECKING:
    from factcheck.services.desk import DeskSettingInfo

config_app = typer.Typer(
    help="The desk's settings, stored with the database: org.name, org.url, review_url "
         "(ClaimReview export), export.reused_verdicts.",
    no_args_is_help=True)
app.add_typer(config_app, name="config")

ReviewerOpt = Annotated[str | None, typer.Option(
    "--reviewer", help="Who changes it [env: FACTCHECK_REVIEWER; default: OS user].")]


def _line(info: DeskSettingInfo) -> str:
    if info.value is None:
        return f"{info.key.value} (not set): {info.description}"
    who = f"  (set by {info.set_by}, {when(info.set_at)})" if info.set_at else ""
    return f"{info.key.value} = {one_line(info.value, 200)}{who}"


def _as_json(info: DeskSettingInfo) -> dict[str, object]:
    return {"key": info.key.value, "value": info.value, "set_by": info.set_by,
            "set_at": info.set_at.isoformat() if info.set_at else None,
            "description": info.description}


@config_app.command("list")
def config_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """Show every desk setting, set or not."""
    infos = service(ctx).desk.listing()
    if as_json:
        sys.stdout.write(safe_json([_as_json(i) for i in infos]) + "\n")
        return
    for info in infos:
        stdout.print(Text(_line(info)))


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The setting (see `factcheck config list`).")],
    value: Annotated[str, typer.Argument(help="Its new value.")],
    reviewer: ReviewerOpt = None,
) -> None:
    """Set a desk setting (its earlier value stays in its history)."""
    info = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE).desk.set(key, value)
    stdout.print(Text(_line(info)))


@config_app.command("unset")
def config_unset(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The setting to remove.")],
    reviewer: ReviewerOpt = None,
) -> None:
    """Remove a desk setting (recorded in its history)."""
    info = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE).desk.unset(key)
    stdout.print(Text(_line(info)))


@config_app.command("history")
def config_history(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The setting.")],
) -> None:
    """Every value a setting was given, oldest first, with who set it."""
    for info in service(ctx).desk.history(key):
        shown = "(removed)" if info.value is None else one_line(info.value, 200)
        stdout.print(Text(f"{when(info.set_at)}  {info.set_by}  {shown}"))
