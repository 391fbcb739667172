"""RxDjango's liveblog: a post and its comments, watched live by every reader."""

from django.db import models


class BlogPost(models.Model):
    """A post; its page shows it and its comments as they change."""

    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """A reader's comment on a post."""

    post = models.ForeignKey(BlogPost, related_name="comments", on_delete=models.CASCADE)
    author = models.CharField(max_length=50)
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text}"
