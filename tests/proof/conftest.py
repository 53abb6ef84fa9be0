"""The lodging fixtures (establishments, staff, guests) for the proof-and-reminder stories."""

from tests.lodging.conftest import (  # noqa: F401
    api,
    homestay,
    other_hotel,
    other_receptionist,
    receptionist,
)
