"""Pieces of the Vietnamese text handling that indexing and queries share (no server)."""

import unicodedata

import pytest

from cms.text import shingles, suffixes
from search.models import Synonym
from search.snippets import highlight
from search.synonyms import expand


def test_shingles_let_sapa_meet_sa_pa():
    assert shingles("Sa Pa") == ["sapa"]
    assert shingles("Sa Pa Eco") == ["sapa", "paeco", "sapaeco"]
    assert shingles("Fansipan") == []


def test_completion_inputs_start_at_every_word():
    assert suffixes("Bản Cát Cát") == ["ban cat cat", "cat cat", "cat"]


def test_highlight_marks_original_words_for_a_folded_query():
    text = unicodedata.normalize("NFC", "Chợ phiên Bắc Hà họp sáng Chủ nhật <b>").strip()
    html = highlight(text, ["bac", "ha"])
    assert html.startswith("Chợ phiên <mark>Bắc</mark> <mark>Hà</mark> họp")
    assert "&lt;b&gt;" in html  # escaped, never raw HTML from content


@pytest.mark.django_db
def test_seeded_synonyms_expand_a_query_both_ways():
    assert "phan xi pang cable car" in expand("Fansipan cable car")
    assert "fansipan" in expand("PHAN XI PĂNG")
    assert "silver waterfall" in expand("thác bạc")
    assert expand("Y Tý") == []


@pytest.mark.django_db
def test_an_edited_synonym_set_applies_at_once():
    assert expand("nha may") == []
    synonym = Synonym.objects.create(terms="Nhà Mây\nCloud House")
    assert expand("nha may") == ["cloud house"]
    synonym.delete()
    assert expand("nha may") == []
