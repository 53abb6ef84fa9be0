"""The hotel UI at /stays/ (Vietnamese) and /en/stays/ (English)."""

from django.urls import include, path

from cms.sign_out import SignOutView
from lodging import upload_views, views

app_name = "lodging"

urlpatterns = [
    # Without a `next`, signing in leads to the account's own start page (home_for).
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", SignOutView.as_view(next_page="lodging:login"), name="logout"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.offline, name="offline"),
    path("csrf/", views.csrf, name="csrf"),
    path("jsi18n/", views.javascript_catalog, name="jsi18n"),
    path("", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("scan/", views.scan, name="scan"),
    path("history/", views.history, name="history"),
    path("<int:stay_id>/", views.stay_detail, name="stay"),
    path("<int:stay_id>/checkout/", views.checkout, name="checkout"),
    path("<int:stay_id>/extend/", views.extend, name="extend"),
    path("<int:stay_id>/correct/", views.correct, name="correct"),
    path("<int:stay_id>/cancel/", views.cancel, name="cancel"),
    path("receipts/<str:code>/", views.receipt, name="receipt"),
    path("receipts/<str:code>/pdf", views.receipt_pdf, name="receipt-pdf"),
    path("upload/", upload_views.upload, name="upload"),
    path("upload/template.<str:fmt>", upload_views.template, name="upload-template"),
    path("export.<str:fmt>", upload_views.export, name="export"),
    path("national/", include("lodging.national.urls")),
]
