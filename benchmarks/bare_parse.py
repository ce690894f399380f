"""The yardstick for loading: libyaml's own constructor over every data file of a repository.

    python benchmarks/bare_parse.py REPO

No checks, no positions, no exact numbers: the least any YAML loader must pay, and what
`cofund validate` and `cofund export` are measured against. It walks the same files as
cofund (cofund.yml and everything under organisations/ and pitches/).
"""

from __future__ import annotations

import os
import sys

import yaml


def data_files(repo: str) -> list[str]:
    found = [os.path.join(repo, "cofund.yml")]
    for folder in ("organisations", "pitches", "funds"):
        for top, _dirs, names in os.walk(os.path.join(repo, folder)):
            found.extend(os.path.join(top, n) for n in names if n.endswith(".yml"))
    return sorted(found)


def main(repo: str) -> int:
    total = 0
    files = data_files(repo)
    for path in files:
        with open(path, "rb") as handle:
            raw = handle.read()
        total += len(raw)
        yaml.load(raw, Loader=yaml.CSafeLoader)
    print(f"parsed {len(files)} files, {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
