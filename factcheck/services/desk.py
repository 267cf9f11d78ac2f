"""Desk settings: what a desk sets once and every reviewer of its database shares (the
organisation that publishes its fact-checks, the URL of a published check, how reused
verdicts are exported). Stored with the database (DeskSetting), never in a reviewer's
environment, so that two reviewers of a team database export the same thing.

A setting has a fixed key (`DeskKey`); a value is checked when it is set, so that an export
never finds a value it cannot use. Setting a key again adds a row: the earlier values stay
(`factcheck config history KEY`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from factcheck.errors import FactcheckError
from factcheck.services.workspace import Workspace
from factcheck.store import desk as desk_db
from factcheck.text import one_line

CLAIM_ID_FIELD = "{claim_id}"
_FIELDS = re.compile(r"\{[^}]*\}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
VALUE_LIMIT = 500


class DeskKey(StrEnum):
    ORG_NAME = "org.name"
    ORG_URL = "org.url"
    REVIEW_URL = "review_url"
    REUSED_VERDICTS = "export.reused_verdicts"
    SECOND_REVIEW = "second_review"
    BLIND_REVIEW = "blind_review"


class ReusedVerdicts(StrEnum):
    """How a verdict reused from a duplicate is exported as ClaimReview."""

    # Each claim is exported with its own review (its own URL), as it was checked.
    OWN = "own"
    # The desk publishes one review for both: the reusing claim is another appearance of the
    # claim reviewed first, not a review of its own.
    SHARED = "shared"


DESCRIPTIONS: dict[DeskKey, str] = {
    DeskKey.ORG_NAME: "the organisation that publishes the desk's fact-checks (ClaimReview "
                      "author)",
    DeskKey.ORG_URL: "that organisation's web site, https://... (ClaimReview author url)",
    DeskKey.REVIEW_URL: "the URL of a published fact-check, with {claim_id} where the claim's "
                        "id goes, e.g. https://desk.example/checks/{claim_id}",
    DeskKey.REUSED_VERDICTS: "own (default): a verdict reused from a duplicate is exported as "
                             "that claim's own review; shared: as one review for both claims",
    DeskKey.SECOND_REVIEW: "on: a verdict is proposed until a second reviewer approves it, "
                           "and only approved verdicts are exported; off: a verdict is final "
                           "(default: on for a team database, off for an SQLite file)",
    DeskKey.BLIND_REVIEW: "on: (with second_review on) a second reviewer records their own "
                          "verdict before seeing the first; two that differ are disputed, "
                          "for the desk to decide; off (default): the second reviewer sees "
                          "the verdict and approves or returns it",
}
_ON_OFF = {"on": "on", "off": "off", "true": "on", "false": "off", "yes": "on", "no": "off",
           "1": "on", "0": "off"}


@dataclass(frozen=True)
class DeskSettingInfo:
    key: DeskKey
    value: str | None
    set_by: str | None
    set_at: datetime | None
    description: str


@dataclass(frozen=True)
class DeskValues:
    """The desk's current settings, as an export reads them (None: not set)."""

    org_name: str | None = None
    org_url: str | None = None
    review_url: str | None = None
    reused_verdicts: ReusedVerdicts = ReusedVerdicts.OWN
    second_review: bool = False
    # Only with second review: a second reviewer gives their own verdict before seeing one.
    blind_review: bool = False

    def required(self, key: DeskKey) -> str:
        """The value of `key`, or one line saying how to set it."""
        value = {DeskKey.ORG_NAME: self.org_name, DeskKey.ORG_URL: self.org_url,
                 DeskKey.REVIEW_URL: self.review_url}.get(key)
        if not value:
            raise FactcheckError(f"{key} is not set: {DESCRIPTIONS[key]}; set it with "
                                 f'`factcheck config set {key} "..."`')
        return value


def desk_key(key: str) -> DeskKey:
    try:
        return DeskKey(key.strip())
    except ValueError:
        known = ", ".join(k.value for k in DeskKey)
        raise FactcheckError(f'unknown setting "{one_line(key, 40)}": expected one of '
                             f"{known}") from None


