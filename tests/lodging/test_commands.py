"""`create_staff_user`: the contract command that gives a receptionist their login."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from lodging.models import StaffMembership

pytestmark = pytest.mark.django_db


def test_create_staff_user_makes_a_login_for_the_establishment(homestay):
    call_command("create_staff_user", "lan", "--password", "long-password-1",
                 "--establishment", "SAPA-0001", "--role", "owner")
    user = get_user_model().objects.get(username="lan")
    assert user.check_password("long-password-1")
    assert StaffMembership.objects.get(user=user).role == "owner"
    call_command("create_staff_user", "lan", "--password", "other-password-2",
                 "--establishment", "SAPA-0001")
    assert StaffMembership.objects.get(user=user).role == "receptionist"


def test_create_staff_user_refuses_unknown_establishments_and_weak_passwords(homestay):
    with pytest.raises(CommandError, match="No establishment"):
        call_command("create_staff_user", "x", "--password", "long-password-1",
                     "--establishment", "NOPE")
    with pytest.raises(CommandError):
        call_command("create_staff_user", "x", "--password", "123",
                     "--establishment", "SAPA-0001")
    assert not get_user_model().objects.filter(username="x").exists()
