"""Call set-up, staff's pages (namespace "setup")."""

from django.urls import path

from grants.setup import views

app_name = "setup"
urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("new/", views.call_create, name="call_create"),
    path("<int:pk>/", views.call_detail, name="call_detail"),
    path("<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("<int:pk>/close/", views.call_close_intake, name="call_close_intake"),
    path("<int:pk>/criteria/new/", views.criterion_edit, name="criterion_create"),
    path("<int:pk>/criteria/<int:criterion>/", views.criterion_edit, name="criterion_edit"),
    path("<int:pk>/criteria/<int:criterion>/remove/", views.criterion_remove, name="criterion_remove"),
    path("<int:pk>/envelopes/", views.year_envelope_set, name="year_envelope_set"),
    path("<int:pk>/envelopes/<int:year>/remove/", views.year_envelope_remove, name="year_envelope_remove"),
]
