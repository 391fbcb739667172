"""@signal, connections, permissions and queues."""

import pytest
from django.test import override_settings

from djwire.signals import decorators
from djwire.signals.decorators import (
    RE,
    REGISTERED_SIGNALS,
    Choice,
    Connection,
    DynamicQueueName,
    RandomDynamicQueueName,
    SerializedForm,
    SignalConnection,
    everyone,
    has_perm,
    is_anonymous,
    is_authenticated,
    is_staff,
    is_superuser,
    server_side,
    signal,
    signals_named,
)
from djwire.signals.utils import RE as UtilsRE
from djwire.signals.window_info import WindowInfo
from djwire.transport.callables import BadParams


@pytest.fixture(autouse=True)
def _registry():
    saved = {path: list(connections) for path, connections in REGISTERED_SIGNALS.items()}
    REGISTERED_SIGNALS.clear()
    yield
    REGISTERED_SIGNALS.clear()
    REGISTERED_SIGNALS.update(saved)


def test_the_validators_are_importable_from_decorators_as_df_websockets_documents():
    assert RE is UtilsRE and Choice and SerializedForm
    assert all(getattr(decorators, name) is not None for name in decorators.__all__)


def test_bare_signal_registers_under_module_and_name_and_returns_the_function():
    def hello(window_info, name="x"):
        return f"hello {name}"

    assert signal(hello) is hello
    (connection,) = REGISTERED_SIGNALS[f"{__name__}.hello"]
    assert isinstance(connection, SignalConnection)
    assert connection.function is hello and connection.is_allowed_to is server_side
    assert connection(WindowInfo(), name="y") == "hello y"


def test_signal_with_arguments_and_several_functions_per_path():
    @signal(path="demo.first", is_allowed_to=everyone, queue="fast")
    def one(window_info):
        pass

    @signal(path="demo.first")
    def two(window_info, **kwargs):
        pass

    assert [c.function for c in signals_named("demo.first")] == [one, two]
    assert signals_named("demo.first")[0].queue == "fast"
    assert signals_named("nothing.here") == []


def test_decorating_the_same_function_again_replaces_it():
    # as when a module is imported twice
    for _ in range(2):

        @signal(path="demo.again")
        def again(window_info):
            pass

    assert len(REGISTERED_SIGNALS["demo.again"]) == 1


@pytest.mark.parametrize("path", ["", "1abc", "a..b", "a.b.", "a-b", "a b", "a.b\n"])
def test_a_bad_path_names_the_function_and_the_fix(path):
    def f(window_info):
        pass

    with pytest.raises(ValueError, match=r"@signal on .*\.f: path .* is not a dotted name"):
        signal(path=path)(f)


def test_the_function_must_take_window_info_first():
    def no_window(name):
        pass

    with pytest.raises(TypeError, match="the first parameter must be window_info"):
        signal(no_window)
    with pytest.raises(TypeError, match="the first parameter must be window_info"):
        signal(lambda: None)

    def keyword_only(*, window_info):
        pass

    with pytest.raises(TypeError, match="passed by position"):
        signal(keyword_only)


def test_star_args_and_positional_only_are_refused():
    def star(window_info, *args):
        pass

    with pytest.raises(TypeError, match=r"\*args cannot be filled.*use \*\*args"):
        signal(star)

    def positional(window_info, a, /):
        pass

    with pytest.raises(TypeError, match="positional-only"):
        signal(positional)


def test_connection_reads_the_signature():
    def f(window_info, a: int, b, c="x", **rest):
        pass

    connection = Connection(f, path="demo.f")
    assert connection.required_arguments_names == {"a", "b"}
    assert connection.optional_arguments_names == {"c"}
    assert connection.accepted_argument_names == {"a", "b", "c"}
    assert connection.accept_kwargs and connection.argument_types == {"a": int}
    assert connection.path == "demo.f" and "demo.f" in repr(connection)
    connection.register()  # a plain Connection is recorded nowhere
    assert REGISTERED_SIGNALS == {}


def test_check_converts_the_arguments():
    def f(window_info, a: int, size: Choice(["s", "m"]) = "s", **rest):  # type: ignore[valid-type]
        pass

    connection = Connection(f)
    assert connection.check({"a": "3", "size": "m", "extra": 1}) == {
        "a": 3,
        "size": "m",
        "extra": 1,
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "missing parameter 'a'"),
        ({"a": "x"}, "parameter 'a': expected int, got 'x'"),
        ({"a": 1, "b": 2, "zz": 3}, "unknown parameter 'b', 'zz' for demo.g"),
        ({"a": 1, "window_info": {}}, "'window_info' is set by the server"),
        ([1], "must be an object"),
    ],
)
def test_check_raises_bad_params_naming_the_argument(kwargs, message):
    def g(window_info, a: int):
        pass

    with pytest.raises(BadParams, match=message):
        Connection(g, path="demo.g").check(kwargs)


def test_get_queue():
    def f(window_info):
        pass

    window_info = WindowInfo()
    assert Connection(f).get_queue(window_info, {}) == "celery"
    with override_settings(DJWIRE={"signal_default_queue": "default"}):
        assert Connection(f).get_queue(window_info, {}) == "default"
    with override_settings(WEBSOCKET_DEFAULT_QUEUE="df"):
        assert Connection(f).get_queue(window_info, {}) == "df"
    assert Connection(f, queue="slow").get_queue(window_info, {}) == "slow"
    chooser = lambda connection, wi, kwargs: f"q{kwargs['n']}"  # noqa: E731
    assert Connection(f, queue=chooser).get_queue(window_info, {"n": 2}) == "q2"
    with pytest.raises(TypeError, match="not a name"):
        Connection(f, queue=lambda *a: None).get_queue(window_info, {})


def test_dynamic_queue_names():
    assert DynamicQueueName().get_available_queues() == {"celery"}
    with pytest.raises(NotImplementedError):
        DynamicQueueName()(None, WindowInfo(), {})
    queues = RandomDynamicQueueName("slow-", 3)
    assert queues.get_available_queues() == {"slow-0", "slow-1", "slow-2"}
    assert {queues(None, WindowInfo(), {}) for _ in range(200)} == queues.get_available_queues()
    assert repr(queues) == "RandomDynamicQueueName('slow-', 3)"
    with pytest.raises(ValueError, match="size must be >= 1"):
        RandomDynamicQueueName("x", 0)


def window(**fields):
    window_info = WindowInfo()
    for name, value in fields.items():
        setattr(window_info, name, value)
    return window_info


def test_permission_helpers():
    anonymous = WindowInfo()
    staff = window(is_authenticated=True, is_anonymous=False, is_staff=True)
    root = window(is_authenticated=True, is_anonymous=False, is_superuser=True)
    assert not server_side(None, root, {}) and everyone(None, anonymous, {})
    assert is_anonymous(None, anonymous, {}) and not is_anonymous(None, staff, {})
    assert is_authenticated(None, staff, {}) and not is_authenticated(None, anonymous, {})
    assert is_staff(None, staff, {}) and not is_staff(None, root, {})
    assert is_superuser(None, root, {}) and not is_superuser(None, staff, {})


def test_has_perm():
    window_info = window(user_set=True, is_active=True, _perms={"notes.change_note"})
    assert has_perm("notes.change_note")(None, window_info, {})
    assert not has_perm("notes.delete_note")(None, window_info, {})
    assert not has_perm("notes.change_note")(None, WindowInfo(), {})
    assert repr(has_perm("a.b")) == "has_perm('a.b')"
