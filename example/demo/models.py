from django.db import models

TODO_TEXT_MAX = 80


class Item(models.Model):
    """One line of the todo demo."""

    text = models.CharField(max_length=TODO_TEXT_MAX)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class Product(models.Model):
    """One row of the 1,000-row table demo."""

    name = models.CharField(max_length=100)
    category = models.CharField(max_length=50)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    stock = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Note(models.Model):
    """A note of the shared-note demo, edited live from several tabs. ``version`` counts the
    saves: a save names the version it was based on, and one based on an older version than
    the saved one is refused instead of overwriting it."""

    title = models.CharField(max_length=100)
    content = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title
