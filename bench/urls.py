from django.urls import path

from bench.benchapp import push, views

urlpatterns = [
    path("small/", views.SmallView.as_view()),
    path("table/", views.TableView.as_view()),
    path("table/<int:size>/", views.TableView.as_view()),
    path("bench/push/", push.push),
    path("bench/memory/", push.memory),
]
