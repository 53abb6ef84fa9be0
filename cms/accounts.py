"""Accounts made from the command line (staff, police): one way to set their password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password


def account_with_password(username: str, password: str):
    """The account `username`, created when new, with `password` set and saved. Django's
    password validators judge it first (ValidationError when they refuse it)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first() or User(username=username)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user
