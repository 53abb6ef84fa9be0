from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from tourism import admin_views


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("tourism/import/", admin_views.import_places, name="tourism_import"),
        re_path(r"^tourism/export/(?P<file_format>csv|xlsx)/$", admin_views.export_places,
                name="tourism_export"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return MenuItem(_("Import destinations"), reverse("tourism_import"), icon_name="upload",
                    order=900)
