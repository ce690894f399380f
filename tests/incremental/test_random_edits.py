"""Random sequences of edits to the sample catalogue, each checked as in test_refresh_steps."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from cofund import cache
from edits import Checker, Copy, Edit, Operation, Remove, Restore, Write, sample_repo


def _files(repo: Path, pattern: str) -> list[str]:
    return sorted(str(p.relative_to(repo)) for p in repo.glob(pattern) if p.is_file())


def random_edit(repo: Path, rng: random.Random, removed: list[str], n: int, broken: bool) -> list[Operation]:
    """One edit of the kind people make, sometimes a broken one; after a broken one, often
    everything put back as in the sample (`removed` lists what differs from it)."""
    if broken and rng.random() < 0.6:
        back = sorted({p for p in removed if not p.startswith("pitches/copy-")})
        removed.clear()
        return [Restore(path) for path in back]
    pledges = _files(repo, "pitches/*/pledges/*.yml")
    pitches = _files(repo, "pitches/*/pitch.yml")
    choice = rng.choice(
        ["status", "status", "amount", "remove", "restore", "copy-pitch", "drop-copy", "stage", "organisation", "broken", "two"]
    )
    if choice == "status" and pledges:
        path = rng.choice(pledges)
        text = (repo / path).read_text()
        removed.append(path)
        old, new = ("status: withdrawn", "status: pledged") if "withdrawn" in text else ("status: ", "status: withdrawn\n#")
        return [Edit(path, old, new)]
    if choice == "amount":
        with_amount = [p for p in pledges if "amount: " in (repo / p).read_text()]
        if with_amount:
            path = rng.choice(with_amount)
            removed.append(path)
            return [Edit(path, "amount: ", f"amount: {rng.randint(1, 9)}")]
    if choice == "remove" and pledges:
        path = rng.choice(pledges)
        removed.append(path)
        return [Remove(path)]
    if choice == "restore" and removed:
        return [Restore(removed.pop(rng.randrange(len(removed))))]
    if choice == "copy-pitch":
        source = rng.choice(pitches).rsplit("/", 1)[0]
        return [Copy(source, f"pitches/copy-{n}")]
    if choice == "drop-copy":
        copies = sorted({p.rsplit("/", 1)[0] for p in pitches if p.startswith("pitches/copy-")})
        if copies:
            return [Remove(rng.choice(copies))]
    if choice == "stage":
        path = rng.choice(pitches)
        stage = rng.choice(["open", "withdrawn", "in-development", "draft"])
        removed.append(path)
        return [Edit(path, "\nstage: ", f"\nstage: {stage}\n#")]
    if choice == "organisation":
        path = rng.choice(_files(repo, "organisations/*.yml"))
        removed.append(path)
        return [Edit(path, "website: ", "website: https://example.org/x\n#")]
    if choice == "broken" and pledges:
        path = rng.choice(pledges)
        removed.append(path)  # "restore" mends it later
        return [Write(path, rng.choice(["date: [2026\n", "amount: 12.345\n", "", "status: lost\n"]))]
    if choice == "two" and len(pledges) > 1:
        a, b = rng.sample(pledges, 2)
        removed.extend((a, b))
        return [Remove(a), Remove(b)]
    return []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_give_what_reading_everything_gives(tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    checker = Checker(sample_repo(tmp_path / "repo"))
    checker.check()
    rng = random.Random(seed)
    removed: list[str] = []
    broken = False
    paths = {"again": 0, "everything": 0}
    for n in range(30):
        checker.apply(random_edit(checker.repo, rng, removed, n, broken))
        got = checker.check()
        broken = not got.validated.ok
        paths["everything" if got.reason else "again"] += 1
    assert paths["again"] > 10  # the sequence exercised the incremental path, not only the full one
