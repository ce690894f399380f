"""Builds one PR-check scenario: a real Git repository, a reviews file in GitHub's shape.

A scenario (scenarios/*.yml) says:
- `base`: files to write (text) or delete (null) in base/'s catalogue before the pull request
  forks, for a scenario that needs a fund, pitch or rule of its own.
- `head`: the files the pull request's first commit writes (text) or deletes (null);
  `symlinks` ({path: target}), `binary` ({path: size}) and `submodules` ([path]) add those
  kinds of entry to it.
- `pushes`: later commits to the pull request, each {path: text or null}.
- `main_moves_on`: a commit made to main after the pull request forked; with `merge_main`,
  main is then merged into the pull request (GitHub's "Update branch"), which is the head.
- `reviews`: [{user, state, commit: head | first | push1..., at: optional ISO time}], turned
  into the JSON array GitHub's "list reviews for a pull request" endpoint returns;
  `commit: gone` is a commit id this repository does not have (a force-push replaced it), and
  `commit: zero` the all-zero id.
- `commits`: [{commit: first | push1... | head, author: login or null, committer: login,
  web-flow or null, verified: true/false}], turned into the JSON array of GitHub's "list
  commits on a pull request" endpoint, and passed with --commits.
- `reviews_file`: instead of `reviews`, a broken file: nested, utf-16, object, huge or bigint.
- `author`, `today`, and `expect` (exit code, lines of the text output, Markdown fragments).
The base is the catalogue in base/, committed as the repository's first commit on main.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import git

HERE = Path(__file__).parent
BASE = HERE / "base"
ACTOR = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
         "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


def _commit(repo: git.Repo, message: str) -> str:
    repo.git.add("-A")
    repo.git.commit("-q", "--allow-empty", "-m", message, env=ACTOR)
    return repo.head.commit.hexsha


def _write(root: Path, files: dict[str, Any] | None) -> None:
    for path, content in (files or {}).items():
        target = root / path
        if content is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")


def build(scenario: dict[str, Any], where: Path) -> dict[str, str]:
    """The repository at `where`; returns the commits: base (main's tip), first, head."""
    shutil.copytree(BASE, where)
    repo = git.Repo.init(where, initial_branch="main")
    _commit(repo, "base catalogue")
    if scenario.get("base"):
        _write(where, scenario["base"])
        _commit(repo, "this scenario's base")
    repo.git.checkout("-q", "-b", "pr")
    _write(where, scenario.get("head"))
    for path, target in (scenario.get("symlinks") or {}).items():
        (where / path).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, where / path)
    for path, size in (scenario.get("binary") or {}).items():
        (where / path).parent.mkdir(parents=True, exist_ok=True)
        (where / path).write_bytes(bytes(range(256)) * (size // 256 + 1))
    repo.git.add("-A")
    for path in scenario.get("submodules") or []:
        # A gitlink entry: what `git submodule add` records, without fetching anything.
        repo.git.update_index("--add", "--cacheinfo", f"160000,{repo.head.commit.hexsha},{path}")
    repo.git.commit("-q", "--allow-empty", "-m", "pull request", env=ACTOR)
    commits = {"first": repo.head.commit.hexsha, "gone": "0123456789abcdef0123456789abcdef01234567", "zero": "0" * 40}
    for i, files in enumerate(scenario.get("pushes") or []):
        _write(where, files)
        commits[f"push{i + 1}"] = _commit(repo, f"push {i + 1}")
    repo.git.checkout("-q", "main")
    if scenario.get("main_moves_on"):
        _write(where, scenario["main_moves_on"])
        _commit(repo, "main moves on")
    if scenario.get("merge_main"):
        repo.git.checkout("-q", "pr")
        repo.git.merge("-q", "--no-ff", "--no-edit", "main", env=ACTOR)
        commits["merge"] = repo.head.commit.hexsha
        repo.git.checkout("-q", "main")
    commits["head"] = repo.commit("pr").hexsha
    commits["base"] = repo.head.commit.hexsha
    return commits


def github_reviews(rows: list[dict[str, Any]], commits: dict[str, str]) -> list[dict[str, Any]]:
    """The rows as GitHub's REST API returns them (GET /repos/{o}/{r}/pulls/{n}/reviews)."""
    start = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    out = []
    for i, row in enumerate(rows):
        login = row["user"]
        review_id = 2_400_000_000 + i
        at = row.get("at") or (start + dt.timedelta(minutes=10 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        review: dict[str, Any] = {
            "id": review_id,
            "node_id": f"PRR_kwDOAbCdEf6{review_id}",
            "user": {
                "login": login,
                "id": 90_000 + i,
                "node_id": f"U_kgDOAb{90_000 + i}",
                "avatar_url": f"https://avatars.githubusercontent.com/u/{90_000 + i}?v=4",
                "gravatar_id": "",
                "url": f"https://api.github.com/users/{login}",
                "html_url": f"https://github.com/{login}",
                "followers_url": f"https://api.github.com/users/{login}/followers",
                "following_url": f"https://api.github.com/users/{login}/following{{/other_user}}",
                "gists_url": f"https://api.github.com/users/{login}/gists{{/gist_id}}",
                "starred_url": f"https://api.github.com/users/{login}/starred{{/owner}}{{/repo}}",
                "subscriptions_url": f"https://api.github.com/users/{login}/subscriptions",
                "organizations_url": f"https://api.github.com/users/{login}/orgs",
                "repos_url": f"https://api.github.com/users/{login}/repos",
                "events_url": f"https://api.github.com/users/{login}/events{{/privacy}}",
                "received_events_url": f"https://api.github.com/users/{login}/received_events",
                "type": "User",
                "user_view_type": "public",
                "site_admin": False,
            },
            "body": row.get("body", ""),
            "state": row["state"],
            "html_url": f"https://github.com/example/cofund/pull/12#pullrequestreview-{review_id}",
            "pull_request_url": "https://api.github.com/repos/example/cofund/pulls/12",
            "author_association": "NONE",
            "_links": {
                "html": {"href": f"https://github.com/example/cofund/pull/12#pullrequestreview-{review_id}"},
                "pull_request": {"href": "https://api.github.com/repos/example/cofund/pulls/12"},
            },
            "commit_id": commits[row.get("commit", "head")],
        }
        if row["state"] != "PENDING":  # a draft review has not been submitted
            review["submitted_at"] = at
        out.append(review)
    return out


def _user(login: str, number: int) -> dict[str, Any]:
    return {
        "login": login,
        "id": number,
        "node_id": f"U_kgDOAb{number}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{number}?v=4",
        "gravatar_id": "",
        "url": f"https://api.github.com/users/{login}",
        "html_url": f"https://github.com/{login}",
        "type": "User",
        "site_admin": False,
    }


def github_commits(rows: list[dict[str, Any]], commits: dict[str, str]) -> list[dict[str, Any]]:
    """The rows as GitHub's REST API returns them (GET /repos/{o}/{r}/pulls/{n}/commits)."""
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        sha = commits[row["commit"]]
        author, committer = row.get("author"), row.get("committer")
        verified = bool(row.get("verified"))
        person = {"name": author or "Someone", "email": f"{author or 'someone'}@users.noreply.github.com",
                  "date": "2026-11-20T09:00:00Z"}
        signer = ({"name": "GitHub", "email": "noreply@github.com", "date": "2026-11-20T09:00:00Z"}
                  if committer == "web-flow" else {**person, "name": committer or "Someone"})
        out.append({
            "sha": sha,
            "node_id": f"C_kwDOAbCdEf{i}",
            "commit": {
                "author": person,
                "committer": signer,
                "message": row.get("message", "A change"),
                "tree": {"sha": "f" * 40, "url": "https://api.github.com/repos/example/cofund/git/trees/" + "f" * 40},
                "url": f"https://api.github.com/repos/example/cofund/git/commits/{sha}",
                "comment_count": 0,
                "verification": {
                    "verified": verified,
                    "reason": "valid" if verified else "unsigned",
                    "signature": "-----BEGIN PGP SIGNATURE-----\n...\n-----END PGP SIGNATURE-----\n"
                    if verified else None,
                    "payload": f"tree {'f' * 40}\n..." if verified else None,
                    "verified_at": "2026-11-20T09:00:01Z" if verified else None,
                },
            },
            "url": f"https://api.github.com/repos/example/cofund/commits/{sha}",
            "html_url": f"https://github.com/example/cofund/commit/{sha}",
            "comments_url": f"https://api.github.com/repos/example/cofund/commits/{sha}/comments",
            "author": _user(author, 80_000 + i) if author else None,
            "committer": _user(committer, 19864447 if committer == "web-flow" else 81_000 + i) if committer else None,
            "parents": [],
        })
    return out


def write_broken(path: Path, kind: str) -> Path:
    """A reviews file that is not what GitHub returns, of the kind named."""
    if kind == "nested":
        path.write_text("[" * 100_000, encoding="ascii")
    elif kind == "utf-16":
        path.write_text('[{"state": "APPROVED"}]', encoding="utf-16")
    elif kind == "object":
        answer = '{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}'
        path.write_text(answer, encoding="utf-8")
    elif kind == "bigint":  # a review id of 5,000 digits: more than Python reads as an integer
        path.write_text('[{"id": ' + "1" * 5000 + ', "user": {"login": "x"}, "state": "APPROVED"}]', encoding="ascii")
    elif kind == "huge":
        with path.open("wb") as out:
            out.write(b"[" + b'"' + b"x" * (100 * 1024 * 1024) + b'"]')
    else:
        raise ValueError(kind)
    return path


def run_cli(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`cofund` as a user runs it, in its own process."""
    exe = Path(os.environ.get("VIRTUAL_ENV", "")) / "bin" / "cofund"
    command = [str(exe)] if exe.exists() else [shutil.which("cofund") or "cofund"]
    return subprocess.run(command + args, cwd=cwd, capture_output=True, text=True, check=False)


def write_reviews(path: Path, rows: list[dict[str, Any]], commits: dict[str, str]) -> Path:
    path.write_text(json.dumps(github_reviews(rows, commits), indent=2), encoding="utf-8")
    return path
