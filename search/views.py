from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from search.forms import TYPE_CHOICES, SearchForm
from search.selectors import public_search


class _Counted:
    """Lets Django's Paginator render page links for a result count it did not compute."""

    def __init__(self, count: int):
        self._count = count

    def count(self):
        return self._count

    def __getitem__(self, item):
        return []


@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    context = {"form": form, "type_choices": TYPE_CHOICES}
    if not form.is_valid():
        # Out-of-bounds parameters are the visitor's mistake: a 400 that says which.
        return render(request, "search/search_page.html", context, status=400)
    if (form.cleaned_data.get("q") or form.cleaned_data.get("lat")
                            is not None or form.cleaned_data.get("type")):
        params = form.to_search(default_lang=(get_language() or "vi")[:2])
        found = public_search(params)
        paginator = Paginator(_Counted(min(found["count"], 10_000)), params.page_size)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(found=found, params=params, query_string=query.urlencode(),
                       page_obj=paginator.get_page(params.page))
    return render(request, "search/search_page.html", context)
