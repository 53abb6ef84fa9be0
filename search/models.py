from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.text import fold, normalize


class Synonym(models.Model):
    """A set of names that mean the same place, applied to queries (no reindex needed)."""

    terms = models.TextField(
        _("equivalent terms"),
        help_text=_("One name per line, e.g. Fansipan / Phan Xi Păng / Phanxipang."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym set")
        verbose_name_plural = _("synonym sets")

    def __str__(self):
        return " / ".join(self.term_list)

    @property
    def term_list(self) -> list[str]:
        return [normalize(line) for line in self.terms.splitlines() if fold(line)]

    def clean(self):
        self.terms = "\n".join(self.term_list)
        if len({fold(term) for term in self.term_list}) < 2:
            raise ValidationError(
                {"terms": _("Give at least two different names, one per line.")})


class OutboxAction(models.TextChoices):
    INDEX = "index", _("Index")
    DELETE = "delete", _("Delete")


class IndexOutbox(models.Model):
    """An object whose search document must be refreshed; written in the same transaction
    as the change, drained after commit, so Elasticsearch being down loses nothing."""

    model_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=8, choices=OutboxAction.choices,
                              default=OutboxAction.INDEX)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("index outbox entry")
        verbose_name_plural = _("index outbox entries")

    def __str__(self):
        return f"{self.action} {self.model_label}#{self.object_id}"
