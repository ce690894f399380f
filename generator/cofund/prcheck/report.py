"""A Report as plain text (the terminal, the job log) and as Markdown (the pull request's comment).

Everything from the pull request (titles, names, paths, the values quoted in problems) is
escaped before it enters the Markdown, so it can neither format the comment, nor add links
or HTML, nor @mention anyone: the only mentions are the logins read from the base branch of
the people whose approval is still needed, which is how GitHub notifies them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..load.layout import is_id
from ..problems import printable
from .approvals import Approval
from .check import Report
from .classify import ChangeKind

MARKER = "<!-- cofund:check-pr -->"
# A comment holds at most 65,536 characters: long lists are cut, and the whole is capped.
MAX_PROBLEMS_SHOWN = 50
MAX_CHANGES_SHOWN = 100
MAX_APPROVALS_SHOWN = 60
MAX_COMMENT = 60_000

# The characters that can start formatting, a link, HTML or a table cell inside a line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#!|<~&])")
# Where GitHub would make a link of bare text: after a scheme's "://" and "www.".
_AUTOLINK = re.compile(r"(://|www\.)", re.IGNORECASE)
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


def md(text: str) -> str:
    """Text shown as itself in GitHub Markdown: no formatting, links, HTML or mentions."""
    # A zero-width space after @ keeps GitHub from reading a mention (or an e-mail address), and
    # one after "://" or "www." from making a link of an address (GitHub's autolinks).
    escaped = _MD_SPECIAL.sub(r"\\\1", printable(text)).replace("@", "@\u200b")
    return _AUTOLINK.sub("\\1\u200b", escaped)


def code(text: str) -> str:
    text = printable(text)
    return f"`{text}`" if "`" not in text else md(text)


def mention(login: str) -> str:
    # Logins come from the base branch's files, which validate checked against this pattern.
    return f"@{login}" if _LOGIN.fullmatch(login) else md(login)


_GONE = {ChangeKind.PITCH_REMOVED, ChangeKind.ORGANISATION_REMOVED}
# What a preview address may hold (it comes from the workflow, never from the pull request).
PREVIEW_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?/(?:[A-Za-z0-9._~-]+/)*")
ARTIFACT_STEPS = (
    "open the **PR check** run of the latest commit (the Checks tab), download **site-preview** "
    "from its Summary page, unzip it, run `python3 -m http.server` in the unzipped folder, and open "
    "http://localhost:8000"
)


def changed_pages(report: Report) -> list[tuple[str, str]]:
    """(what, path in the site) of each pitch and organisation page the changes touch: a pitch's
    own file, pledges and adoptions show on its page; an organisation's file, pledges and
    adoptions on the organisation's. Pages the pull request removes are left out."""
    gone = {(c.kind, c.pitch or c.org) for c in report.changes if c.kind in _GONE}
    pages: dict[str, str] = {}
    for c in report.changes:
        if c.kind in _GONE:
            continue
        if c.pitch and is_id(c.pitch) and (ChangeKind.PITCH_REMOVED, c.pitch) not in gone:
            pages.setdefault(f"pitches/{c.pitch}/", f"pitch {c.pitch}")
        if c.org and is_id(c.org) and (ChangeKind.ORGANISATION_REMOVED, c.org) not in gone:
            pages.setdefault(f"organisations/{c.org}/", f"organisation {c.org}")
    return [(what, path) for path, what in pages.items()]


def _preview_markdown(report: Report, preview_url: str | None) -> list[str]:
    pages = changed_pages(report)[:MAX_CHANGES_SHOWN]
    out = ["", "#### Preview", ""]
    if report.problems:
        out.append("The site is built once the data is valid: fix the problems below first.")
        return out
    if preview_url is None:
        out.append(f"To see the site as this pull request makes it, {ARTIFACT_STEPS}.")
        if pages:
            out += ["", "The pages it changes:", ""]
            out += [f"- {md(what.capitalize())}: http://localhost:8000/{path}" for what, path in pages]
        return out
    out.append(f"[Open the site as this pull request makes it]({preview_url}). It is published a few minutes "
               "after the PR check finishes, updated on every push and removed when this pull request closes.")
    if pages:
        out += ["", "The pages it changes:", ""]
        out += [f"- [{md(what.capitalize())}]({preview_url}{path})" for what, path in pages]
    return out


def _short(sha: str) -> str:
    return sha[:7]


def _what(approval: Approval) -> str:
    kinds = sorted({c.kind.value for c in approval.changes})
    what = ", ".join(kinds)
    return what + ("; it raises what this organisation is committed to" if approval.consent else "")


def headline(report: Report) -> str:
    if report.may_merge:
        return "ready to merge: every approval is given and the data is valid"
    reasons = []
    if report.refusals:
        reasons.append(f"{len(report.refusals)} change(s) refused")
    if report.problems:
        reasons.append(f"{len(report.problems)} problem(s) in the data")
    if report.missing:
        reasons.append(f"{len(report.missing)} approval(s) still needed")
    return "not ready to merge: " + ", ".join(reasons)


