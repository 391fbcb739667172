"""The model-state channel of bench/sync_fanout.py, found at startup as every installed app's
``channels`` module is: a board with its cards."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from bench.benchapp.models import Board, Card
from djwire.sync import ContextChannel


class CardSerializer(serializers.ModelSerializer[Card]):
    class Meta:
        model = Card
        fields = ["id", "title", "position"]


class BoardSerializer(serializers.ModelSerializer[Board]):
    cards = CardSerializer(many=True, read_only=True)

    class Meta:
        model = Board
        fields = ["id", "name", "cards"]


class BoardChannel(ContextChannel):
    class Meta:
        state = BoardSerializer()

    @staticmethod
    def has_permission(user: Any, **kwargs: Any) -> bool:
        return True  # a benchmark: every browser may watch
