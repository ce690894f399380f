"""download.py's JSON writer gives, for any JSON data, the bytes the json module would."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from cofund.export.download import json_bytes

# What the exports hold: text (any Unicode a YAML file can carry), whole numbers, booleans and
# null, in lists and objects keyed by text.
DATA = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(DATA, st.booleans())
def test_json_bytes_are_the_json_modules(data: object, sort_keys: bool) -> None:
    expected = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n"
    assert json_bytes(data, sort_keys=sort_keys) == expected.encode()
