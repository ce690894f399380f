"""Messages that quote what people typed, said in plain text (a terminal) or in Markdown (an issue
comment, a pull request's body) without letting the quoted text do anything there.

A message marks each value it quotes with `quote(value)`. As plain text the value is shown in
single quotes; in Markdown it becomes a code span with more backticks than the value holds
(CommonMark's rule), where nothing is formatting, a link or an @mention. The message's own
words are ours, written so as to need no escaping: our own code spans are written with
backticks and stay code spans.

Messages from the validator and the PR check (which quote a file's values with Python's
repr) have no marks: the values the form gave are found in them and put in code spans, and
whatever is left is neutralised as text (`neutral`), with HTML character references rather
than backslashes, which GitHub would show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..problems import printable

_OPEN, _CLOSE = "\x02", "\x03"  # around a quoted value inside a message; never in a value (see quote)
_MARKED = re.compile(f"{_OPEN}(.*?){_CLOSE}", re.DOTALL)
MAX_QUOTED = 80


def quote(value: object) -> str:
    """`value`, marked as quoted from input (one line, at most MAX_QUOTED characters)."""
    text = " ".join(printable(str(value)).replace(_OPEN, "").replace(_CLOSE, "").split())
    if len(text) > MAX_QUOTED:
        text = text[: MAX_QUOTED - 3] + "..."
    return f"{_OPEN}{text}{_CLOSE}"


def plain(message: str) -> str:
    return _MARKED.sub(lambda m: f"'{m.group(1)}'", message)


def code_span(text: str) -> str:
    """`text` as a Markdown code span that shows it exactly (CommonMark, "Code spans")."""
    text = " ".join(text.split()) or " "
    runs = [len(r) for r in re.findall("`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.strip()) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# Characters that could start formatting, HTML, an entity, a table cell or a heading (a ">" can
# only quote at the start of a line, where neutral text is never put), written
# as character references: CommonMark reads them as the literal character, never as syntax.
_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_[]<&!|~#"}
_AUTOLINK = re.compile(r"(?i)(://|www\.)")


def neutral(text: str) -> str:
    """Text shown as itself in GitHub Markdown: no formatting, links, HTML or mentions.

    Mentions and bare web addresses are found by GitHub in the text after Markdown is read,
    so character references do not stop them: a zero-width space after each @, and inside
    "://" and "www.", does."""
    out = "".join(_SPECIAL.get(c, c) for c in printable(text))
    out = out.replace("@", "@\u200b")
    return _AUTOLINK.sub(lambda m: m.group()[0] + "\u200b" + m.group()[1:], out)


_OUR_CODE = re.compile(r"(`[^`\n]+`)")


def markdown(message: str, values: Iterable[str] = ()) -> str:
    """One message as Markdown: marked values (and any of `values`, the answers a form gave,
    quoted in it by repr) as code spans, our own `code` kept, the rest neutral text."""
    message = _mark_known(message, values)
    out = []
    for i, part in enumerate(_MARKED.split(message)):
        if i % 2:
            out.append(code_span(part))
            continue
        for j, piece in enumerate(_OUR_CODE.split(part)):
            out.append(piece if j % 2 else neutral(piece))
    return "".join(out)


def _mark_known(message: str, values: Iterable[str]) -> str:
    if _OPEN in message:
        return message
    for value in sorted({v for v in values if v.strip()}, key=len, reverse=True):
        for shown in (repr(value), repr(value[:57] + "...") if len(value) > 60 else None):
            if shown and shown in message:
                message = message.replace(shown, quote(value))
    return message
