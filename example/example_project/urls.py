from django.contrib import admin
from django.urls import path

from demo import views

urlpatterns = [
    path("", views.index, name="index"),
    path("counter/", views.CounterView.as_view(), name="counter"),
    path("todo/", views.TodoView.as_view(), name="todo"),
    path("table/", views.TableView.as_view(), name="table"),
    path("admin/", admin.site.urls),
]
