"""The render tests' shared fixture: the sample catalogue rendered once (rendered_sample.py)."""

from rendered_sample import sample_site

__all__ = ["sample_site"]
