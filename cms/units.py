"""Administrative units (2025 two-tier: province → commune/ward) from `vietnam-provinces`.

The package is the source of truth; nothing here is typed by hand. `sync_units` is
idempotent and is called by a data migration and by `manage.py load_units`.
"""

from dataclasses import dataclass

from vietnam_provinces import Province as PackageProvince
from vietnam_provinces import Ward as PackageWard

from cms.text import fold

LAO_CAI_PROVINCE_CODE = "15"

# Prefixes of official names, longest first; stripped for the short name and lookups.
WARD_PREFIXES = ("Đặc khu ", "Phường ", "Xã ")
PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")


def province_code(value) -> str:
    return f"{int(value):02d}"


def ward_code(value) -> str:
    return f"{int(value):05d}"


def short_name(name: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


@dataclass
class SyncResult:
    provinces: int
    communes: int


def sync_units(province_model, commune_model) -> SyncResult:
    """Create or update every province and commune/ward; models passed in for migrations."""
    provinces = {}
    for item in PackageProvince.iter_all():
        code = province_code(item.code.value)
        short = short_name(item.name, PROVINCE_PREFIXES)
        province, _ = province_model.objects.update_or_create(
            code=code,
            defaults={
                "name": item.name,
                "short_name": short,
                "division_type": item.division_type.value,
                "codename": item.codename,
                "name_folded": fold(short),
            },
        )
        provinces[code] = province

    existing = {c.code: c for c in commune_model.objects.all()}
    to_create, to_update = [], []
    for item in PackageWard.iter_all():
        code = ward_code(item.code.value)
        short = short_name(item.name, WARD_PREFIXES)
        values = {
            "name": item.name,
            "short_name": short,
            "division_type": item.division_type.value,
            "codename": item.codename,
            "name_folded": fold(short),
            "province": provinces[province_code(item.province_code.value)],
        }
        commune = existing.get(code)
        if commune is None:
            to_create.append(commune_model(code=code, **values))
        elif any(getattr(commune, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(commune, key, value)
            to_update.append(commune)
    commune_model.objects.bulk_create(to_create, batch_size=500)
    commune_model.objects.bulk_update(to_update, list(values), batch_size=500)
    return SyncResult(provinces=len(provinces), communes=commune_model.objects.count())
