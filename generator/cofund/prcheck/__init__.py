"""The PR check: what a pull request changes, who must approve it, and whether it may merge.

`check(repo, base, head, reviews, author, today, authored) -> Report`; `report.text` and
`report.markdown` show it. See check.py for the steps, approvals.py and consent.py for
who must approve, and binding.py for when an approval still counts.
"""

from .check import Line, Report, check
from .reviews import Review, ReviewsError, parse_reviews

__all__ = ["Line", "Report", "Review", "ReviewsError", "check", "parse_reviews"]
