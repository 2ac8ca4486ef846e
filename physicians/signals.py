"""Connect Wagtail's publish event to the disclosure snapshot service."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import page_published

from physicians.models import BlogPostPage
from physicians.services import post_snapshot_disclosures


@receiver(page_published, sender=BlogPostPage)
def _snapshot_disclosures(sender, instance, revision=None, **kwargs) -> None:
    post_snapshot_disclosures(post=instance, revision=revision)
