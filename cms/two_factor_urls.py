"""The second sign-in step, in both languages (included inside i18n_patterns)."""

from django.urls import path

from cms import two_factor
from cms.sign_out import SignOutView

app_name = "two_factor"

urlpatterns = [
    path("", two_factor.verify, name="verify"),
    path("setup/", two_factor.setup, name="setup"),
    path("backup-codes/", two_factor.backup_codes, name="backup_codes"),
    path("sign-out/", SignOutView.as_view(next_page="/"), name="sign_out"),
]
