"""A post as a model-state channel: every save of the post or of its comments, wherever it is
made (this page's action, a reader's edit, the admin, ``manage.py liveblog``), reaches every
reader."""

from typing import TypedDict

from channels.db import database_sync_to_async

from djwire.sync import SAVE, ActionError, ContextChannel, action

from .models import Comment
from .serializers import BlogPostSerializer, CommentSerializer

MAX_COMMENT = Comment._meta.get_field("text").max_length


class AddedComment(TypedDict):
    """What ``add_comment`` answers: the new comment's id (its row arrives with the broadcast)."""

    id: int


class BlogPostChannel(ContextChannel):
    class Meta:
        state = BlogPostSerializer()
        # The page's channel.save() of a comment: checked by can_save below.
        writable = {CommentSerializer: [SAVE]}

    def __init__(self, user, **kwargs):
        super().__init__(user, **kwargs)
        # The comments this connection added: a guest has no account to own them by, so a
        # reader may edit what they wrote from this page, until they leave it.
        self.written = set()

    class RuntimeState(TypedDict):
        # How many comments this connection added: per socket, never stored.
        comments_added: int

    @staticmethod
    def has_permission(user, **kwargs):
        # A public blog: anyone may read every post. Denied by default, so said here.
        return True

    @action
    async def add_comment(self, text: str, author: str = "guest") -> AddedComment:
        """Add a comment to the post; the page sees it when the broadcast arrives."""
        text, author = text.strip(), author.strip() or "guest"
        if not text:
            raise ActionError("a comment needs some text")
        if len(text) > MAX_COMMENT:
            raise ActionError(f"a comment has at most {MAX_COMMENT} characters")
        comment = await database_sync_to_async(Comment.objects.create)(
            post_id=self.kwargs["post_id"], author=author[:50], text=text
        )
        self.written.add(comment.pk)
        added = self.runtime_state.get("comments_added", 0) + 1
        self.set_runtime_var("comments_added", added)
        return {"id": comment.pk}

    def can_save(self, user, instance, data):
        """A reader may edit the text of their own comments (writes are denied by default)."""
        return instance.pk in self.written and set(data) <= {"text"}
