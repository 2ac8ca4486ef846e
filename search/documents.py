"""What gets indexed, decided in one place: live, public, vetted pages and approved posts in
approved topics. Back-end independent: each back-end stores an ``IndexDocument`` its way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.html import strip_tags

from search.models import DocumentKind
from search.text import MARK_END, MARK_START, words

VOCABULARY_WORD = re.compile(r"^[a-z]{4,30}$")
MAX_BODY_CHARS = 20_000


@dataclass
class IndexDocument:
    key: str
    kind: str
    title: str
    url: str
    published_at: datetime
    body: str = ""
    summary: str = ""
    keywords: str = ""
    context: str = ""
    forum_id: int | None = None
    condition_ids: list[int] = field(default_factory=list)
    last_reviewed: date | None = None
    review_due: date | None = None
    vocabulary: list[str] = field(default_factory=list)


def page_key(page_id: int) -> str:
    return f"page:{page_id}"


def post_key(post_id: int) -> str:
    return f"post:{post_id}"


def clean(text: str) -> str:
    text = strip_tags(text).replace(MARK_START, "").replace(MARK_END, "")
    return re.sub(r"\s+", " ", text).strip()


def page_document(page) -> IndexDocument | None:
    """The document for a page, or None when readers may not find it."""
    from education.models import EducationPage
    from physicians.models import BlogPostPage, PhysicianProfilePage

    page = page.specific
    builders = {
        EducationPage: _education,
        BlogPostPage: _blog_post,
        PhysicianProfilePage: _physician,
    }
    builder = builders.get(type(page))
    if builder is None or not page_is_searchable(page):
        return None
    document = builder(page)
    document.vocabulary = vocabulary_of(document)
    return document


def page_is_searchable(page) -> bool:
    """Live, not behind a view restriction, and (for reviewed types) vetted."""
    from portal.review.pages import ReviewedPageMixin

    if not page.live or page.get_view_restrictions().exists():
        return False
    return not isinstance(page, ReviewedPageMixin) or page.is_vetted


def _conditions(page) -> tuple[list[int], str]:
    conditions = list(page.conditions.all())
    keywords = []
    for condition in conditions:
        keywords += [condition.name, *condition.synonym_list]
    return [c.pk for c in conditions], " ".join(keywords)


def _base(page, kind: str) -> IndexDocument:
    condition_ids, keywords = _conditions(page)
    return IndexDocument(
        key=page_key(page.pk),
        kind=kind,
        title=page.title,
        url=page.get_url() or "",
        published_at=page.first_published_at or page.last_published_at,
        condition_ids=condition_ids,
        keywords=keywords,
    )


def _education(page) -> IndexDocument:
    from education.selectors import current_medical_review

    document = _base(page, DocumentKind.EDUCATION)
    document.summary = clean(page.summary)
    document.body = clean(page.plain_text)[:MAX_BODY_CHARS]
    review = current_medical_review(page=page)
    if review is not None:
        document.last_reviewed = review.reviewed_on
        document.review_due = review.next_review_due
    return document


def _blog_post(page) -> IndexDocument:
    document = _base(page, DocumentKind.BLOG)
    document.summary = clean(page.summary)
    texts = [str(block.render_as_block()) for block in page.body]
    document.body = clean(" ".join(texts))[:MAX_BODY_CHARS]
    document.context = page.author.title if page.author_id else ""
    return document


def _physician(page) -> IndexDocument:
    document = _base(page, DocumentKind.PHYSICIAN)
    specialties = ", ".join(s.name for s in page.specialties.all())
    document.summary = clean(" · ".join(filter(None, [specialties, page.clinic_affiliation])))
    document.body = clean(" ".join([page.bio, specialties, page.clinic_affiliation]))
    document.keywords = f"{document.keywords} {specialties}".strip()
    return document


def vocabulary_of(document: IndexDocument) -> list[str]:
    text = " ".join([document.title, document.keywords, document.summary, document.body])
    return sorted({w for w in words(text) if VOCABULARY_WORD.match(w)})


def post_document(post) -> IndexDocument | None:
    """An approved post in an approved topic; it carries its forum, so that queries only
    return it to readers of that forum. Never the poster's name."""
    from django.urls import reverse

    topic = post.topic
    if not post.approved or not topic.approved:
        return None
    forum = topic.forum
    group = getattr(forum, "support_group", None)
    url = reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk])
    text = getattr(post, "_content_rendered", None) or str(post.content or "")
    return IndexDocument(
        key=post_key(post.pk),
        kind=DocumentKind.GROUP_POST,
        title=topic.subject if post.pk == topic.first_post_id else f"Re: {topic.subject}",
        url=f"{url}?post={post.pk}#{post.pk}",
        published_at=post.created,
        body=clean(text)[:MAX_BODY_CHARS],
        context=forum.name,
        forum_id=forum.pk,
        condition_ids=[group.condition_id] if group and group.condition_id else [],
    )
