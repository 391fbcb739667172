"""The whole state of some anchors, read from the database: what a join starts from.

Layers are read in the tree's order (a parent before what it nests), one query per layer,
each row once however many parents hold it, with the layers a broadcast sends: flat rows,
nested rows as ids. Rows of a ``Meta.user_key`` serializer that belong to another user are
left out, with what they nest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable
from typing import Any

from djwire.sync import rows
from djwire.sync.broadcast import jsonable
from djwire.sync.protocol import LAYER_OPERATION, LAYER_TYPE, LAYER_VERSION, OP_INITIAL
from djwire.sync.tree import Layer, StateTree


def read_state(
    tree: StateTree,
    anchors: Collection[Hashable],
    user_id: Any,
    version: int,
    using: str = "default",
) -> list[dict[str, Any]]:
    """The layers of the state of ``anchors`` as ``user_id`` may see it, at ``version``."""
    wanted: defaultdict[Layer, set[Hashable]] = defaultdict(set)
    wanted[tree.root].update(anchors)
    sent: set[tuple[str, Hashable]] = set()
    found: list[dict[str, Any]] = []
    for layer in tree.layers:
        pks = [pk for pk in wanted.pop(layer, ()) if (layer.instance_type, pk) not in sent]
        for pk, row in rows.fetch(layer, pks, using).items():
            data = rows.flat(layer, row)
            if layer.user_key is not None and data.get(layer.user_key) not in (None, user_id):
                continue
            sent.add((layer.instance_type, pk))
            for name, nested in layer.nested.items():
                held = data.get(name)
                if isinstance(held, list):
                    wanted[nested.layer].update(held)
                elif held is not None:
                    wanted[nested.layer].add(held)
            found.append(
                {
                    **data,
                    LAYER_TYPE: layer.instance_type,
                    LAYER_OPERATION: OP_INITIAL,
                    LAYER_VERSION: version,
                }
            )
    layers: list[dict[str, Any]] = jsonable(found)
    return layers


def existing(tree: StateTree, anchors: Collection[Hashable], using: str = "default") -> set[Any]:
    """The anchors of ``anchors`` that are rows of the anchor model."""
    manager = tree.anchor_model._base_manager.using(using)
    return set(manager.filter(pk__in=list(anchors)).values_list("pk", flat=True))
