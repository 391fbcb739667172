"""Every check id djwire can report is documented in docs/checks.md, with its level."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_check_id_in_the_source_has_a_row_in_docs_checks_md():
    ids = set()
    for module in (ROOT / "src" / "djwire").rglob("*.py"):
        ids |= set(re.findall(r'id="(djwire\.[A-Z]\d{3})"', module.read_text()))
    documented = set(
        re.findall(
            r"^\| `(djwire\.[A-Z]\d{3})` \|", (ROOT / "docs" / "checks.md").read_text(), re.M
        )
    )
    assert "djwire.V010" in ids and "djwire.S003" in ids and "djwire.W002" in ids
    assert ids - documented == set()
    assert documented - ids == set()
