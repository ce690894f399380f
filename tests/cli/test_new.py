"""`cofund new pitch` and `cofund new pledge`, driven through a real terminal (a pty), as a person
would: each wrong answer is refused as it is typed, with the reason, and asked again; the
file written at the end is valid. Run on a copy of the PR-check test catalogue.

pexpect is not installed here, so Terminal is a small stand-in: the command runs with a pty
as its terminal, and the test waits for each prompt before typing the answer.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE = Path(__file__).parents[1] / "prcheck" / "base"
TODAY = "2026-11-24"
COFUND = str(Path(sys.executable).with_name("cofund"))
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Terminal:
    """A command running in a pseudo-terminal: wait for text on the screen, type a line."""

    def __init__(self, args: list[str], cwd: Path):
        self.master, slave = os.openpty()
        env = {**os.environ, "COFUND_TODAY": TODAY, "COLUMNS": "200", "TERM": "dumb"}
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env,
                                        close_fds=True, start_new_session=True)
        os.close(slave)
        self.screen = ""  # everything shown so far
        self.seen = 0  # how much of it the test has waited past

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the command has ended and closed the terminal
            return False
        self.screen += _ANSI.sub("", data.decode("utf-8", "replace").replace("\r\n", "\n"))
        return bool(data)

    def expect(self, text: str, timeout: float = 30) -> str:
        """Wait until `text` is on the screen after what was already waited for; return what came before it."""
        end = time.monotonic() + timeout
        while text not in self.screen[self.seen:]:
            if not self._read(max(0.0, end - time.monotonic())) and (
                time.monotonic() >= end or self.process.poll() is not None
            ):
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen[self.seen:]}")
        at = self.screen.index(text, self.seen)
        before, self.seen = self.screen[self.seen:at], at + len(text)
        return before

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode("utf-8"))

    def answer(self, prompt: str, line: str) -> None:
        self.expect(prompt)
        self.type(line)

    def finish(self, timeout: float = 60) -> int:
        end = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < end:
            self._read(0.2)
        while self._read(0.1):
            pass
        os.close(self.master)
        return self.process.wait(timeout=5)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BASE, tmp_path / "repo"))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _valid(repo: Path) -> None:
    result = subprocess.run([COFUND, "validate", str(repo), "--today", TODAY], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_pledge_checks_pitch_organisation_and_signatory_first_and_each_answer_as_typed(repo: Path) -> None:
    t = Terminal([COFUND, "new", "pledge", "foi", "--org", "kirklee", str(repo)], repo)
    # The pitch and the organisation from the command line are checked before anything is asked.
    t.expect("'foi' is not a pitch in the catalogue (did you mean `foi-tool`?)")
    t.answer("Pitch:", "draft-idea")
    t.expect("'Draft idea' is still a draft, not yet open to pledges, so it takes no pledges")
    t.answer("Pitch:", "foi-tool")
    t.expect("'kirklee' is not an organisation in the catalogue (did you mean `kirklees`?)")
    t.answer("Organisation:", "calderdale-council")
    t.expect("did you mean `calderdale`?")
    t.answer("Organisation:", "leeds")
    t.answer("Signatory who approves:", "jsmith-kirklees")
    t.expect("'jsmith-kirklees' is not a signatory of Leeds City Council")
    t.expect("Its signatories' GitHub logins are `lcarter-leeds`, as listed on the organisation's page")
    t.answer("Signatory who approves:", "@LCarter-Leeds")
    t.answer("Role (funder, co-designer, pilot-site) [funder]:", "co-designer")
    t.answer("Amount in pounds (optional, Enter to skip):", "50%")
    t.expect("'50%' is not an amount in pounds above 0")
    t.answer("Amount in pounds (optional, Enter to skip):", "£5,000.50")
    t.answer("Help in kind (optional, Enter to skip):", "")
    t.answer("Conditions (optional, Enter to skip):", "Subject to cabinet approval")
    summary = t.expect("Write pitches/foi-tool/pledges/leeds.yml? [Y/n]:")
    assert "Summary: pitches/foi-tool/pledges/leeds.yml will hold" in summary
    assert "    amount: 5000.50\n" in summary and "    signatory: lcarter-leeds\n" in summary
    assert "pledged £20,000 -> £25,000.50 of £40,000" in summary
    assert "Tier" not in t.screen and "Percentage" not in t.screen  # an amount was given: no percentage asked
    t.type("y")
    t.expect("Wrote pitches/foi-tool/pledges/leeds.yml")
    assert t.finish() == 0
    assert (repo / "pitches/foi-tool/pledges/leeds.yml").read_text(encoding="utf-8") == (
        "# Pledged with cofund new by @lcarter-leeds.\n"
        "date: '2026-11-24'\nsignatory: lcarter-leeds\nrole: co-designer\nstatus: pledged\n"
        "amount: 5000.50\nconditions: Subject to cabinet approval\n"
    )
    _valid(repo)


def test_new_pledge_to_a_shared_cost_pitch_asks_no_amount(repo: Path) -> None:
    t = Terminal([COFUND, "new", "pledge", "cyber-training", "--org", "kirklees", str(repo)], repo)
    t.answer("Signatory who approves:", "jsmith-kirklees")
    t.answer("Role (funder, co-designer, pilot-site) [funder]:", "")
    t.expect("This pitch shares its cost equally: the pledge is one share, so no amount is asked.")
    t.answer("Help in kind (optional, Enter to skip):", "")
    t.answer("Conditions (optional, Enter to skip):", "")
    assert "2 -> 3 partners, now funded" in t.expect("Write pitches/cyber-training/pledges/kirklees.yml? [Y/n]:")
    t.type("")
    assert t.finish() == 0
    assert "Amount in pounds" not in t.screen
    _valid(repo)


def test_new_pledge_declined_at_the_summary_writes_nothing(repo: Path) -> None:
    before = _files(repo)
    t = Terminal([COFUND, "new", "pledge", "foi-tool", "--org", "leeds", str(repo)], repo)
    t.answer("Signatory who approves:", "lcarter-leeds")
    t.answer("Role (funder, co-designer, pilot-site) [funder]:", "")
    t.answer("Amount in pounds (optional, Enter to skip):", "")
    t.answer("Percentage of the target:", "12.5")
    t.answer("Help in kind (optional, Enter to skip):", "")
    t.answer("Conditions (optional, Enter to skip):", "")
    t.answer("[Y/n]:", "n")
    t.expect("Nothing was written.")
    assert t.finish() == 0
    assert _files(repo) == before


def _lines(t: Terminal, label: str, lines: list[str]) -> None:
    t.expect(label)
    for line in [*lines, "."]:
        t.answer("> ", line)


def test_new_pitch_asks_again_for_each_wrong_answer_and_only_what_its_model_needs(repo: Path) -> None:
    t = Terminal([COFUND, "new", "pitch", str(repo)], repo)
    t.answer("Your GitHub login:", "wpatel-wakefield")
    t.answer("Title:", "Pothole reporting")
    t.answer("Title in Welsh (optional, Enter to skip):", "Adrodd am dyllau yn y ffordd")
    t.answer("Web address id (optional, Enter to skip):", "Pothole Reporting")
    t.expect("'Pothole Reporting' is not a valid web address id")
    t.answer("Web address id (optional, Enter to skip):", "")
    t.answer("Proposing organisation:", "wakefield-council")
    t.expect("did you mean `wakefield`?")
    t.answer("Proposing organisation:", "wakefield")
    _lines(t, "Summary (as many lines", ["Residents report potholes with a photo and see when they are fixed."])
    _lines(t, "Summary in Welsh (as many lines", [])  # optional for a proposer in England
    _lines(t, "The pitch (as many lines", ["## The idea", "", "One service for every highway authority."])
    _lines(t, "The pitch in Welsh (as many lines", [])
    t.answer("Category (service-transformation, new-legislation-or-policy, new-technology, in-house-build)",
             "new-technology")
    t.answer("Sectors, separated by commas", "local-government, roads")
    t.expect("choose from:")
    t.answer("Sectors, separated by commas", "local-government, transport")
    t.answer("Tags (optional, Enter to skip):", "roads, Big Holes")
    t.expect("'Big Holes' is not an id")
    t.answer("Tags (optional, Enter to skip):", "roads, big-holes")
    t.answer("Stage (open, draft) [open]:", "")
    _lines(t, "Problem (as many lines", ["Every authority runs its own form."])
    _lines(t, "Users (as many lines", ["Residents and highway inspectors."])
    _lines(t, "Benefits (as many lines", ["One service", "Faster repairs"])
    t.answer("Cost for one organisation alone:", "forty thousand")
    t.expect("'forty thousand' is not an amount in pounds")
    t.answer("Cost for one organisation alone:", "40000")
    _lines(t, "Cost lines (as many lines", ["Build | 24000 | core", "Apps | 6000 | extra"])
    t.expect("'Apps | 6000 | extra' is not `item | amount | core` or `item | amount | optional`; type it again")
    for line in ["Build | 24000 | core", "Apps | 6000 | optional", "."]:
        t.answer("> ", line)
    t.answer("Procurement route (three-quotes, g-cloud, dos, innovation-partnership, in-house) [three-quotes]:",
             "g-cloud")
    t.answer("Supplier (optional, Enter to skip):", "")
    t.answer("Licence:", "MIT")
    t.answer("Contract length in months:", "two years")
    t.expect("'two years' is not a whole number of months from 1 to 120")
    t.answer("Contract length in months:", "24")
    t.answer("Availability:", "99.5%")
    t.answer("Support hours:", "Monday to Friday, 9am to 5pm")
    t.answer("Response time, critical (optional, Enter to skip):", "4 working hours")
    t.answer("Response time, high (optional, Enter to skip):", "")
    t.answer("Response time, normal (optional, Enter to skip):", "")
    t.answer("Funding model (target, shared-cost, tiered) [target]:", "target")
    t.answer("Target in pounds [30000]:", "")  # the cost lines' total, offered
    t.answer("Deadline:", "31 May 2027")
    t.expect("'31 May 2027' is not a date written YYYY-MM-DD")
    t.answer("Deadline:", "2027-06-30")
    t.answer("If the target is not reached", "keep what we raise (go ahead once the core cost lines are covered)")
    t.answer("Adoption price (optional, Enter to skip):", "")
    t.answer("Rebate to founders (optional, Enter to skip):", "")
    t.answer("Write pitches/pothole-reporting/pitch.yml? [Y/n]:", "y")
    t.expect("Wrote pitches/pothole-reporting/pitch.yml")
    assert t.finish() == 0
    assert "Tiers" not in t.screen and "Minimum partners" not in t.screen  # not for a target pitch
    text = (repo / "pitches/pothole-reporting/pitch.yml").read_text(encoding="utf-8")
    assert "all_or_nothing: false" in text and "target: 30000" in text and "availability: 99.5" in text
    assert "body: |\n  ## The idea\n\n  One service for every highway authority.\nproposer: wakefield\n" in text
    assert "title_cy: Adrodd am dyllau yn y ffordd\n" in text and "summary_cy" not in text
    _valid(repo)