def checked_value(key: DeskKey, value: str) -> str:
    """The value as stored, or one line naming the key and what it expects."""
    value = value.strip()
    if not value:
        raise FactcheckError(f"{key}: the value is empty (use `factcheck config unset {key}` "
                             "to remove it)")
    if len(value) > VALUE_LIMIT:
        raise FactcheckError(f"{key}: the value is over {VALUE_LIMIT} characters")
    if _CONTROL.search(value):
        raise FactcheckError(f"{key}: the value holds a control character")
    if key is DeskKey.ORG_URL:
        _check_web_address(key, value)
    elif key is DeskKey.REVIEW_URL:
        fields = _FIELDS.findall(value)
        if fields != [CLAIM_ID_FIELD]:
            raise FactcheckError(f"{key}: expected a URL with {CLAIM_ID_FIELD} once (and no "
                                 f"other {{...}}), got {one_line(value, 80)}")
        _check_web_address(key, value.replace(CLAIM_ID_FIELD, "1"))
    elif key in (DeskKey.SECOND_REVIEW, DeskKey.BLIND_REVIEW):
        switch = _ON_OFF.get(value.lower())
        if switch is None:
            raise FactcheckError(f"{key}: expected on or off, got {one_line(value, 40)}")
        return switch
    elif key is DeskKey.REUSED_VERDICTS:
        try:
            return ReusedVerdicts(value.lower()).value
        except ValueError:
            raise FactcheckError(f"{key}: expected own or shared, got "
                                 f"{one_line(value, 40)}") from None
    return value


def _check_web_address(key: DeskKey, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FactcheckError(f"{key}: expected an http:// or https:// address, got "
                             f"{one_line(url, 80)}")
    if parts.username or parts.password:
        raise FactcheckError(f"{key}: a published address must not carry a user name or "
                             "password")


def review_url(template: str, claim_id: int) -> str:
    """The review URL of one claim (a plain replacement: the template is never formatted)."""
    return template.replace(CLAIM_ID_FIELD, str(claim_id))


class DeskSettings:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def values(self) -> DeskValues:
        with self.workspace.session() as session:
            rows = desk_db.current_settings(session=session)
        got = {key: row.value for key, row in rows.items() if row.value is not None}
        reused = got.get(DeskKey.REUSED_VERDICTS.value)
        second = got.get(DeskKey.SECOND_REVIEW.value)
        second_review = second == "on" if second is not None else self.team_database
        return DeskValues(org_name=got.get(DeskKey.ORG_NAME.value),
                          org_url=got.get(DeskKey.ORG_URL.value),
                          review_url=got.get(DeskKey.REVIEW_URL.value),
                          reused_verdicts=ReusedVerdicts(reused) if reused
                          else ReusedVerdicts.OWN,
                          second_review=second_review,
                          blind_review=second_review
                          and got.get(DeskKey.BLIND_REVIEW.value) == "on")

    @property
    def team_database(self) -> bool:
        """A desk's shared database (PostgreSQL) rather than one reviewer's SQLite file: it
        starts with second review on."""
        return self.workspace.team_database

    def listing(self) -> list[DeskSettingInfo]:
        """Every known setting, set or not, in a fixed order."""
        with self.workspace.session() as session:
            rows = desk_db.current_settings(session=session)
        out = []
        for key in DeskKey:
            row = rows.get(key.value)
            out.append(DeskSettingInfo(key=key, value=row.value if row else None,
                                       set_by=row.set_by if row else None,
                                       set_at=row.set_at if row else None,
                                       description=DESCRIPTIONS[key]))
        return out

    def history(self, key: str) -> list[DeskSettingInfo]:
        name = desk_key(key)
        with self.workspace.session() as session:
            rows = desk_db.setting_history(session=session, key=name.value)
        return [DeskSettingInfo(key=name, value=r.value, set_by=r.set_by, set_at=r.set_at,
                                description=DESCRIPTIONS[name]) for r in rows]

    def set(self, key: str, value: str, *, reviewer: str | None = None) -> DeskSettingInfo:
        name = desk_key(key)
        return self._store(name, checked_value(name, value), reviewer)

    def unset(self, key: str, *, reviewer: str | None = None) -> DeskSettingInfo:
        return self._store(desk_key(key), None, reviewer)

    def _store(self, key: DeskKey, value: str | None,
               reviewer: str | None) -> DeskSettingInfo:
        who = self.workspace.reviewer(reviewer)
        with self.workspace.session(write=True) as session:
            current = desk_db.current_settings(session=session).get(key.value)
            if current is not None and current.value == value:
                row = current  # the same value again: nothing to record
            elif current is None and value is None:
                return DeskSettingInfo(key=key, value=None, set_by=None, set_at=None,
                                       description=DESCRIPTIONS[key])
            else:
                row = desk_db.add_setting(session=session, key=key.value, value=value,
                                          set_by=who)
            return DeskSettingInfo(key=key, value=row.value, set_by=row.set_by,
                                   set_at=row.set_at, description=DESCRIPTIONS[key])
