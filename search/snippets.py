"""Highlighting in Python: words whose folded form matches a query word get <mark>.

Done here rather than by Elasticsearch so "bac ha" highlights "Bắc Hà" in the original
text, and the database fallback highlights exactly the same way.
"""

import re

from django.utils.html import escape

from cms.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)


def _matches(word: str, wanted: set[str], prefixes: set[str]) -> bool:
    folded = fold(word)
    return folded in wanted or any(folded.startswith(p) for p in prefixes)


def highlight(text: str, query_words: list[str], *, length: int = 180) -> str:
    """An escaped excerpt of `text` around the first matching word, matches in <mark>."""
    if not text:
        return ""
    wanted = {w for w in query_words if w}
    # The last word may still be being typed: match it as a prefix too.
    prefixes = {query_words[-1]} if query_words and len(query_words[-1]) >= 3 else set()
    spans = [m.span() for m in _WORD.finditer(text)
             if _matches(m.group(), wanted, prefixes)]
    start = 0
    if spans and spans[0][0] > length // 3:
        start = text.rfind(" ", 0, spans[0][0] - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    parts, cursor = [], start
    for begin, finish in spans:
        if begin < start or finish > end:
            continue
        parts.append(escape(text[cursor:begin]))
        parts.append(f"<mark>{escape(text[begin:finish])}</mark>")
        cursor = finish
    parts.append(escape(text[cursor:end]))
    return ("…" if start else "") + "".join(parts) + ("…" if end < len(text) else "")
