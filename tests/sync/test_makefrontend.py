"""``manage.py makefrontend``: every DRF field and Python hint as a precise TypeScript type,
the channel classes, the settings (RxDjango's names too) and --check / --dry-run / --force."""

from __future__ import annotations

import datetime
import decimal
import enum
import io
import textwrap
from typing import Any, Literal, NotRequired, Optional, TypedDict

import pytest
from django.core.management import CommandError, call_command
from django.urls import path
from rest_framework import serializers

from djwire.sync import ContextChannel, action
from djwire.sync.frontend.classes import ClassWriter
from djwire.sync.frontend.generate import HEADER, generate
from djwire.sync.frontend.hints import HintWriter
from djwire.sync.frontend.routes import routed_channels
from djwire.sync.frontend.serializers import InterfaceWriter
from djwire.sync.frontend.typescript import Declarations, FrontendError
from tests.sync.app.channels import ProjectChannel, ProjectListChannel, SubProjectChannel
from tests.sync.app.models import Tag, Task
from tests.sync.app.serializers import ProjectSerializer, TaskSerializer

APP = "tests.sync.app.channels"


def interface(serializer_class: type) -> str:
    writer = InterfaceWriter()
    writer.state_type(serializer_class)
    return writer.render()


def hint(value: Any, *, params: bool = False) -> str:
    return HintWriter(Declarations()).write(value, "here", params=params)


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class EveryField(serializers.Serializer):
    flag = serializers.BooleanField()
    count = serializers.IntegerField()
    ratio = serializers.FloatField()
    price = serializers.DecimalField(max_digits=6, decimal_places=2)
    price_number = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    name = serializers.CharField()
    email = serializers.EmailField()
    key = serializers.UUIDField()
    when = serializers.DateTimeField()
    day = serializers.DateField()
    at = serializers.TimeField()
    size = serializers.ChoiceField(choices=[("s", "Small"), ("l", "Large")])
    level = serializers.ChoiceField(choices=[1, 2, 3])
    sizes = serializers.MultipleChoiceField(choices=["s", "l"])
    extra = serializers.JSONField()
    tags = serializers.ListField(child=serializers.CharField())
    scores = serializers.DictField(child=serializers.IntegerField())
    note = serializers.CharField(allow_null=True)
    password = serializers.CharField(write_only=True)
    shade = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()

    def get_shade(self, obj: Any) -> Color | None:
        return None

    def get_total(self, obj: Any) -> list[decimal.Decimal]:
        return []


def test_every_field_kind_has_a_precise_type():
    assert interface(EveryField) == textwrap.dedent(
        """\
        export type JSONValue =
          | string
          | number
          | boolean
          | null
          | JSONValue[]
          | { [key: string]: JSONValue };

        export interface EveryFieldType {
          flag: boolean;
          count: number;
          ratio: number;
          price: string;
          price_number: number;
          name: string;
          email: string;
          key: string;
          when: string;
          day: string;
          at: string;
          size: "s" | "l";
          level: 1 | 2 | 3;
          sizes: ("s" | "l")[];
          extra: JSONValue;
          tags: string[];
          scores: Record<string, number>;
          note: string | null;
          shade: "red" | "blue" | null;
          total: string[];
        }
        """
    )


class TaskRefs(serializers.ModelSerializer):
    """Related fields typed by the related model's primary key, never ``any``."""

    class Meta:
        model = Task
        fields = ["id", "project", "tags"]


class TagNames(serializers.ModelSerializer):
    tasks = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Tag
        fields = ["id", "tasks"]


def test_related_fields_have_the_primary_key_type():
    assert "  id: number;\n  project: number;\n  tags: number[];\n" in interface(TaskRefs)
    assert "  tasks: string[];\n" in interface(TagNames)


def test_nested_serializers_are_written_once_each():
    text = interface(ProjectSerializer)
    assert "  tasks: TaskType[];\n" in text
    assert "  comments: CommentType[];\n" in text
    assert text.count("export interface TaskType ") == 1


def test_a_payload_has_the_writable_fields_and_their_optionality():
    class Writable(serializers.Serializer):
        id = serializers.IntegerField(read_only=True)
        name = serializers.CharField()
        note = serializers.CharField(required=False, allow_null=True)
        password = serializers.CharField(write_only=True)

    writer = InterfaceWriter()
    writer.payload_type(Writable)
    assert writer.render() == textwrap.dedent(
        """\
        export interface WritablePayload {
          name: string;
          note?: string | null;
          password: string;
        }
        """
    )


