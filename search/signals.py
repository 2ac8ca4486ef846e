"""Connect publishing and moderation to the index (signals only connect the systems; what
is indexed is decided in search.documents). Pages: publish, unpublish, move, delete and
view-restriction changes, never plain saves. Posts: every save and delete of machina's Post
and Topic (approval, rejection, hiding, forum moves all save them)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from machina.apps.forum_conversation.models import Post, Topic
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal.taxonomy.models import Condition
from search.documents import page_key, post_key


def _pages(page_ids: list[int], *, descendants: bool = False) -> None:
    from search.tasks import sync_pages_task

    transaction.on_commit(lambda: sync_pages_task.enqueue(page_ids, descendants))


def _remove(keys: list[str]) -> None:
    from search.tasks import remove_task

    transaction.on_commit(lambda: remove_task.enqueue(keys))


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs) -> None:
    _pages([instance.pk])


@receiver(post_page_move)
@receiver(page_slug_changed)
def _page_moved(sender, instance, **kwargs) -> None:
    """New URLs for the page and everything below it."""
    _pages([instance.pk], descendants=True)


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        _remove([page_key(instance.pk)])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restriction_changed(sender, instance, **kwargs) -> None:
    _pages([instance.page_id], descendants=True)


@receiver(post_save, sender=Post)
def _post_saved(sender, instance, **kwargs) -> None:
    from search.tasks import sync_posts_task

    post_id = instance.pk
    transaction.on_commit(lambda: sync_posts_task.enqueue([post_id]))


@receiver(post_delete, sender=Post)
def _post_deleted(sender, instance, **kwargs) -> None:
    _remove([post_key(instance.pk)])


@receiver(pre_save, sender=Topic)
def _remember_topic_state(sender, instance, **kwargs) -> None:
    previous = (
        Topic.objects.filter(pk=instance.pk).values("forum_id", "approved", "subject").first()
        if instance.pk
        else None
    )
    instance._search_previous = previous


@receiver(post_save, sender=Topic)
def _topic_saved(sender, instance, created, **kwargs) -> None:
    """A topic approved, hidden, renamed or moved to another group: all its posts."""
    from search.tasks import sync_topic_task

    previous = getattr(instance, "_search_previous", None)
    current = {
        "forum_id": instance.forum_id,
        "approved": instance.approved,
        "subject": instance.subject,
    }
    if created or previous == current:
        return
    topic_id = instance.pk
    transaction.on_commit(lambda: sync_topic_task.enqueue(topic_id))


@receiver(post_save, sender=Condition)
@receiver(post_delete, sender=Condition)
def _condition_changed(sender, instance, **kwargs) -> None:
    """New lay synonyms: expand queries with them, and re-index the pages tagged with it
    (their keywords carry the condition's names)."""
    from django.core.cache import cache

    from search.selectors import SYNONYM_CACHE_KEY

    cache.delete(SYNONYM_CACHE_KEY)
    if kwargs.get("signal") is post_delete:
        return
    page_ids = [
        *instance.education_pages.values_list("pk", flat=True),
        *instance.blog_posts.values_list("pk", flat=True),
        *instance.physicians.values_list("pk", flat=True),
    ]
    if page_ids:
        _pages(page_ids)


@receiver(post_save, sender="forums.SupportGroup")
def _group_changed(sender, instance, created, **kwargs) -> None:
    """A group's condition (a facet of its posts) may have changed."""
    from search.tasks import sync_posts_task

    if created:
        return
    post_ids = list(
        Post.objects.filter(topic__forum_id=instance.forum_id).values_list("pk", flat=True)
    )
    if post_ids:
        transaction.on_commit(lambda: sync_posts_task.enqueue(post_ids))
