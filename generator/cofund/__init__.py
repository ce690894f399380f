"""cofund: an open co-funding catalogue for public services.

The package is a pipeline, one subpackage a stage, run in this order:
load -> validate -> compute -> render / export; prcheck compares two trees.
"""

__version__ = "0.1.0"
