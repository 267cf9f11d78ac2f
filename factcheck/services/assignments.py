"""Assignments: claims (or whole articles) given to a reviewer to work on. Claim.assignee is
the current one, every change an Assignment row (never overwritten). Assigning is no review
change: a claim's version stays, so nobody's verdict on it becomes stale."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from factcheck.errors import FactcheckError
from factcheck.services.workspace import Workspace
from factcheck.store import assignments as assign_db
from factcheck.store import queries as q
from factcheck.text import one_line

NAME_LIMIT = 80


@dataclass(frozen=True)
class AssignTarget:
    """A claim id, or an article by its ref."""

    claim_id: int | None = None
    article_ref: str | None = None


@dataclass
class AssignGroup:
    """The claims of one article that one assign named (a whole article, or claims in it)."""

    article_ref: str | None
    article_id: int
    whole_article: bool
    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class AssignResult:
    assignee: str | None
    assigned_by: str
    groups: list[AssignGroup]

    @property
    def changed_ids(self) -> list[int]:
        return [claim_id for group in self.groups for claim_id in group.changed]


@dataclass(frozen=True)
class AssignmentInfo:
    claim_id: int
    assignee: str | None
    assigned_by: str
    at: datetime


def check_name(name: str | None) -> str | None:
    """The assignee's name as stored (None: unassign); FactcheckError for an unusable one."""
    if name is None:
        return None
    text = name.strip()
    if not text:
        raise FactcheckError("the assignee's name is empty: give a name (or unassign)")
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in text):
        raise FactcheckError("the assignee's name has control characters: expected a plain name")
    if len(text) > NAME_LIMIT:
        raise FactcheckError(f"the assignee's name is over {NAME_LIMIT} characters")
    return text


class Assignments:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def assign(self, targets: Sequence[AssignTarget | int | str], to: str | None, *,
               reviewer: str | None = None) -> AssignResult:
        """Assign claims to `to` (None: unassign), all or none. An int is a claim id, a str an
        article ref: the article's claims that are review work (not discarded, not another
        publisher's earlier check). Claims already with that assignee are left as they are."""
        who = self.workspace.reviewer(reviewer)
        assignee = check_name(to)
        parsed = [t if isinstance(t, AssignTarget)
                  else AssignTarget(claim_id=t) if isinstance(t, int)
                  else AssignTarget(article_ref=t) for t in targets]
        if not parsed:
            raise FactcheckError("give at least one claim id or article ref")
        groups: dict[tuple[int, bool], AssignGroup] = {}
        seen: set[int] = set()
        with self.workspace.session(write=True) as session:
            refs = [t.article_ref for t in parsed if t.article_ref is not None]
            articles = q.find_articles_by_ref(session=session, refs=refs)
            missing = [ref for ref in refs if ref not in articles]
            if missing:
                raise FactcheckError(f"no article with ref {one_line(missing[0], 80)!r}; "
                                     "nothing was changed")
            claim_ids = [t.claim_id for t in parsed if t.claim_id is not None]
            claims = assign_db.claim_assignees(session=session, claim_ids=claim_ids)
            for claim_id in claim_ids:
                if claim_id not in claims:
                    raise FactcheckError(f"no claim with id {claim_id}; nothing was changed")
                status = claims[claim_id][0]
                if status in assign_db.NOT_WORK:
                    raise FactcheckError(f"claim {claim_id} is no review work ({status}); "
                                         "nothing was changed")
            of_articles = assign_db.work_claims_of_articles(
                session=session, article_ids=[a.id or 0 for a in articles.values()])
            for target in parsed:
                if target.article_ref is not None:
                    article = articles[target.article_ref]
                    group = groups.setdefault((article.id or 0, True), AssignGroup(
                        article.ref, article.id or 0, True))
                    members = of_articles[article.id or 0]
                else:
                    _, article_id, ref, current = claims[target.claim_id or 0]
                    group = groups.setdefault((article_id, False), AssignGroup(
                        ref, article_id, False))
                    members = [(target.claim_id or 0, current)]
                for claim_id, current in members:
                    if claim_id in seen:
                        continue
                    seen.add(claim_id)
                    (group.changed if current != assignee else group.unchanged).append(claim_id)
            result = AssignResult(assignee, who, list(groups.values()))
            if result.changed_ids:
                assign_db.set_assignee(session=session, claim_ids=result.changed_ids,
                                       assignee=assignee, assigned_by=who)
        return result

    def history(self, claim_id: int) -> list[AssignmentInfo]:
        """Every assignment of the claim, oldest first (the last is the current one)."""
        with self.workspace.session() as session:
            q.get_claim(session=session, claim_id=claim_id)
            rows = assign_db.assignment_history(session=session, claim_id=claim_id)
        return [AssignmentInfo(r.claim_id, r.assignee, r.assigned_by, r.created_at)
                for r in rows]

    def next_mine(self, who: str, after_id: int, flt: q.ClaimFilter | None = None) -> int | None:
        """The next claim after `after_id` assigned to `who` that needs their work (to
        review, or their verdict returned), wrapping around; None when there is none."""
        with self.workspace.session() as session:
            for start in (after_id, 0):
                found = q.next_assigned_claim(session=session, flt=flt or q.ClaimFilter(),
                                              after_id=start, assignee=who)
                if found is not None:
                    return found
        return None

    def known_assignees(self) -> list[str]:
        with self.workspace.session() as session:
            return assign_db.known_assignees(session=session)
