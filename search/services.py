"""Writing to the search index and to the query log. Every sync reads the object's state now
and either (re)indexes it or removes it: running one twice, or late, is always safe."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portal.screening.registry import extra_crisis_phrases
from portal.screening.services import Decision, screen_text
from search.backends import get_backend
from search.documents import IndexDocument, page_document, page_key, post_document, post_key
from search.models import QueryLogEntry
from search.text import normalise_query


def search_sync_pages(*, page_ids: list[int], include_descendants: bool = False) -> None:
    """Index each page readers may find and remove the others. With descendants when their
    URLs or view restrictions may have changed (moves, slug changes, restrictions)."""
    from wagtail.models import Page

    ids = set(page_ids)
    if include_descendants:
        for page in Page.objects.filter(pk__in=page_ids):
            ids.update(Page.objects.descendant_of(page).values_list("pk", flat=True))
    documents = []
    for page in Page.objects.filter(pk__in=ids).specific():
        document = page_document(page)
        if document is not None:
            documents.append(document)
    kept = {d.key for d in documents}
    _apply(documents, [page_key(pk) for pk in ids if page_key(pk) not in kept])


def search_sync_posts(*, post_ids: list[int]) -> None:
    from machina.apps.forum_conversation.models import Post

    posts = Post.objects.filter(pk__in=post_ids).select_related("topic__forum__support_group")
    documents = [d for d in (post_document(post) for post in posts) if d is not None]
    kept = {d.key for d in documents}
    _apply(documents, [post_key(pk) for pk in post_ids if post_key(pk) not in kept])


def search_sync_topic(*, topic_id: int) -> None:
    from machina.apps.forum_conversation.models import Post

    post_ids = list(Post.objects.filter(topic_id=topic_id).values_list("pk", flat=True))
    search_sync_posts(post_ids=post_ids)


def search_remove(*, keys: list[str]) -> None:
    get_backend().delete(keys)


def _apply(documents: list[IndexDocument], gone: list[str]) -> None:
    backend = get_backend()
    if gone:
        backend.delete(gone)
    if documents:
        backend.upsert(documents)


def searchable_documents() -> Iterator[IndexDocument]:
    """Everything readers may find, for a full rebuild."""
    from machina.apps.forum_conversation.models import Post

    from education.models import EducationPage
    from physicians.models import BlogPostPage, PhysicianProfilePage

    for model in (EducationPage, BlogPostPage, PhysicianProfilePage):
        for page in model.objects.live().public().iterator(chunk_size=200):
            document = page_document(page)
            if document is not None:
                yield document
    posts = Post.objects.filter(approved=True, topic__approved=True).select_related(
        "topic__forum__support_group"
    )
    for post in posts.iterator(chunk_size=500):
        document = post_document(post)
        if document is not None:
            yield document


def search_rebuild() -> int:
    return get_backend().rebuild(searchable_documents())


def query_log_record(*, query: str, result_count: int) -> None:
    """Count one search of this query today. No user, session or address is stored."""
    text = normalise_query(_without_phi(query))
    if not text:
        return
    day = timezone.localdate()
    zero = 1 if result_count == 0 else 0
    updated = QueryLogEntry.objects.filter(query=text, day=day).update(
        searches=F("searches") + 1,
        zero_result_searches=F("zero_result_searches") + zero,
        last_result_count=result_count,
    )
    if updated:
        return
    try:
        with transaction.atomic():
            QueryLogEntry.objects.create(
                query=text,
                day=day,
                searches=1,
                zero_result_searches=zero,
                last_result_count=result_count,
            )
    except IntegrityError:  # another request created it first
        query_log_record(query=query, result_count=result_count)


def _without_phi(query: str) -> str:
    """Emails, phone numbers and other identifiers typed into the box are never stored."""
    for match in sorted(screen_text(query).phi, key=lambda m: m.start, reverse=True):
        query = query[: match.start] + " redacted " + query[match.end :]
    return query


# In a search box, naming the subject at all is reason enough to show help: someone looking
# up "suicide prevention training" or "suicide hotline" loses nothing by seeing the crisis
# line, and someone at risk often types no more than that.
SEARCH_CRISIS_TOPICS = ("suicide", "suicidal", "suicidality", "self harm", "selfharm")


def query_crisis(*, text: str) -> bool:
    """Whether a query has crisis language (the built-in phrases, moderators' phrases, or a
    mention of suicide or self-harm): the crisis resources then come first, and no word of
    the query is corrected into another."""
    phrases = (*SEARCH_CRISIS_TOPICS, *extra_crisis_phrases())
    return screen_text(text, extra_crisis_phrases=phrases).decision == Decision.CRISIS
