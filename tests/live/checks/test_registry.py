"""`manage.py check --tag djwire` runs djwire's checks over every LiveView it can find."""

from django.core import checks as django_checks
from django.test import override_settings

from djwire import LiveView
from djwire.live.checks.discovery import is_base_class, live_views, routed_view_classes
from tests.testapp.views import CounterView


class AbstractBase(LiveView):
    """Meant to be subclassed: no template of its own."""


class Concrete(AbstractBase):
    template_name = "testapp/nope.html"


def test_routed_views_and_imported_subclasses_are_checked():
    found = live_views()
    assert CounterView in found and Concrete in found and AbstractBase in found
    assert CounterView in routed_view_classes()
    assert not any(cls.__module__.startswith("djwire.") for cls in found)
    assert is_base_class(AbstractBase, routed_view_classes())


def test_the_djwire_tag_runs_the_checks():
    with override_settings(DJWIRE={"stict_serialization": True}):
        messages = django_checks.run_checks(tags=["djwire"])
    by_id = {}
    for message in messages:
        by_id.setdefault(message.id, []).append(message)
    assert any("Concrete.template_name" in m.msg for m in by_id["djwire.V002"])
    assert not any("AbstractBase" in m.msg for m in by_id.get("djwire.V001", []))
    assert by_id["djwire.S001"][0].hint == "Did you mean 'strict_serialization'?"
