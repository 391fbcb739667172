"""The liveblog's channel on a route of its own (RxDjango's way of serving a channel): what
``manage.py makefrontend`` reads the channel's URL kwargs from, for the generated class."""

from django.urls import path

from .channels import BlogPostChannel

websocket_urlpatterns = [path("ws/post/<int:post_id>/", BlogPostChannel.as_asgi())]
