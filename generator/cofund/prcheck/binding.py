"""Whether what someone authorised at one commit is still what the pull request holds.

An approval (or an author's own commit) authorises the changes the pull request made as of
that commit. It still counts at the head when, for every file that needs that person, the
change from the merge base at that commit equals the change from the merge base at the head:
the same object (mode and blob id) before and after, compared path by path as Git data.
So merging the base branch into the pull request keeps it (the merge base moves along with
the change, which stays the same), and any edit to those files since, by anyone, drops it.

This is how GitHub's own branch protection "Dismiss stale pull request approvals when new
commits are pushed" has judged approvals since 2023: an approval goes stale when the merge
base diff changes, not on every push (GitHub changelog, "Announcing important changes to
what it means for a pull request to be 'approved'", 2023). cofund does it itself because
its approvers are council signatories without write access, whom GitHub's rule ignores.

An author's own commits are judged differently (`changed_by`): a commit holds the whole
branch as it was, other people's earlier commits included, so "the files at the author's
commit are the files at the head" would let an author's later, unrelated commit vouch for
what someone else wrote before it. Instead, every commit of the pull request that changes one
of the files must be the author's (approvals.py).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

import git

from .changes import fork_point
from .trees import GitTree, GitTrees

Side = tuple[int, bytes] | None  # (mode, object id) at a path, or nothing there


class Holds(enum.Enum):
    YES = "yes"
    CHANGED = "changed"  # those files changed since
    MISSING = "missing"  # the commit is not in this repository


class Binding:
    """Compares the pull request at any commit with the pull request at its head."""

    def __init__(self, repo: Any, base: Any, head: Any, trees: GitTrees):
        self.repo = repo
        self.base = base
        self.head = head.hexsha
        self.trees = trees
        self._sides: dict[str, tuple[GitTree, GitTree] | None] = {}
        self._sides[self.head] = (trees.of(fork_point(repo, base, head)), trees.of(head))

    def _trees(self, sha: str) -> tuple[GitTree, GitTree] | None:
        """The merge base's tree and the commit's tree for `sha`, or None when there is no such commit."""
        if sha not in self._sides:
            sides: tuple[GitTree, GitTree] | None = None
            if isinstance(sha, str) and len(sha) == 40:
                # repo.commit() does not look the id up: reading its tree and finding its merge base
                # does, and fails for a commit this repository lacks (the all-zero id among them).
                try:
                    commit = self.repo.commit(sha)
                    if commit.type == "commit":
                        sides = (self.trees.of(fork_point(self.repo, self.base, commit)), self.trees.of(commit))
                except (ValueError, git.BadName, git.BadObject, git.GitCommandError):
                    sides = None
            self._sides[sha] = sides
        return self._sides[sha]

    @staticmethod
    def _change(trees: tuple[GitTree, GitTree], path: str) -> tuple[Side, Side]:
        fork, tip = trees
        return fork.item(path), tip.item(path)

    def changed_by(self, paths: Iterable[str]) -> set[str]:
        """The commits of the pull request (reachable from its head, not from the base branch)
        that change one of `paths`: whose file there differs from that of each of its parents.
        So a merge that takes one side's file as it was changes nothing there, and merging the
        base branch in is nobody's change; a merge that writes something new there is a change
        by whoever made the merge."""
        paths = list(paths)
        listed = self.repo.git.rev_list("--parents", self.head, "--not", self.base.hexsha)
        out = set()
        for line in listed.splitlines():
            sha, *parents = line.split()
            tree, before = self.trees.at(sha), [self.trees.at(p) for p in parents]
            if any(all(p.item(path) != tree.item(path) for p in before) if before else tree.item(path) is not None
                   for path in paths):
                out.add(sha)
        return out

    def holds(self, sha: str | None, paths: Iterable[str]) -> Holds:
        """Whether the changes to `paths` at commit `sha` are the changes at the head."""
        if sha is None:
            return Holds.MISSING
        then = self._trees(sha.lower())
        if then is None:
            return Holds.MISSING
        now = self._sides[self.head]
        assert now is not None
        if all(self._change(then, p) == self._change(now, p) for p in paths):
            return Holds.YES
        return Holds.CHANGED
