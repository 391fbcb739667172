"""Changes wait for their transaction: sent after commit, once, never for a rollback.

Inside ``transaction.atomic()`` every change is kept in the transaction's batch and the batch
is flushed after the commit, so the browser gets one frame per anchor per transaction, with
each row as it was committed, read once. A change made in a savepoint that is rolled back
sends nothing: the changes of each savepoint form a group whose ``on_commit`` marker Django
discards with the savepoint, and only the groups whose marker ran are flushed. Outside a
transaction (autocommit) a change is flushed at once.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, transaction

from djwire.sync.protocol import OP_CREATE as CREATE
from djwire.sync.protocol import OP_DELETE as DELETE
from djwire.sync.protocol import OP_UPDATE as UPDATE
from djwire.sync.tree import Layer

logger = logging.getLogger("djwire.sync")


@dataclass(eq=False)
class Change:
    """One row of a layer changed: how, and the anchors it was in before (for deletes and
    rows that moved to another anchor)."""

    layer: Layer
    pk: Any
    operation: str
    old_anchors: frozenset[Any] = frozenset()


def merge(changes: list[Change]) -> list[Change]:
    """One change per row: created then updated is created, anything then deleted is
    deleted, deleted then created again (a reused pk) is updated; the old anchors add up."""
    merged: dict[tuple[str, int, Any], Change] = {}
    for change in changes:
        key = (change.layer.channel_name, change.layer.index, change.pk)
        before = merged.get(key)
        if before is None:
            merged[key] = change
            continue
        operation = change.operation
        if before.operation == CREATE and operation == UPDATE:
            operation = CREATE
        elif before.operation == DELETE and operation == CREATE:
            operation = UPDATE
        merged[key] = Change(
            change.layer, change.pk, operation, before.old_anchors | change.old_anchors
        )
    return list(merged.values())


# Sends merged changes, reading their rows from the database of that alias.
Flush = Callable[[list[Change], str], None]


@dataclass(eq=False)
class _Group:
    """The changes made under one stack of savepoints."""

    committed: bool = False
    changes: list[tuple[int, Change]] = field(default_factory=list)

    def mark(self) -> None:
        self.committed = True


class _Batch:
    """The changes of one transaction on one database; called by Django after the commit."""

    def __init__(self, flush: Flush, using: str) -> None:
        self.flush = flush
        self.using = using
        self.groups: dict[frozenset[str], _Group] = {}
        self.order = itertools.count()

    def __call__(self) -> None:
        changes = [
            item for group in self.groups.values() if group.committed for item in group.changes
        ]
        changes.sort(key=lambda item: item[0])
        _run(self.flush, merge([change for _, change in changes]), self.using)


def record(changes: list[Change], using: str, flush: Flush) -> None:
    """Send ``changes`` (those of one save, one bulk write) with ``flush`` after the
    transaction on ``using`` commits; in autocommit, now, together."""
    if not changes:
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        _run(flush, merge(changes), using)
        return
    batch = _batch_of(connection, flush, using)
    key = frozenset(connection.savepoint_ids)
    group = batch.groups.get(key)
    if group is None:
        group = batch.groups[key] = _Group()
        transaction.on_commit(group.mark, using=using)
        _keep_last(connection, batch)
    group.changes.extend((next(batch.order), change) for change in changes)


def _run(flush: Flush, changes: list[Change], using: str) -> None:
    try:
        flush(changes, using)
    except Exception:
        # The data is committed; only the browsers miss this change (they get it with the
        # next snapshot). The code that saved must not fail for it.
        logger.exception("broadcasting a committed change failed")


def _batch_of(connection: Any, flush: Flush, using: str) -> _Batch:
    # The batch is the transaction's: it lives in the connection's commit hooks, so a rolled
    # back transaction (whose hooks Django drops) takes its batch along.
    # One batch per flush: the anchors' changes and Meta.auto_update's creations go apart.
    for _, hook, _ in reversed(connection.run_on_commit):
        if isinstance(hook, _Batch) and hook.flush is flush:
            return hook
    batch = _Batch(flush, using)
    _keep_last(connection, batch)
    return batch


def _keep_last(connection: Any, batch: _Batch) -> None:
    # The batch runs after every group marker (Django runs commit hooks in order), so it
    # knows which groups survived. Its entry carries no savepoint ids: a savepoint rolled
    # back drops that savepoint's group marker, never the batch. This is Django's
    # (savepoint ids, callable, robust) entry, the format of on_commit() since Django 4.2.
    hooks = connection.run_on_commit
    if hooks and hooks[-1][1] is batch:
        return
    connection.run_on_commit = [hook for hook in hooks if hook[1] is not batch]
    connection.run_on_commit.append((set(), batch, False))
