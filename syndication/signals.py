"""Connect page publishing to syndication: a new revision voids pending approvals, an
unpublished page flags its social posts for recall."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from syndication.services import post_cancel_unsent, recall_flag, source_revised


@receiver(page_published)
def _source_published(sender, instance, revision=None, **kwargs) -> None:
    source_revised(page=instance)


@receiver(page_unpublished)
def _source_unpublished(sender, instance, **kwargs) -> None:
    recall_flag(page_id=instance.pk, reason="The source page was unpublished.")
    post_cancel_unsent(page_id=instance.pk)