def test_a_method_field_without_return_annotation_is_an_error_naming_it():
    class NoHint(serializers.Serializer):
        score = serializers.SerializerMethodField()

        def get_score(self, obj):
            return 1

    with pytest.raises(FrontendError, match=r"NoHint\.score: annotate the return type"):
        interface(NoHint)


def test_two_serializers_of_one_name_are_an_error_not_one_type():
    class Inner(serializers.Serializer):
        a = serializers.IntegerField()

    first = Inner

    class Inner(serializers.Serializer):  # the same name, another class
        b = serializers.IntegerField()

    class Both(serializers.Serializer):
        one = first()
        two = Inner()

    with pytest.raises(FrontendError, match="would both be the TypeScript type InnerType"):
        interface(Both)


class Summary(TypedDict):
    title: str
    tags: list[str]
    due: NotRequired[datetime.date]


@pytest.mark.parametrize(
    ("python", "ts"),
    [
        (int, "number"),
        (str, "string"),
        (bool, "boolean"),
        (None, "null"),
        (Any, "unknown"),
        (decimal.Decimal, "string"),
        (list[int], "number[]"),
        (list[int | str], "(number | string)[]"),
        (Optional[datetime.datetime], "string | null"),  # noqa: UP045 -- typing's spelling
        (dict[str, bool], "Record<string, boolean>"),
        (dict, "Record<string, unknown>"),
        (tuple[int, str], "[number, string]"),
        (tuple[int, ...], "number[]"),
        (Literal["a", 1], '"a" | 1'),
        (Color, '"red" | "blue"'),
    ],
)
def test_python_hints(python, ts):
    assert hint(python) == ts


def test_a_decimal_param_may_be_sent_as_a_number():
    assert hint(decimal.Decimal, params=True) == "string | number"


def test_a_typed_dict_is_an_interface_declared_once():
    declarations = Declarations()
    writer = HintWriter(declarations)
    assert writer.write(list[Summary], "here") == "Summary[]"
    assert writer.write(Summary | None, "here") == "Summary | null"
    assert declarations.render() == textwrap.dedent(
        """\
        export interface Summary {
          title: string;
          tags: string[];
          due?: string;
        }
        """
    )


def test_an_unsupported_hint_is_an_error_naming_where_it_is():
    with pytest.raises(FrontendError, match=r"here: makefrontend cannot write the type hint Task"):
        hint(Task)
    with pytest.raises(FrontendError, match="keys are strings"):
        hint(dict[int, str])


# -- channel classes -----------------------------------------------------------------------


def routes():
    return routed_channels(
        [
            path("ws/project/<int:project_id>/", ProjectChannel.as_asgi()),
            path("ws/sub/<int:project_id>/", SubProjectChannel.as_asgi()),
            path("ws/list/<str:prefix>/", ProjectListChannel.as_asgi()),
            path("ws/other/", lambda scope: None),
        ]
    )


def channels_file() -> str:
    files = {f.path: f.text for f in generate(routes(), "ws://localhost:8000/djwire/ws/")}
    assert list(files) == ["syncapp/syncapp.interfaces.d.ts", "syncapp/syncapp.channels.ts"]
    assert files["syncapp/syncapp.interfaces.d.ts"].startswith(HEADER)
    return files["syncapp/syncapp.channels.ts"]


def test_a_routed_channel_is_a_class_with_its_kwargs_and_typed_actions():
    text = channels_file()
    assert text.startswith(
        HEADER + "\n"
        'import { ContextChannel } from "@djwire/client";\n'
        'import type { ProjectType } from "./syncapp.interfaces";\n'
    )
    assert (
        textwrap.dedent(
            """\
        export interface ProjectChannelRuntimeState {
          last_message: string;
          renames: number;
        }

        export class ProjectChannel extends ContextChannel<ProjectType, ProjectChannelRuntimeState> {
          static readonly channelName = "tests_sync_app_projectchannel";
          static readonly endpoint = "ws/project/<int:project_id>/";
          static readonly socketUrl: string | null = "ws://localhost:8000/djwire/ws/";

          constructor(projectId: number, token?: string) {
            super({ name: ProjectChannel.channelName, socketUrl: ProjectChannel.socketUrl, many: false }, { project_id: projectId }, token);
          }

          async rename(name: string): Promise<Record<string, unknown>> {
            return this.call<Record<string, unknown>>("rename", [name]);
          }

          async add(a: number, b?: string | number, when?: string | null): Promise<unknown> {
            return this.call<unknown>("add", [a, b, when]);
          }
        """  # noqa: E501 -- generated TypeScript
        )
        in text
    )


