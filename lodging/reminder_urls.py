"""Reminder settings at /account/reminders/ and the e-mails' unsubscribe links."""

from django.urls import path

from lodging import reminder_views

app_name = "reminders"

urlpatterns = [
    path("", reminder_views.reminder_settings, name="settings"),
    path("unsubscribe/<str:token>/", reminder_views.unsubscribe, name="unsubscribe"),
]
