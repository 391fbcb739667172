"""The shared example messages, merged by the Python tree code (the JS tests load the same)."""

import json
import pathlib

import pytest

from djwire.live.tree import Statics, merge, to_html

EXAMPLES = sorted((pathlib.Path(__file__).parent / "examples").glob("*.json"))


def test_there_are_examples():
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_merges_to_the_expected_html(path):
    example = json.loads(path.read_text())
    statics = Statics()
    statics.collect(example["tree"])
    tree = example["tree"]
    assert to_html(tree, statics) == example["html"][0]
    for diff, html in zip(example["diffs"], example["html"][1:], strict=True):
        tree = merge(tree, diff, statics)
        assert to_html(tree, statics) == html