def test_a_many_channel_holds_a_list_and_one_without_runtime_state_an_empty_record():
    text = channels_file()
    assert "export type ProjectListChannelRuntimeState = Record<string, never>;" in text
    assert "extends ContextChannel<ProjectType[], ProjectListChannelRuntimeState>" in text
    assert "constructor(prefix: string, token?: string)" in text
    assert "  async hideAll(): Promise<unknown> {" in text


def test_inherited_actions_are_generated():
    # RxDjango read cls.__dict__ only: a subclass's TypeScript lost its base's actions.
    text = channels_file()
    sub = text[text.index("export class SubProjectChannel") :]
    assert "  async pingMe(text: string): Promise<unknown> {" in sub


def test_channels_sharing_a_serializer_declare_its_types_once():
    # RxDjango wrote a shared writable serializer's types twice: tsc's "Duplicate identifier".
    class SharedA(ContextChannel):
        __module__ = APP  # channels are generated per app

        class Meta:
            state = TaskSerializer()
            writable = {TaskSerializer: ["save"]}

    class SharedB(ContextChannel):
        __module__ = APP  # channels are generated per app

        class Meta:
            state = TaskSerializer()
            writable = {TaskSerializer: ["save"]}

        class RuntimeState(TypedDict):
            summary: Summary

        @action
        async def summarize(self, which: list[int]) -> Summary:
            return {"title": "", "tags": []}

    found = routed_channels(
        [path("a/<int:id>/", SharedA.as_asgi()), path("b/<int:id>/", SharedB.as_asgi())]
    )
    interfaces, channels = (f.text for f in generate(found, None))
    assert interfaces.count("export interface TaskType ") == 1
    assert interfaces.count("export interface TaskPayload ") == 1
    assert channels.count("export interface Summary ") == 1
    assert "async summarize(which: number[]): Promise<Summary>" in channels
    assert "static readonly socketUrl: string | null = null;" in channels


def test_a_writable_serializer_gets_typed_write_methods_per_operation():
    class Writes(ContextChannel):
        __module__ = APP  # channels are generated per app

        class Meta:
            state = ProjectSerializer()
            writable = {TaskSerializer: ["save", "create", "delete"]}

    found = routed_channels([path("w/<int:project_id>/", Writes.as_asgi())])
    _, channels = (f.text for f in generate(found, None))
    task = f'"{TaskSerializer.__module__}.TaskSerializer"'
    assert (
        "  async saveTask(id: number, data: Partial<TaskPayload>): Promise<number> {\n"
        f"    return this.save<TaskPayload, number>({task}, id, data);\n"
    ) in channels
    assert "async createTask(parentId: number, data: TaskPayload): Promise<number> {" in channels
    assert f"return this.create<TaskPayload, number>({task}, parentId, data);" in channels
    assert (
        f"async deleteTask(id: number): Promise<void> {{\n    return this.delete({task}, id);"
        in (channels)
    )
    assert "TaskPayload } from" in channels  # the payload type is imported


def test_an_action_named_as_a_write_method_is_an_error():
    class Clash(ContextChannel):
        __module__ = APP  # channels are generated per app

        class Meta:
            state = ProjectSerializer()
            writable = {TaskSerializer: ["save"]}

        @action
        async def save_task(self) -> None:
            pass

    found = routed_channels([path("c/<int:project_id>/", Clash.as_asgi())])
    with pytest.raises(FrontendError, match=r"saveTask\(\) has the name of the write method"):
        generate(found, None)


def test_an_action_param_of_unknown_type_is_an_error_naming_it():
    class BadHint(ContextChannel):
        __module__ = APP  # channels are generated per app

        class Meta:
            state = TaskSerializer()

        @action
        async def move(self, target: Task) -> None: ...

    with pytest.raises(FrontendError, match=r"BadHint\.move\(parameter 'target'\)"):
        generate(routed_channels([path("x/<int:id>/", BadHint.as_asgi())]), None)


