"""djwire.S001: unknown DJWIRE keys."""

from django.core import checks as django_checks
from django.test import override_settings

from djwire.checks import settings as setting_checks


def test_s001_an_unknown_key_names_the_close_match():
    with override_settings(DJWIRE={"strict_serialisation": True, "state_ttl": 5, "zzz": 1}):
        messages = setting_checks.check_djwire_setting()
    assert [m.id for m in messages] == ["djwire.S001", "djwire.S001"]
    assert messages[0].level == django_checks.ERROR
    assert "DJWIRE['strict_serialisation']" in messages[0].msg
    assert messages[0].hint == "Did you mean 'strict_serialization'?"
    assert "docs/settings.md" in messages[1].hint