def _status_words(a: Approval, who: Callable[[str, bool], str]) -> list[str]:
    words = []
    if a.impossible:
        words.append(f"cannot be given here: {a.impossible}")
    if a.authored_by:
        words.append(f"given by {who(a.authored_by, False)}, who opened this pull request as a signatory "
                     "and made these changes in their own commits")
    if a.given_by:
        words.append("approved by " + ", ".join(who(x, False) for x in a.given_by))
    if a.objecting:
        words.append("changes requested by " + ", ".join(who(x, True) for x in a.objecting)
                     + " (their approval is needed before this counts)")
    if a.stale:
        words.append(", ".join(who(x, False) for x in a.stale)
                     + " approved an earlier version of these changes, and they have changed since: approve again "
                     "on the latest commit")
    if a.missing:
        words.append(", ".join(who(x, False) for x in a.missing)
                     + " approved a commit that is not in this repository (pushed over since), so the approval "
                     "lapses: approve again on the latest commit")
    if a.author_note:
        words.append(f"the author is a signatory, but their authorship does not count: {a.author_note}; "
                     "another signatory must approve")
    if a.dismissed:
        words.append("the approval of " + ", ".join(who(x, False) for x in a.dismissed) + " was dismissed")
    if not a.ok and not a.impossible and a.waiting_for and not a.objecting:
        words.append("waiting for one of " + ", ".join(who(x, True) for x in a.waiting_for))
    return words


def text(report: Report, preview_url: str | None = None) -> str:
    def who(login: str, _notify: bool) -> str:
        return f"@{printable(login)}"

    out = [f"cofund check-pr: {_short(report.base)} (base) <- {_short(report.head)} (head)", ""]
    out.append(f"What changes ({len(report.changes)} file(s)):")
    for line in report.lines:
        if line.change is not None:
            out.append(f"  {line.change.kind.value}: {printable(line.change.path)}")
            out.append(f"    {printable(line.text)}")
        else:
            out.append(f"  {printable(line.text)}")
    if not report.lines:
        out.append("  nothing")
    if report.rises:
        out += ["", "Raises what partners are committed to:"]
        out += [f"  {printable(r.text)}" for r in report.rises]
    out += ["", "Approvals:"]
    for a in report.approvals:
        mark = "ok     " if a.ok else "MISSING"
        out.append(f"  [{mark}] {printable(a.label)} (for {_what(a)})")
        for words in _status_words(a, who):
            out.append(f"            {printable(words)}")
    if not report.approvals:
        out.append("  none needed")
    if report.refusals:
        out += ["", "Refused:"]
        out += [f"  {printable(r.path)}: {printable(r.reason)}" for r in report.refusals]
    if report.problems:
        out += ["", "Problems in the data:"]
        out += [f"  {p}" for p in report.problems]
    if preview_url is not None:
        out += ["", f"Preview: {preview_url}"]
        out += [f"  {what}: {preview_url}{path}" for what, path in changed_pages(report)]
    out += ["", ("Verdict: " + headline(report))]
    return "\n".join(out) + "\n"


def markdown(report: Report, preview_url: str | None = None) -> str:
    def who(login: str, notify: bool) -> str:
        return mention(login) if notify else md(login)

    icon = "✅" if report.may_merge else "❌"
    out = [MARKER, f"### {icon} cofund: {md(headline(report))}", ""]
    out += ["#### What changes", ""]
    for line in report.lines[:MAX_CHANGES_SHOWN]:
        if line.change is not None:
            out.append(f"- **{md(line.change.kind.value.capitalize())}** {code(line.change.path)}: {md(line.text)}")
        else:
            out.append(f"- {md(line.text[0].upper() + line.text[1:])}")
    if len(report.lines) > MAX_CHANGES_SHOWN:
        out.append(f"- and {len(report.lines) - MAX_CHANGES_SHOWN} more: see the check's log for every change.")
    if not report.lines:
        out.append("- Nothing.")
    if report.rises:
        out += ["", "#### Raises what partners are committed to", ""]
        out += [f"- {md(r.text)}" for r in report.rises[:MAX_CHANGES_SHOWN]]
    out += _preview_markdown(report, preview_url)
    out += ["", "#### Approvals", ""]
    for a in report.approvals[:MAX_APPROVALS_SHOWN]:
        mark = "✅" if a.ok else "⏳"
        label = a.label[0].upper() + a.label[1:]
        status = "; ".join(_status_words(a, who))
        out.append(f"- {mark} **{md(label)}**, for the {md(_what(a))}: {status}")
    if len(report.approvals) > MAX_APPROVALS_SHOWN:
        out.append(f"- and {len(report.approvals) - MAX_APPROVALS_SHOWN} more: see the check's log.")
    if not report.approvals:
        out.append("- None needed.")
    if report.refusals:
        out += ["", "#### Refused", "", "These changes cannot be merged whoever approves them:", ""]
        out += [f"- {code(r.path)}: {md(r.reason)}" for r in report.refusals[:MAX_PROBLEMS_SHOWN]]
        if len(report.refusals) > MAX_PROBLEMS_SHOWN:
            out.append(f"- and {len(report.refusals) - MAX_PROBLEMS_SHOWN} more: see the check's log.")
    if report.problems:
        out += ["", "#### Problems in the data", "", "Each says where it is and how to fix it:", ""]
        for p in report.problems[:MAX_PROBLEMS_SHOWN]:
            out.append(f"- {code(p.path)} line {p.line}, {code(p.field)}: {md(p.message)}")
        if len(report.problems) > MAX_PROBLEMS_SHOWN:
            more = len(report.problems) - MAX_PROBLEMS_SHOWN
            out.append(f"- and {more} more: run `cofund validate` to see them all.")
    out += [
        "",
        f"<sub>Checked {_short(report.head)} against {_short(report.base)}. Signatories and maintainers are "
        "read from the base branch; an approval counts when it is the reviewer's latest and the changes it approved "
        "are still the same (merging the base branch in keeps it). This comment is updated on every push, review "
        "and comment, and whenever the base branch changes.</sub>",
    ]
    comment = "\n".join(out) + "\n"
    if len(comment) > MAX_COMMENT:  # a very large pull request: keep the verdict and the start
        cut = comment[:MAX_COMMENT].rsplit("\n", 1)[0]
        comment = cut + "\n\n*This summary is cut short; the check's log has all of it.*\n"
    return comment
