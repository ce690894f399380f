"""The title and body of the pull request a form opens.

The body says what changes, who must approve it and how, and that nothing binds until they
do: the cofund check on the pull request decides. It @mentions the person who filled in the
form and the signatory the form names, so GitHub notifies them; that signatory's login is
written as their organisation's file on the default branch writes it (references.Org), never
as typed. Every other value from the form is shown as text (words.markdown): it can neither
format the body, nor link, nor mention anyone.
"""

from __future__ import annotations

from ..prcheck.report import mention
from .drafts import Draft
from .words import code_span, markdown, neutral

TITLES = {
    "pitch": "Pitch", "pledge": "Pledge", "withdraw": "Withdrawal", "adoption": "Adoption",
    "update": "Update", "organisation": "New organisation", "signatory": "Signatories",
}

HOW = "open *Files changed*, then *Review changes*, choose *Approve* and submit the review."


def _who(kind: str, draft: Draft) -> str:
    """Who must approve, after "it binds only once"."""
    org = neutral(draft.subject)
    return {
        "pitch": f"a signatory of {org} (the proposer) and a maintainer approve it",
        "pledge": f"one of {org}'s signatories approves it",
        "withdraw": f"one of {org}'s signatories approves it",
        "adoption": f"one of {org}'s signatories approves it",
        "update": f"one of the signatories of {org}, the pitch's proposer, approves it",
        "organisation": f"a maintainer has checked that {org} is real and approves it",
        "signatory": f"one of {org}'s current signatories and a maintainer approve it",
    }[kind]


def pr_words(
    kind: str, draft: Draft, lines: list[str], author: str, issue: int | None, quoted: tuple[str, ...]
) -> tuple[str, str]:
    what = lines[0].split(":")[0] if lines else draft.path
    if kind == "update":
        what = f"{draft.data['updates'][-1]['title']} ({draft.data.get('title', what)})"  # the pitch's title
    title = f"{TITLES[kind]}: {draft.subject if kind == 'organisation' else what}"
    source = f"from #{issue} " if issue is not None else ""
    body = [f"Opened {source}for {mention(author)}, who filled in the form.", "", "**What changes**", ""]
    body += [f"- {markdown(line, quoted)}" for line in lines] or [f"- {code_span(draft.path)}"]
    if draft.note:
        body += ["", "**Reason given**", ""] + [f"> {neutral(line)}" if line.strip() else ">"
                                                 for line in draft.note.splitlines()]
    body += ["", "**Who approves**", "", f"This binds nobody until {_who(kind, draft)}."]
    if draft.approver:
        body.append(f"{mention(draft.approver)}, the form names you to approve it: {HOW}")
    elif kind == "pitch":
        body.append(f"{mention(author)}, if you are one of those signatories: {HOW}")
    body += [
        "The cofund check on this pull request decides: its comment below says who has approved and what is "
        "still needed, and the pull request can be merged only once that check passes.",
        "",
        f"File: {code_span(draft.path)}.",
    ]
    if issue is not None:
        body += ["", f"Closes #{issue}."]
    return title[:256], "\n".join(body) + "\n"
