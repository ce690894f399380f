"""The PR check: what a pull request changes, who must approve it, and whether it may merge.

`check(repo, base, head, reviews, author, today) -> Report`; `report.text` and
`report.markdown` show it. See check.py for the steps and DESIGN.md ("Who must approve a
pull request", "Security rules") for the rules.
"""

from .check import Line, Report, check
from .reviews import Review, ReviewsError, parse_reviews

__all__ = ["Line", "Report", "Review", "ReviewsError", "check", "parse_reviews"]
