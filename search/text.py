"""Vietnamese text handling: the one place that decides how text is compared.

Indexing, queries and the database fallback all call these functions, so "Bắc Hà",
"bac ha", "BAC HA" and "Bắc Hà" typed with combining accents meet in the same form
on Elasticsearch here (no analysis-common module) and on a full production cluster.
"""

import re
import unicodedata

# đ/Đ are letters of their own, not d plus a combining mark, so NFD leaves them alone.
_LETTER_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalize(text: str | None) -> str:
    """NFC-normalise and tidy whitespace: the form stored and shown (boundary rule)."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def fold(text: str | None) -> str:
    """Lower-case, strip every diacritic, turn punctuation into spaces.

    >>> fold("Bắc Hà")
    'bac ha'
    >>> fold("ĐỒNG VĂN - Y Tý")
    'dong van y ty'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_LETTER_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.translate(_LETTER_FOLDS).casefold()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", stripped)).strip()


def compact(text: str | None) -> str:
    """Folded with no spaces, so "Sapa" meets "Sa Pa" and "Ytý" meets "Y Tý"."""
    return fold(text).replace(" ", "")


def tokens(text: str | None) -> list[str]:
    """Folded words, in order."""
    folded = fold(text)
    return folded.split(" ") if folded else []
