"""The post's page: a plain Django view that signs the page's token for the post's channel."""

from django.shortcuts import get_object_or_404, render

from .channels import BlogPostChannel
from .models import BlogPost
from .serializers import CommentSerializer

# The instance type the page's channel.save() names: the serializer's dotted path.
COMMENT_TYPE = f"{CommentSerializer.__module__}.{CommentSerializer.__qualname__}"


def post_page(request, post_id):
    post = get_object_or_404(BlogPost, pk=post_id)
    token = BlogPostChannel.token_for(request, post_id=post.pk)
    context = {"post": post, "channel_token": token, "comment_type": COMMENT_TYPE}
    return render(request, "liveblog/post.html", context)
