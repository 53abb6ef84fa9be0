"""Country names for the nationality picker, in Vietnamese and English, from pycountry.

The form stores ISO 3166 alpha-3 codes; people type a name in either language (with or
without diacritics) or the code, and the picker shows both names.
"""

import gettext
from functools import lru_cache

import pycountry

from cms.text import fold

# pycountry's Vietnamese catalogue dates from the 1970s for some countries ("Căm Bốt",
# "Cộng hoà Nam Hàn"); the names receptionists and passports use today win, and the
# old names are still found by the search.
CURRENT_VIETNAMESE_NAMES = {
    "KOR": "Hàn Quốc", "PRK": "Triều Tiên", "KHM": "Campuchia", "LAO": "Lào",
    "TWN": "Đài Loan", "GBR": "Anh", "RUS": "Nga", "JPN": "Nhật Bản", "NLD": "Hà Lan",
    "IND": "Ấn Độ", "ISR": "Israel", "CAN": "Canada", "MYS": "Malaysia",
    "SGP": "Singapore", "ARG": "Argentina", "AFG": "Afghanistan", "USA": "Hoa Kỳ",
}


@lru_cache(maxsize=1)
def _vietnamese():
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"],
                               fallback=True)


def english_name(country) -> str:
    return getattr(country, "common_name", None) or country.name


def vietnamese_name(country) -> str:
    # Translations are keyed by the official ISO name, not the common one.
    return CURRENT_VIETNAMESE_NAMES.get(country.alpha_3) or _vietnamese().gettext(country.name)


@lru_cache(maxsize=4)
def countries(language: str = "vi") -> tuple[tuple[str, str, str], ...]:
    """(alpha-3, Vietnamese name, English name), sorted by the name in `language`."""
    rows = [(c.alpha_3, vietnamese_name(c), english_name(c)) for c in pycountry.countries]
    key = (lambda row: fold(row[1])) if language == "vi" else (lambda row: fold(row[2]))
    return tuple(sorted(rows, key=key))


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for alpha_3, vi, en in countries():
        country = pycountry.countries.get(alpha_3=alpha_3)
        old_vi = _vietnamese().gettext(country.name)
        for name in {vi, old_vi, en, country.name, getattr(country, "official_name", "")}:
            if name:
                names.setdefault(fold(name), alpha_3)
        names.setdefault(fold(f"{vi} · {en}"), alpha_3)
    return names


def resolve_country(text: str) -> str:
    """The alpha-3 code a person meant: the code itself, or a name in either language."""
    value = (text or "").strip()
    named = _by_name().get(fold(value))
    # Three letters may be a name too: "Lào", "Anh", and "Nga" (Russia; NGA is Nigeria).
    # Written in capitals they are a code; otherwise a name wins.
    is_code = (len(value) == 3 and value.isascii() and value.isalpha()
               and pycountry.countries.get(alpha_3=value.upper()) is not None)
    if is_code and (value.isupper() or named is None):
        return value.upper()
    return named or value.upper()


def country_label(alpha_3: str, language: str = "vi") -> str:
    country = pycountry.countries.get(alpha_3=alpha_3 or "")
    if country is None:
        return alpha_3
    return vietnamese_name(country) if language == "vi" else english_name(country)
