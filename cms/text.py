"""Vietnamese text handling: the one place that decides how text is compared.

Indexing, queries and the database fallback all call these functions, so "Bắc Hà",
"bac ha", "BAC HA" and "Bắc Hà" typed with combining accents meet in the same form
on Elasticsearch here (no analysis-common module) and on a full production cluster.
"""

import re
import unicodedata

# đ/Đ are letters of their own, not d plus a combining mark, so NFD leaves them alone.
# Ð (U+00D0, Icelandic eth) looks exactly like Đ and casefolds to ð: it folds to d too.
_LETTER_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


# Characters nobody can see, that change how text reads or compares: controls (ESC
# sequences), format characters (zero-width spaces and joiners, soft hyphens, the
# left-to-right/right-to-left marks, embeddings, overrides and isolates, BOMs), private
# use and lone surrogates. Line and paragraph separators are turned into spaces.
_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs"})
_LINE_BREAKING = frozenset({"Zl", "Zp"})


def strip_invisible(text: str | None) -> str:
    """The text without invisible characters (controls become spaces, so words stay
    apart). Printable text, nearly all of it, is returned as it is at C speed."""
    if not text:
        return ""
    text = str(text)
    if text.isprintable():
        return text
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category in _LINE_BREAKING or (category == "Cc" and char.isspace()):
            out.append(" ")
        elif category not in _INVISIBLE:
            out.append(char)
    return "".join(out)


def clean_identity_text(text: str | None) -> str:
    """Identity text (names, addresses, document numbers, rooms) as stored: invisible
    characters removed by rule (see SECURITY.md), then `normalize`d. Used at every entry
    path of a stay or a watchlist entry (form, API, spreadsheet, scanned QR/MRZ text)."""
    return normalize(strip_invisible(text))


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
    # Invisible characters never separate or change words: "Ng\u200buyễn" is "nguyen".
    decomposed = unicodedata.normalize("NFD", strip_invisible(text).translate(_LETTER_FOLDS))
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


def shingles(text: str | None, max_words: int = 3) -> list[str]:
    """Compact forms of every run of 2..max_words consecutive words.

    Indexed beside the folded words (and generated from the query too), so "Sapa"
    matches a title "Sa Pa" and "sa pa" matches a title "Sapa Eco Lodge" without any
    analyzer on the server.

    >>> shingles("Sa Pa Eco")
    ['sapa', 'paeco', 'sapaeco']
    """
    return shingles_of(tokens(text), max_words)


def shingles_of(words: list[str], max_words: int = 3) -> list[str]:
    """shingles() of words already folded (indexing folds each name once)."""
    found: list[str] = []
    for size in range(2, max_words + 1):
        for start in range(len(words) - size + 1):
            found.append("".join(words[start:start + size]))
    return found


def suffixes(text: str | None) -> list[str]:
    """The folded text from each word onwards: completion inputs that match mid-name.

    >>> suffixes("Cát Cát village")
    ['cat cat village', 'cat village', 'village']
    """
    words = tokens(text)
    return [" ".join(words[start:]) for start in range(len(words))]
