"""Every folder in scenarios/ is a small repository (repo/) with the figures `cofund export`
must give for it (expected.json), worked out by hand in its README.md.

expected.json lists the figures that matter for the scenario, not every key of the export: each
object in it must appear in the export with those keys and values, and each list must have
exactly the same items in the same order (so an extra or missing pledge fails).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

SCENARIOS = Path(__file__).parent / "scenarios"
NAMES = sorted(p.name for p in SCENARIOS.iterdir() if p.is_dir())


def differences(expected: Any, actual: Any, where: str = "") -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        out = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{where}.{key}: missing")
            else:
                out.extend(differences(value, actual[key], f"{where}.{key}"))
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {len(expected)} items, got {actual!r}"]
        return [
            d
            for i, (e, a) in enumerate(zip(expected, actual, strict=False))
            for d in differences(e, a, f"{where}[{i}]")
        ]
    # bool is an int in Python: compare types too, so true never passes for 1.
    if type(expected) is not type(actual) or expected != actual:
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    return []


@pytest.mark.parametrize("name", NAMES)
def test_scenario(name: str, cofund: Callable[..., Result]) -> None:
    scenario = SCENARIOS / name
    expected = json.loads((scenario / "expected.json").read_text(encoding="utf-8"))
    result = cofund("export", str(scenario / "repo"), "--today", expected["today"])
    assert result.exit_code == 0, result.output
    assert differences(expected, json.loads(result.stdout)) == []


@pytest.mark.parametrize("name", NAMES)
def test_scenario_is_explained(name: str) -> None:
    # A hand-checked golden file needs its working next to it, and must check pitches.
    assert len((SCENARIOS / name / "README.md").read_text(encoding="utf-8")) > 200
    expected = json.loads((SCENARIOS / name / "expected.json").read_text(encoding="utf-8"))
    assert expected["pitches"] and expected["organisations"]


def test_the_comparison_can_fail() -> None:
    actual = {"a": [{"x": "1.00", "y": True}], "b": 1}
    assert differences({"a": [{"x": "1.00"}]}, actual) == []
    assert differences({"a": [{"x": "1.01"}]}, actual) != []
    assert differences({"a": []}, actual) != []
    assert differences({"a": [{"y": 1}]}, actual) != []
    assert differences({"c": 1}, actual) != []
