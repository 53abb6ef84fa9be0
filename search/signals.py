"""Generic hooks: models with a registered document enqueue themselves in the outbox.

Wagtail pages: publish, unpublish, delete, and slug changes or moves (new URLs below).
Plain models whose document sets `auto_signals = True`: save and delete (admin edits and
imports that bypass services).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from search import outbox
from search.models import OutboxAction
from search.registry import registry


def _documents(instance):
    if instance.__class__.__module__.startswith(("django.", "django_tasks")):
        return []
    return registry.for_model(type(instance))


@receiver(page_published)
def _page_published(sender, instance, **kwargs):
    if _documents(instance):
        outbox.enqueue(instance)


@receiver(page_unpublished)
def _page_unpublished(sender, instance, **kwargs):
    if _documents(instance):
        outbox.enqueue(instance, action=OutboxAction.DELETE)


@receiver(page_slug_changed)
@receiver(post_page_move)
def _page_urls_changed(sender, instance, **kwargs):
    """A new slug or place in the tree changes the URL of the page and everything below."""
    for doc_cls in registry.all():
        model = doc_cls.model
        if model is not None and issubclass(model, Page):
            ids = list(model.objects.descendant_of(instance, inclusive=True)
                       .values_list("pk", flat=True))
            if ids:
                outbox.enqueue(model._meta.label_lower, ids)


@receiver(post_save)
def _saved(sender, instance, raw=False, **kwargs):
    if raw or isinstance(instance, Page):
        return
    if any(doc.auto_signals for doc in _documents(instance)):
        outbox.enqueue(instance)


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    docs = _documents(instance)
    if docs and (isinstance(instance, Page) or any(doc.auto_signals for doc in docs)):
        outbox.enqueue(instance, action=OutboxAction.DELETE)
