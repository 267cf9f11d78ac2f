"""Desk settings rows (DeskSetting): the newest row of a key is its value; rows are added,
never changed, so a setting's history stays."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, col

from factcheck.models import DeskSetting


def current_settings(*, session: Session) -> dict[str, DeskSetting]:
    """The newest row of every key that was ever set (a removed one has value None)."""
    newest = (select(func.max(col(DeskSetting.id)))
              .group_by(col(DeskSetting.key))
              .scalar_subquery())
    rows = session.execute(select(DeskSetting).where(col(DeskSetting.id).in_(newest)))
    return {row.key: row for row in rows.scalars()}


def setting_history(*, session: Session, key: str) -> list[DeskSetting]:
    """Every value a key was given, oldest first."""
    rows = session.execute(select(DeskSetting).where(col(DeskSetting.key) == key)
                           .order_by(col(DeskSetting.id)))
    return list(rows.scalars())


def add_setting(*, session: Session, key: str, value: str | None, set_by: str) -> DeskSetting:
    row = DeskSetting(key=key, value=value, set_by=set_by)
    session.add(row)
    session.flush()
    return row
