"""Signing test users in the way the site requires.

Police accounts, establishment owners and superusers must pass two-factor
authentication; tests that are not about the sign-in itself use `sign_in`, which logs
the user in and, for those who need it, completes the second factor with a real TOTP
device (tests of the sign-in steps are in tests/test_security.py).
"""

import base64

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.two_factor import requires_two_factor


def totp_device(user) -> TOTPDevice:
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True})
    return device


def sign_in(client, user):
    """Log `user` in on the Django test `client`, second factor included when required."""
    client.force_login(user)
    if requires_two_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session.save()
    return client


def current_code(secret: str) -> str:
    """The 6-digit code an authenticator app shows now for a base32 `secret`."""
    secret = "".join(secret.split()).upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"
