"""Stage 1, load: safe YAML from a folder or a Git tree, with positions for every field."""

from .layout import Kind, Place
from .read_files import DataFile, Loaded, load
from .sources import Entry, FolderSource, Source

__all__ = ["DataFile", "Entry", "FolderSource", "Kind", "Loaded", "Place", "Source", "load"]
