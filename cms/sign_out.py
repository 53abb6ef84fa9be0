"""Signing out, for every area of the site (hotel app, police, the second sign-in step)."""

from django.contrib.auth import views as auth_views


class SignOutView(auth_views.LogoutView):
    """Signing out also wipes what this site kept in the browser: the hotel app's offline
    queue of families (personal data), its service worker and caches."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
