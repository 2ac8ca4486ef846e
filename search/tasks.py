"""Index updates run in the background (database task queue), enqueued after the commit."""

from __future__ import annotations

from django_tasks import task

from search import services


@task()
def sync_pages_task(page_ids: list[int], include_descendants: bool = False) -> None:
    services.search_sync_pages(page_ids=page_ids, include_descendants=include_descendants)


@task()
def sync_posts_task(post_ids: list[int]) -> None:
    services.search_sync_posts(post_ids=post_ids)


@task()
def sync_topic_task(topic_id: int) -> None:
    services.search_sync_topic(topic_id=topic_id)


@task()
def remove_task(keys: list[str]) -> None:
    services.search_remove(keys=keys)
