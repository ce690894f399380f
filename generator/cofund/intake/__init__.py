"""Issue forms -> data files: what `cofund intake` does for people who do not use Git.

forms.py reads the forms and parses a submitted issue's body; drafts.py turns each form's
answers into its file; run.py checks the file as the PR check would, and writes it whole.
"""

from .forms import KINDS, parse_body
from .run import Outcome, draft_file, intake, write

__all__ = ["KINDS", "Outcome", "draft_file", "intake", "parse_body", "write"]
