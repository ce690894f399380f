"""Issue forms -> data files: what `cofund intake` does for people who do not use Git.

forms.py reads the forms and parses a submitted issue's body; drafts.py, org_drafts.py and
pitch_drafts.py turn each form's answers into its file, judging each answer by its field's
schema (answers.py) and looking up ids and logins (references.py); run.py checks the file as
the PR check would and writes it whole; pr_words.py and words.py say it all in Markdown.
"""

from .forms import KINDS, parse_body
from .run import Outcome, draft_file, intake, write

__all__ = ["KINDS", "Outcome", "draft_file", "intake", "parse_body", "write"]
