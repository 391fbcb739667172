from django.contrib import admin
from django.urls import path

from demo import views
from demo.chat import chat
from demo.playground import PlaygroundView
from demo.services import ServicesView, get_price_feed
from djwire.routing import live_session
from liveblog.react_app import react_app
from liveblog.views import post_page

urlpatterns = [
    path("", views.index, name="index"),
    path("counter/", views.CounterView.as_view(), name="counter"),
    path("todo/", views.TodoView.as_view(), name="todo"),
    path("table/", views.TableView.as_view(), name="table"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("account/", views.AccountView.as_view(), name="account"),
    path("notes/<int:pk>/", views.SharedNoteView.as_view(), name="note"),
    path("playground/", PlaygroundView.as_view(), name="playground"),
    path("services/", live_session(ServicesView, price_feed=get_price_feed), name="services"),
    path("chat/", chat, name="chat"),
    path("chat/<slug:room>/", chat, name="chat-room"),
    path("blog/<int:post_id>/", post_page, name="blog-post"),
    path("blog-react/<path:path>", react_app, name="blog-react"),
    path("admin/", admin.site.urls),
]
