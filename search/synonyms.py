"""Query-time synonym expansion: editors change a set and the next query uses it."""

import re

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.text import fold
from search.models import Synonym

CACHE_KEY = "search:synonyms:v1"
# Other processes see an edit within this many seconds; the saving process at once.
CACHE_SECONDS = 60


def synonym_sets() -> list[list[str]]:
    """Every set as folded terms, longest first so "cho phien bac ha" wins over "bac ha"."""
    sets = cache.get(CACHE_KEY)
    if sets is None:
        sets = []
        for synonym in Synonym.objects.all():
            folded = list(dict.fromkeys(fold(term) for term in synonym.term_list))
            if len(folded) > 1:
                sets.append(sorted(folded, key=len, reverse=True))
        cache.set(CACHE_KEY, sets, CACHE_SECONDS)
    return sets


def expand(query: str) -> list[str]:
    """Folded alternatives of a query: each synonym term found in it replaced by the others.

    >>> expand("fansipan cable car")  # with the seeded sets
    ['phan xi pang cable car', 'phanxipang cable car']
    """
    folded = fold(query)
    if not folded:
        return []
    alternatives: list[str] = []
    for terms in synonym_sets():
        for term in terms:
            pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")
            if pattern.search(folded):
                for other in terms:
                    if other != term:
                        alternatives.append(pattern.sub(other, folded))
                break
    return [alt for alt in dict.fromkeys(alternatives) if alt != folded]


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def _forget_cached_sets(**kwargs):
    cache.delete(CACHE_KEY)
