"""The hotel UI at /stays/ (Vietnamese) and /en/stays/ (English)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from lodging import upload_views, views

app_name = "lodging"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="lodging/login.html",
                                                redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="lodging:login"), name="logout"),
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
]