def test_an_action_named_like_a_client_member_is_an_error():
    class Clash(ContextChannel):
        __module__ = APP  # channels are generated per app

        class Meta:
            state = TaskSerializer()

        @action
        async def call(self) -> None: ...

    writer = ClassWriter(HintWriter(Declarations()), None)
    (route,) = routed_channels([path("x/<int:id>/", Clash.as_asgi())])
    with pytest.raises(FrontendError, match=r"would hide ContextChannel\.call"):
        writer.channel_class(route, "TaskType")


# -- the command ---------------------------------------------------------------------------


@pytest.fixture
def project(settings, tmp_path, monkeypatch):
    """A project whose ASGI app routes the test app's channels, writing into tmp_path."""
    monkeypatch.setattr("djwire.sync.frontend.routes.asgi_routes", routes_list)
    settings.DJWIRE = {**settings.DJWIRE, "frontend_dir": str(tmp_path / "generated")}
    return tmp_path / "generated"


def routes_list():
    return [path("ws/project/<int:project_id>/", ProjectChannel.as_asgi())]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("makefrontend", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_writes_the_files_and_prints_the_diff(project):
    output = run()
    channels = project / "syncapp" / "syncapp.channels.ts"
    assert channels.read_text().startswith(HEADER)
    assert (project / "syncapp" / "syncapp.interfaces.d.ts").exists()
    assert "+export class ProjectChannel extends ContextChannel" in output
    assert "2 of 2 file(s) written" in run("--force")
    assert "0 of 2 file(s) written" in run()


def test_check_fails_with_a_diff_until_the_files_are_current(project):
    with pytest.raises(CommandError, match="2 generated file") as failure:
        run("--check")
    assert failure.value.returncode == 1
    run()
    assert "2 file(s) up to date" in run("--check")
    channels = project / "syncapp" / "syncapp.channels.ts"
    channels.write_text(channels.read_text().replace("rename", "renamed"))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 generated file"):
        call_command("makefrontend", "--check", stdout=out)
    assert '-    return this.call<Record<string, unknown>>("renamed", [name]);' in out.getvalue()


def test_dry_run_writes_nothing(project):
    assert "2 file(s) would change (dry run)" in run("--dry-run")
    assert not project.exists()


def test_a_file_makefrontend_did_not_write_is_kept_unless_forced(project):
    mine = project / "syncapp" / "syncapp.channels.ts"
    mine.parent.mkdir(parents=True)
    mine.write_text("// my own code\n")
    with pytest.raises(CommandError, match="was not written by makefrontend"):
        run()
    run("--force")
    assert mine.read_text().startswith(HEADER)


def test_without_a_frontend_dir_the_error_names_the_setting(settings, monkeypatch):
    monkeypatch.setattr("djwire.sync.frontend.routes.asgi_routes", routes_list)
    with pytest.raises(CommandError, match=r'DJWIRE\["frontend_dir"\].*RX_FRONTEND_DIR'):
        run()


@pytest.mark.parametrize(
    "url", ["ws://localhost:8000", "'ws://localhost:8000/'", '"http://localhost:8000"']
)
def test_rxdjango_settings_are_aliases_and_the_url_is_joined_to_the_socket(
    settings, tmp_path, monkeypatch, url
):
    monkeypatch.setattr("djwire.sync.frontend.routes.asgi_routes", routes_list)
    settings.RX_FRONTEND_DIR = str(tmp_path)
    settings.RX_WEBSOCKET_URL = url
    run()
    text = (tmp_path / "syncapp" / "syncapp.channels.ts").read_text()
    assert 'socketUrl: string | null = "ws://localhost:8000/djwire/ws/";' in text


def test_a_websocket_url_that_is_no_url_is_refused(settings, tmp_path, monkeypatch):
    monkeypatch.setattr("djwire.sync.frontend.routes.asgi_routes", routes_list)
    settings.DJWIRE = {**settings.DJWIRE, "frontend_dir": str(tmp_path)}
    settings.RX_WEBSOCKET_URL = "localhost:8000"
    with pytest.raises(CommandError, match=r"give the server's URL"):
        run()


def test_routes_are_found_inside_the_asgi_application():
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter

    nested = URLRouter([path("p/<int:project_id>/", ProjectChannel.as_asgi())])
    inner = URLRouter([path("ws/", nested)])
    app = ProtocolTypeRouter({"websocket": AuthMiddlewareStack(inner)})
    (found,) = routed_channels([app])
    assert (found.channel, found.route) == (ProjectChannel, "ws/p/<int:project_id>/")
    assert [(k.name, k.ts_type) for k in found.kwargs] == [("project_id", "number")]
