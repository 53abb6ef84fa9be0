"""Vietnamese folding: one function for indexing, queries and the database fallback."""

import unicodedata

import pytest

from cms.text import compact, fold, normalize, tokens


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Bắc Hà", "bac ha"),
        ("bac ha", "bac ha"),
        ("BAC HA", "bac ha"),
        (unicodedata.normalize("NFD", "Bắc Hà"), "bac ha"),  # combining accents
        ("Đồng Văn", "dong van"),
        ("Mù Cang Chải", "mu cang chai"),
        ("Y Tý – chợ phiên", "y ty cho phien"),
        ("  Sa   Pa  ", "sa pa"),
        ("Phan Xi Păng", "phan xi pang"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_meets_every_way_vietnamese_is_typed(typed, folded):
    assert fold(typed) == folded


def test_compact_lets_sapa_meet_sa_pa():
    assert compact("Sa Pa") == compact("Sapa") == compact("SAPA") == "sapa"
    assert compact("Y Tý") == compact("ytý") == "yty"


def test_normalize_keeps_diacritics_in_nfc_and_tidies_spaces():
    decomposed = unicodedata.normalize("NFD", "  Lào   Cai ")
    assert normalize(decomposed) == "Lào Cai"
    assert unicodedata.is_normalized("NFC", normalize(decomposed))


def test_tokens_are_folded_words():
    assert tokens("Chợ phiên Bắc Hà") == ["cho", "phien", "bac", "ha"]
    assert tokens("") == []
