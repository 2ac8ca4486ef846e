from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PolicyKind(models.TextChoices):
    TERMS = "terms", "Terms of use"
    PRIVACY = "privacy", "Privacy notice"


class PolicyDocument(models.Model):
    """One version of the terms of use or the privacy notice. The newest version whose
    ``effective_at`` has come is the current one; people accept it before going on."""

    kind = models.CharField(max_length=10, choices=PolicyKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(
        help_text="What changed, in plain words: shown when people are asked to accept again."
    )
    body = models.TextField(blank=True, help_text="Plain text; blank lines separate paragraphs.")
    url = models.URLField(blank=True, help_text="Or the address of the full text elsewhere.")
    effective_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="consent_one_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class AppendOnlyError(Exception):
    pass


class PolicyAcceptanceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Acceptances cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Acceptances cannot be deleted.")


class PolicyAcceptance(models.Model):
    """A person accepted a document version. Append-only: the record of consent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acceptances"
    )
    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PolicyAcceptanceQuerySet.as_manager()

    class Meta:
        ordering = ["accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="consent_accept_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} accepted {self.document}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Acceptances cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Acceptances cannot be deleted.")
