"""A pull request's reviews, as GitHub's REST API lists them, and what each reviewer decided.

The input is the JSON array of `GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews`
(every page, in order): objects with `user.login`, `state` (APPROVED, CHANGES_REQUESTED,
COMMENTED, DISMISSED, PENDING), `commit_id` (the head commit when the review was given) and
`submitted_at`. Other fields are ignored.

How a reviewer's decision is read:
- Only reviews that decide count: APPROVED, CHANGES_REQUESTED and DISMISSED. A COMMENTED
  review is a remark, and leaves an earlier decision standing, as on GitHub; a PENDING one
  is a draft nobody else can see.
- A reviewer's decision is their latest deciding review (by `submitted_at`, then list order).
- An APPROVED decision authorises what the pull request held at `commit_id`; whether that is
  still what it holds is for binding.py to say, file by file. A dismissed one counts for nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from .github_json import GitHubJSONError


class Decision(enum.Enum):
    APPROVED = "APPROVED"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    DISMISSED = "DISMISSED"


_STATES = {"APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"}


@dataclass(frozen=True)
class Review:
    login: str
    state: str
    commit: str | None
    submitted: dt.datetime | None


@dataclass(frozen=True)
class Verdict:
    """One reviewer's standing decision."""

    login: str
    decision: Decision
    commit: str | None


class ReviewsError(GitHubJSONError):
    """The reviews file is not what GitHub's endpoint returns."""


def _when(text: Any, where: str) -> dt.datetime | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise ReviewsError(f"{where}: submitted_at is not a date and time")
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ReviewsError(f"{where}: submitted_at {text!r} is not an ISO 8601 date and time") from None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def parse_reviews(data: list[Any]) -> list[Review]:
    """The reviews in `data` (github_json.read_array), or ReviewsError saying which item is wrong."""
    reviews = []
    for i, item in enumerate(data):
        where = f"item {i + 1}"
        if not isinstance(item, dict):
            raise ReviewsError(f"{where} is not an object")
        state = item.get("state")
        if state not in _STATES:
            raise ReviewsError(f"{where}: state {state!r} is not one of {', '.join(sorted(_STATES))}")
        user = item.get("user")
        if user is None:  # a deleted account ("ghost"): nobody to count
            continue
        if not isinstance(user, dict) or not isinstance(user.get("login"), str):
            raise ReviewsError(f"{where}: user.login is missing")
        commit = item.get("commit_id")
        if commit is not None and not isinstance(commit, str):
            raise ReviewsError(f"{where}: commit_id is not text")
        reviews.append(Review(user["login"], state, commit, _when(item.get("submitted_at"), where)))
    return reviews


def verdicts(reviews: list[Review]) -> dict[str, Verdict]:
    """Each reviewer's standing decision, by lower-cased login (GitHub logins ignore case)."""
    deciding = [
        (i, r) for i, r in enumerate(reviews)
        if r.state in Decision.__members__ and r.submitted is not None
    ]
    # Stable sort: equal times keep the endpoint's (chronological) order.
    deciding.sort(key=lambda pair: (pair[1].submitted, pair[0]))
    out: dict[str, Verdict] = {}
    for _, r in deciding:
        out[r.login.lower()] = Verdict(r.login, Decision(r.state), r.commit)
    return out
