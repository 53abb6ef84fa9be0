"""The staff page under /stays/national/ (included from lodging/urls.py)."""

from django.urls import path

from lodging.national import views

app_name = "national"

urlpatterns = [
    path("", views.page, name="page"),
    path("batches/", views.create, name="create"),
    path("batches/<int:batch_id>/file/", views.download, name="download"),
    path("batches/<int:batch_id>/reconcile/", views.reconcile, name="reconcile"),
]
