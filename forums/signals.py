"""Connect machina's posts to the notification task: once a post is visible (approved on
creation, or approved later by a moderator), subscribers are told, after the commit."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from machina.apps.forum_conversation.models import Post


@receiver(pre_save, sender=Post)
def _remember_approval(sender, instance, **kwargs) -> None:
    if instance.pk:
        previous = Post.objects.filter(pk=instance.pk).values_list("approved", flat=True).first()
        instance._was_approved = bool(previous)
    else:
        instance._was_approved = False


@receiver(post_save, sender=Post)
def _notify_when_visible(sender, instance, **kwargs) -> None:
    if instance.approved and not getattr(instance, "_was_approved", False):
        from forums.tasks import notify_post_visible_task

        post_id = instance.pk
        transaction.on_commit(lambda: notify_post_visible_task.enqueue(post_id))
