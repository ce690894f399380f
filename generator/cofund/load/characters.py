"""Which characters a data file may hold, and how to name the ones it may not to a person.

None of these is typed by a person writing a pitch or a pledge; each arrives pasted from
somewhere, or is put there on purpose to make a file read differently by different programs
or show something other than what it says.
"""

from __future__ import annotations

import re

# C0 and C1 control characters other than tab, line feed and carriage return: they can
# rewrite a terminal or hide text in a review. (A carriage return written as such is a line
# end, which libyaml turns into a line feed inside every value.)
_ASCII_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROLS = _ASCII_CONTROLS + "\x80-\x9f"
# The Unicode line and paragraph separators: libyaml counts them as line breaks and editors
# do not, so every later line number would be wrong.
_SEPARATORS = "\u2028\u2029"
# Unicode's noncharacters, set aside never to be text: U+FDD0 to U+FDEF, and the last two
# code points of each of the 17 planes. Other YAML readers (MkDocs' front matter, for one)
# refuse a file that holds one, and a reader that refuses quietly is how a value meant as
# text ends up read as something else.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
# The bidirectional overrides and isolates of the "Trojan Source" attack, which make a line
# display differently from what it says.
_DIRECTION = "\u202a-\u202e\u2066-\u2069"

# Refused wherever they are written in a file (refused_in_file).
_IN_FILE = re.compile(f"[{_CONTROLS}{_SEPARATORS}{_NONCHARACTERS}]")
_IN_ASCII_FILE = re.compile(f"[{_ASCII_CONTROLS}]")
# Refused in a value, however written: double quotes' escapes ("\uFFFF", "\e", "\r") can
# write any character at all. Tab and line feed are text; whether a field may hold them is
# for its schema to say (one-line fields refuse line breaks there).
IN_VALUE = re.compile(f"[{_CONTROLS}\r{_SEPARATORS}{_NONCHARACTERS}{_DIRECTION}]")
# Refused outside free text (see safe_yaml for how free text is told apart).
DIRECTION = re.compile(f"[{_DIRECTION}]")


def refused_in_file(text: str) -> re.Match[str] | None:
    """The first character of `text` that no data file may hold, if any. Most files are all
    ASCII, where only the ASCII controls can be: searched for alone, ten times faster than
    the whole set (a tenth of `cofund validate`'s time at national scale)."""
    return (_IN_ASCII_FILE if text.isascii() else _IN_FILE).search(text)


def describe(char: str) -> str:
    """Name a refused character by its code point, and say what to do about it."""
    code = f"U+{ord(char):04X}"
    if char in "\u2028\u2029":
        return f"a Unicode line separator ({code}): use an ordinary line break instead"
    if DIRECTION.fullmatch(char):
        return (
            f"an invisible character that changes the direction of text ({code}), which can make a "
            "line show something other than what it says: remove it"
        )
    if "\ufdd0" <= char <= "\ufdef" or (ord(char) & 0xFFFE) == 0xFFFE:
        return f"{code}, a Unicode noncharacter, which is never text and which other YAML readers refuse: remove it"
    return f"a control character ({code}), which is not allowed in data files: remove it"
