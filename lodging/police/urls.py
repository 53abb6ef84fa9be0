"""URL routes of the police review; included from laocai/urls.py at /police/."""

from django.urls import path

from cms.sign_out import SignOutView
from lodging.police import views

app_name = "police"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.PoliceLoginView.as_view(), name="login"),
    path("logout/", SignOutView.as_view(next_page="police:login"), name="logout"),
    path("search/", views.search, name="search"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("stays/<int:stay_id>/timeline/", views.timeline, name="timeline"),
    path("stays/<int:stay_id>/", views.stay_detail, name="stay"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:alert_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("watchlist/", views.watchlist_view, name="watchlist"),
    path("watchlist/import/", views.watchlist_import, name="watchlist_import"),
    path("watchlist/<int:entry_id>/toggle/", views.watchlist_toggle, name="watchlist_toggle"),
    path("establishments/", views.establishments, name="establishments"),
    path("establishments/<int:establishment_id>/status/", views.establishment_status,
         name="establishment_status"),
    path("statistics/", views.statistics_view, name="statistics"),
    path("audit/", views.audit_log, name="audit_log"),
]
