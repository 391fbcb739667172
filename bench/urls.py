from django.urls import path

from bench.benchapp import boards, held, push, views, windows

urlpatterns = [
    path("small/", views.SmallView.as_view()),
    path("other/", views.OtherView.as_view()),
    path("table/", views.TableView.as_view()),
    path("table/<int:size>/", views.TableView.as_view()),
    path("room/", windows.room),
    path("bench/push/", push.push),
    path("bench/ping/", windows.ping),
    path("bench/memory/", push.memory),
    path("bench/held/", held.held),
    path("board/<int:board_id>/token/", boards.token),
    path("bench/sync/setup/", boards.setup),
    path("bench/sync/save/", boards.save),
    path("bench/sync/save-cost/", boards.save_cost),
]
