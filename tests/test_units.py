"""Administrative units come from the vietnam-provinces package, searchable any way typed."""

import pytest
from django.core.management import call_command

from cms.models import Commune, Province

pytestmark = pytest.mark.django_db


def test_new_lao_cai_has_its_99_communes_and_wards():
    lao_cai = Province.objects.get(code="15")
    assert lao_cai.name == "Lào Cai"
    assert Commune.objects.in_lao_cai().count() == 99
    # Former Yên Bái units belong to the merged province since 2025-07-01.
    assert Commune.objects.in_lao_cai().filter(short_name="Mù Cang Chải").exists()
    assert Commune.objects.in_lao_cai().filter(name="Phường Sa Pa").exists()


def test_the_whole_country_is_loaded_in_two_tiers():
    assert Province.objects.count() == 34
    assert Commune.objects.count() > 3000
    assert set(Commune.objects.values_list("division_type", flat=True)) == {
        "xã", "phường", "đặc khu"
    }


@pytest.mark.parametrize("typed", ["Bắc Hà", "bac ha", "BAC HA", "Xã Bắc Hà", "xa bac ha"])
def test_a_commune_is_found_with_or_without_diacritics_and_prefix(typed):
    found = Commune.objects.in_lao_cai().search(typed)
    assert [c.name for c in found] == ["Xã Bắc Hà"]


def test_resolve_takes_the_official_code_or_the_exact_name():
    y_ty = Commune.objects.in_lao_cai().get(short_name="Y Tý")
    assert Commune.objects.resolve(y_ty.code) == y_ty
    assert Commune.objects.resolve(str(int(y_ty.code))) == y_ty  # leading zeros dropped
    assert Commune.objects.in_lao_cai().resolve("y ty") == y_ty
    assert Commune.objects.in_lao_cai().resolve("Xã Y Tý") == y_ty
    assert Commune.objects.in_lao_cai().resolve("Nowhere") is None
    assert Commune.objects.resolve("") is None


def test_load_units_is_idempotent(capsys):
    before = Commune.objects.count()
    call_command("load_units")
    assert Commune.objects.count() == before
    assert "99 in Lào Cai" in capsys.readouterr().out
