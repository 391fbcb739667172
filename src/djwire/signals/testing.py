"""``SignalQueue``: record the signals a test triggers, without workers, Redis or Celery.

::

    from djwire.signals.testing import SignalQueue

    with SignalQueue() as queue:
        trigger(window_info, "chat.message", to=[SERVER, "room-5"], text="hi")
    assert queue.ws_signals["key.room-5"] == [("chat.message", {"text": "hi"})]
    assert queue.python_signals["celery"][0][0] == "chat.message"
    queue.execute_delayed_signals()      # runs them, first triggered first

``ws_signals`` maps each topic key to the ``(name, kwargs)`` sent to its windows;
``python_signals`` maps each queue to the argument lists of ``process_task``, as in
df_websockets (whose ``execute_delayed_signals`` needed Celery and ran them last first).
"""

from __future__ import annotations

from collections import defaultdict
from types import TracebackType
from typing import Any

from djwire.signals import tasks
from djwire.signals.processing import process_task


class SignalQueue:
    """Replaces the workers and the browser side while it is active."""

    def __init__(self, immediate_execution: bool = False) -> None:
        self.immediate_execution = immediate_execution
        self.ws_signals: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        self.python_signals: dict[str, list[list[Any]]] = defaultdict(list)
        self._saved: tuple[Any, Any] | None = None

    def activate(self) -> None:
        """Start recording (``with SignalQueue():`` does it)."""
        self._saved = (tasks.call_task, tasks._call_ws_signal)
        tasks.call_task = self._call_task
        tasks._call_ws_signal = self._call_ws_signal

    def deactivate(self) -> None:
        """Stop recording: signals go to the workers and windows again."""
        if self._saved is not None:
            tasks.call_task, tasks._call_ws_signal = self._saved
            self._saved = None

    def __enter__(self) -> SignalQueue:
        self.activate()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.deactivate()

    def _call_task(
        self, queue: str, signal_args: list[Any], delay: float | None, expires_at: float | None
    ) -> None:
        if signal_args[4]:  # a delayed browser part: recorded as sent to its windows
            for key in signal_args[4]:
                self.ws_signals[key].append((signal_args[0], signal_args[2]))
            if not signal_args[5]:
                return
        if self.immediate_execution:
            process_task(*signal_args)
        else:
            self.python_signals[queue].append(signal_args)

    async def _call_ws_signal(
        self, signal_name: str, keys: list[str], kwargs: dict[str, Any]
    ) -> None:
        for key in keys:
            self.ws_signals[key].append((signal_name, kwargs))

    def execute_delayed_signals(self, queues: list[str] | None = None) -> None:
        """Run the recorded server signals (of ``queues``, or all), in the order triggered."""
        for queue in list(self.python_signals) if queues is None else queues:
            waiting = self.python_signals.get(queue, [])
            while waiting:
                process_task(*waiting.pop(0))
