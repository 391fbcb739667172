"""ContextChannel: its Meta, default-deny permissions, anchor ids, discovery, check C001."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import AnonymousUser
from django.core import checks

from djwire.sync import ContextChannel
from djwire.sync.exceptions import ChannelDefinitionError, InvalidInstanceId
from tests.sync.app.channels import ClosedChannel, ProjectChannel, ProjectListChannel
from tests.sync.app.models import Project
from tests.sync.app.serializers import ProjectSerializer

ROOT = Path(__file__).resolve().parents[2]


def test_names_and_kinds_follow_rxdjango():
    assert ProjectChannel.name == "tests_sync_app_projectchannel"
    assert not ProjectChannel.many and ProjectListChannel.many
    assert {ProjectChannel, ProjectListChannel, ClosedChannel} <= set(
        ContextChannel.get_registered_channels()
    )


async def test_permissions_are_denied_unless_the_channel_says_otherwise():
    assert ClosedChannel.has_permission(AnonymousUser(), project_id=1) is False
    assert await ClosedChannel(AnonymousUser(), project_id=1).is_visible(1) is False
    assert ProjectChannel.has_permission(AnonymousUser(), project_id=1) is True


def test_check_c001_warns_about_a_channel_without_has_permission():
    messages = [m for m in checks.run_checks(tags=["djwire"]) if m.id == "djwire.C001"]
    flagged = [m.obj for m in messages]
    assert ClosedChannel in flagged and ProjectChannel not in flagged
    assert "has_permission" in messages[0].hint


def test_a_channel_without_meta_state_is_refused_naming_the_fix():
    with pytest.raises(ChannelDefinitionError, match=r"class Meta: state = SomeSerializer\(\)"):

        class NoState(ContextChannel):
            class Meta:
                pass

    with pytest.raises(ChannelDefinitionError, match=r"state = ProjectSerializer\(\)"):

        class StateIsAClass(ContextChannel):
            class Meta:
                state = ProjectSerializer


def test_an_abstract_channel_is_not_registered():
    class Base(ContextChannel):
        class Meta:
            abstract = True

    assert Base.abstract and Base not in ContextChannel.get_registered_channels()


async def test_the_instance_id_is_the_first_url_kwarg_as_the_pk_type():
    # RxDjango served stale data when a <str:> route's "1" met the int pk 1.
    channel = ProjectChannel(AnonymousUser(), project_id="7", other="x")
    assert await channel.initialize_anchors() == [7]
    with pytest.raises(InvalidInstanceId, match="'seven' is not a primary key of Project"):
        ProjectChannel.normalize_instance_id("seven")
    with pytest.raises(InvalidInstanceId, match="no URL kwarg"):
        await ProjectChannel(AnonymousUser()).initialize_anchors()


@pytest.mark.django_db(transaction=True)
def test_list_instances_may_return_a_queryset_or_ids():
    # Run from this (sync) test's thread: the queryset is read here, never in asgiref's shared
    # thread, where an open connection would poison later tests.
    first = Project.objects.create(name="alpha")
    Project.objects.create(name="beta")
    channel = ProjectListChannel(AnonymousUser(), prefix="al")
    assert async_to_sync(channel.initialize_anchors)() == [first.pk]

    class Ids(ContextChannel):
        class Meta:
            state = ProjectSerializer(many=True)

        async def list_instances(self, **kwargs):
            return ["3", 4]

    assert async_to_sync(Ids(AnonymousUser()).initialize_anchors)() == [3, 4]


_SETUP = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from django.conf import settings
    settings.configure(
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "channels",
                        "djwire", "brokenapp"],
    )
    import django
    django.setup()
    """
)


def test_an_import_error_inside_channels_py_is_raised(tmp_path):
    app = tmp_path / "brokenapp"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "channels.py").write_text("import a_module_that_is_not_installed\n")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", _SETUP, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "No module named 'a_module_that_is_not_installed'" in result.stderr
