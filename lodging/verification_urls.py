"""Public receipt verification at /verify/ (Vietnamese) and /en/verify/."""

from django.urls import path

from lodging import verification_views

app_name = "verification"

urlpatterns = [
    path("", verification_views.verify_form, name="form"),
    path("<str:code>/", verification_views.verify_receipt, name="receipt"),
]
