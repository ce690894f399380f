"""Which of a pull request's commits GitHub vouches were made by its author.

The input is the JSON array of `GET /repos/{owner}/{repo}/pulls/{pull_number}/commits`:
objects with `sha`, `commit.verification.verified`, and `author` and `committer`, the
GitHub accounts GitHub matched to the commit's author and committer (null when none).

A commit's author and committer lines are whatever the person who made it typed, so they
prove nothing. GitHub vouches for a commit in two ways, and only these count:
- Signed with the author's own key: `verification.verified` is true and `committer.login`
  is the author. GitHub verifies a signature against the keys of the account that owns the
  committer's (verified) email address, so only that person could have made the commit.
- Made in GitHub's web editor by the author: `verification.verified` is true, `committer.login`
  is `web-flow` (GitHub's own signing identity) and `author.login` is the author. GitHub
  signs a commit itself only when it wrote the commit for the signed-in user: commits sent
  through the API with an author of the caller's choosing are not signed by web-flow (GitHub
  Docs, "About commit signature verification", signature verification for bots).
Anything else (an unsigned push, a commit by someone else, a signature GitHub could not
verify) is not the author's, whatever its author line says.
"""

from __future__ import annotations

import re
from typing import Any

from .github_json import GitHubJSONError

WEB_FLOW = "web-flow"
_SHA = re.compile(r"[0-9a-f]{40}")


class CommitsError(GitHubJSONError):
    """The commits file is not what GitHub's endpoint returns."""


def _login(value: Any) -> str | None:
    return value["login"] if isinstance(value, dict) and isinstance(value.get("login"), str) else None


def authored_by(data: list[Any], author: str) -> tuple[str, ...]:
    """The ids of the commits in `data` (github_json.read_array) that GitHub vouches `author` made."""
    who = author.lower()
    out = []
    for i, item in enumerate(data):
        where = f"item {i + 1}"
        if not isinstance(item, dict):
            raise CommitsError(f"{where} is not an object")
        sha = item.get("sha")
        if not isinstance(sha, str) or not _SHA.fullmatch(sha):
            raise CommitsError(f"{where}: sha is not a full commit id")
        commit = item.get("commit")
        if not isinstance(commit, dict):
            raise CommitsError(f"{where}: commit is missing")
        verification = commit.get("verification")
        if not isinstance(verification, dict) or verification.get("verified") is not True:
            continue
        committer, writer = _login(item.get("committer")), _login(item.get("author"))
        own_key = committer is not None and committer.lower() == who
        web_editor = committer == WEB_FLOW and writer is not None and writer.lower() == who
        if own_key or web_editor:
            out.append(sha)
    return tuple(out)
