"""Where each kind of data file lives, and what a path in the data folders means.

    cofund.yml                          the catalogue's settings
    organisations/<org>.yml             an organisation
    pitches/<pitch>/pitch.yml           a pitch
    pitches/<pitch>/pledges/<org>.yml   an organisation's pledge to the pitch
    pitches/<pitch>/adopters/<org>.yml  a later adoption of the pitch's product
    funds/<fund>.yml                    a match fund: its holder, pot and rules

The file or folder name is the id. Anything else inside organisations/, pitches/ or funds/
is an error, so that nothing a pull request adds there goes unnoticed.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 64
ID_RULE = "lowercase letters and digits in words joined by single hyphens, at most 64 characters"

CATALOGUE_FILE = "cofund.yml"
DATA_FOLDERS = ("organisations", "pitches", "funds")


class Kind(enum.Enum):
    CATALOGUE = "catalogue"
    ORGANISATION = "organisation"
    PITCH = "pitch"
    PLEDGE = "pledge"
    ADOPTER = "adopter"
    FUND = "fund"


@dataclass(frozen=True)
class Place:
    """What a data file's path says: its kind, its id and (for pledges, adopters) its pitch."""

    kind: Kind
    id: str
    pitch: str | None = None


class NotInLayout(ValueError):
    """The path is inside a data folder but is not one of the known files."""


def is_id(text: str) -> bool:
    return len(text) <= ID_MAX and ID_PATTERN.fullmatch(text) is not None


def is_data_path(path: str) -> bool:
    """True for paths that the layout rules govern (everything else is code, pages, ...)."""
    return path == CATALOGUE_FILE or path.split("/", 1)[0] in DATA_FOLDERS


def _id_from(name: str, what: str) -> str:
    if name.endswith(".yaml"):
        raise NotInLayout(f"data files end in .yml, not .yaml: rename it to {name[:-5]}.yml")
    if not name.endswith(".yml"):
        raise NotInLayout(f"'{name}' is not a .yml file: only <{what} id>.yml files belong here")
    stem = name[:-4]
    if not is_id(stem):
        raise NotInLayout(f"'{stem}' is not a valid {what} id: the file name must be an id, {ID_RULE}")
    return stem


_PITCH_FOLDER = "a pitch folder holds pitch.yml and the folders pledges/ and adopters/, nothing else"


def place_of(path: str) -> Place:
    """Classify a data path (see `is_data_path`), or raise `NotInLayout` saying why not."""
    if path == CATALOGUE_FILE:
        return Place(Kind.CATALOGUE, "")
    parts = path.split("/")
    if len(parts) == 1:  # organisations, pitches or funds is itself a file
        raise NotInLayout(f"{path} must be a folder")
    if parts[0] == "organisations":
        if len(parts) != 2:
            raise NotInLayout("organisations/ holds only <organisation id>.yml files, no folders")
        return Place(Kind.ORGANISATION, _id_from(parts[1], "organisation"))
    if parts[0] == "funds":
        if len(parts) != 2:
            raise NotInLayout("funds/ holds only <fund id>.yml files, no folders")
        return Place(Kind.FUND, _id_from(parts[1], "fund"))
    # pitches/...
    if len(parts) == 2:
        raise NotInLayout("pitches/ holds one folder per pitch, named by the pitch's id, each with a pitch.yml")
    pitch = parts[1]
    if not is_id(pitch):
        raise NotInLayout(f"'{pitch}' is not a valid pitch id: the folder name must be an id, {ID_RULE}")
    if len(parts) == 3:
        if parts[2] == "pitch.yaml":
            raise NotInLayout("data files end in .yml, not .yaml: rename it to pitch.yml")
        if parts[2] in ("pledges", "adopters"):
            raise NotInLayout(f"{parts[2]} must be a folder of <organisation id>.yml files")
        if parts[2] != "pitch.yml":
            raise NotInLayout(_PITCH_FOLDER)
        return Place(Kind.PITCH, pitch)
    if len(parts) == 4 and parts[2] in ("pledges", "adopters"):
        kind = Kind.PLEDGE if parts[2] == "pledges" else Kind.ADOPTER
        return Place(kind, _id_from(parts[3], "organisation"), pitch)
    if parts[2] in ("pledges", "adopters"):
        raise NotInLayout(f"{parts[2]}/ holds only <organisation id>.yml files, no folders")
    raise NotInLayout(_PITCH_FOLDER)
