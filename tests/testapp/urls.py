from django.urls import path

from tests.testapp import views

urlpatterns = [
    path("counter/", views.CounterView.as_view(), name="counter"),
    path("mixed/", views.MixedView.as_view()),
    path("notes/<int:pk>/", views.NoteView.as_view()),
    path("items/<int:start>/", views.ItemsView.as_view()),
]
