"""The post's page: a plain Django view that signs the page's token for the post's channel."""

from django.shortcuts import get_object_or_404, render

from .channels import BlogPostChannel
from .models import BlogPost


def post_page(request, post_id):
    post = get_object_or_404(BlogPost, pk=post_id)
    token = BlogPostChannel.token_for(request, post_id=post.pk)
    return render(request, "liveblog/post.html", {"post": post, "channel_token": token})
