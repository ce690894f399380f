"""The JSON arrays GitHub's REST API returns (a pull request's reviews, its commits), read safely.

They come from the API, but the check treats them like any input it did not make: a file
that is too large, not UTF-8, nested without end or not an array is a usage error with one
line saying so, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# GitHub lists at most a few thousand reviews or 250 commits for a pull request, each a few
# kilobytes: 16 MiB is far more than any real answer and keeps a wrong file from filling memory.
MAX_BYTES = 16 * 1024 * 1024


class GitHubJSONError(ValueError):
    """The file is not the JSON array GitHub's endpoint returns."""


def read_array(path: Path, what: str) -> list[Any]:
    """The JSON array in `path`; `what` names the endpoint in messages."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise GitHubJSONError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise GitHubJSONError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB: it is not {what}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GitHubJSONError(f"not UTF-8 text (byte {exc.start + 1}): GitHub's API answers in UTF-8") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GitHubJSONError(f"not JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise GitHubJSONError("nested too deeply to be GitHub's answer") from None
    except ValueError:  # Python refuses an integer of more than 4,300 digits (CVE-2020-10735)
        raise GitHubJSONError("holds a number far too long to be GitHub's answer") from None
    if not isinstance(value, list):
        raise GitHubJSONError(f"not a JSON array: give the array GitHub returns for {what}")
    return value
