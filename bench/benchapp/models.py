"""The small models of bench/sync_fanout.py: a board with its cards (a nested state), and a
card model no channel reaches (plain Django, the baseline of a save's cost)."""

from __future__ import annotations

from django.db import models


class Board(models.Model):
    name = models.CharField(max_length=100)


class Card(models.Model):
    board = models.ForeignKey(Board, related_name="cards", on_delete=models.CASCADE)
    title = models.CharField(max_length=100)
    position = models.IntegerField(default=0)


class PlainCard(models.Model):
    """The same columns as :class:`Card`, in no channel's state."""

    board = models.ForeignKey(Board, related_name="plain_cards", on_delete=models.CASCADE)
    title = models.CharField(max_length=100)
    position = models.IntegerField(default=0)
