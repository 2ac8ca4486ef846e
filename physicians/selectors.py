"""Read-side queries. Every listing here returns only live, public pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from wagtail.models import Page, TaskState

from physicians.models import (
    BlogPostPage,
    Credential,
    PhysicianIndexPage,
    PhysicianProfilePage,
    PhysicianVerification,
)
from portal.review.models import ClinicalReviewTask, ReviewedRevision

PROFILE_WORKFLOW_NAME = "Physician profile review"
RELATED_LIMIT = 3


def _credentials():
    return Prefetch("credentials", queryset=Credential.objects.order_by("sort_order", "code"))


def _verified_exists() -> Exists:
    return Exists(
        PhysicianVerification.objects.filter(profile_id=OuterRef("pk"), npi=OuterRef("npi"))
    )


def directory_profiles(
    *, parent: PhysicianIndexPage, specialty=None, condition=None
) -> QuerySet[PhysicianProfilePage]:
    profiles = (
        PhysicianProfilePage.objects.live()
        .public()
        .child_of(parent)
        .select_related("photo")
        .annotate(is_verified=_verified_exists())
        .prefetch_related(_credentials(), "specialties")
        .order_by("title")
    )
    if specialty is not None:
        profiles = profiles.filter(specialties=specialty)
    if condition is not None:
        profiles = profiles.filter(conditions=condition)
    return profiles.distinct()


def blog_posts(
    *, index: Page | None = None, author=None, tag=None, condition=None, year=None, month=None
) -> QuerySet[BlogPostPage]:
    posts = BlogPostPage.objects.live().public()
    if index is not None:
        posts = posts.child_of(index)
    if author is not None:
        posts = posts.filter(author=author)
    if tag is not None:
        posts = posts.filter(tagged_items__tag=tag)
    if condition is not None:
        posts = posts.filter(conditions=condition)
    if year is not None and month is not None:
        posts = posts.filter(first_published_at__year=year, first_published_at__month=month)
    return (
        posts.select_related("author", "hero_image")
        .prefetch_related(Prefetch("author__credentials", queryset=Credential.objects.all()))
        .order_by("-first_published_at", "-pk")
        .distinct()
    )


def more_from_author(*, post: BlogPostPage) -> list[BlogPostPage]:
    return list(blog_posts(author=post.author_id).exclude(pk=post.pk)[:RELATED_LIMIT])


def related_posts(*, post: BlogPostPage) -> list[BlogPostPage]:
    """Other live posts sharing the most conditions and tags with this one.

    ``post`` may be an unsaved preview, whose relations are modelcluster fake querysets
    (no ``values_list("pk")``): read the ids by iterating, which both kinds support."""
    condition_ids = [condition.pk for condition in post.conditions.all()]
    tag_ids = [tag.pk for tag in post.tags.all() if tag.pk is not None]
    if not condition_ids and not tag_ids:
        return []
    shared = Count("conditions", filter=Q(conditions__in=condition_ids), distinct=True) + Count(
        "tagged_items", filter=Q(tagged_items__tag__in=tag_ids), distinct=True
    )
    return list(
        BlogPostPage.objects.live()
        .public()
        .exclude(pk=post.pk)
        .annotate(shared=shared)
        .filter(shared__gt=0)
        .select_related("author")
        .order_by("-shared", F("first_published_at").desc(nulls_last=True))[:RELATED_LIMIT]
    )


def physician_is_verified(*, user) -> bool:
    """The user has a profile whose current NPI an administrator verified."""
    if user is None or not user.is_authenticated:
        return False
    return PhysicianVerification.objects.filter(profile__user=user, npi=F("profile__npi")).exists()


def verified_physician_user_ids(*, user_ids: Iterable[int]) -> set[int]:
    """Which of these users are verified physicians (one query, for badges on lists)."""
    return set(
        PhysicianVerification.objects.filter(
            profile__user_id__in=list(user_ids), npi=F("profile__npi")
        ).values_list("profile__user_id", flat=True)
    )


def profile_is_verified(*, profile: PhysicianProfilePage) -> bool:
    return PhysicianVerification.objects.filter(profile_id=profile.pk, npi=profile.npi).exists()


def profile_workflow():
    from wagtail.models import Workflow

    return Workflow.objects.filter(name=PROFILE_WORKFLOW_NAME, active=True).first()


@dataclass(frozen=True)
class ClinicalSignoff:
    """Who approved the clinical step of the live revision, and when."""

    reviewer_name: str
    credentials: str
    profile: PhysicianProfilePage | None
    approved_at: datetime


def post_clinical_signoff(*, post: BlogPostPage) -> ClinicalSignoff | None:
    """The clinical reviewer of the post's live revision (from its review record)."""
    if not post.live or post.live_revision_id is None:
        return None
    record = ReviewedRevision.objects.filter(revision_id=post.live_revision_id).first()
    if record is None or record.workflow_state_id is None:
        return None
    state = (
        TaskState.objects.filter(
            workflow_state_id=record.workflow_state_id,
            status=TaskState.STATUS_APPROVED,
            task__in=ClinicalReviewTask.objects.all(),
        )
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    if state is None or state.finished_by is None:
        return None
    profile = (
        PhysicianProfilePage.objects.live()
        .filter(user=state.finished_by)
        .prefetch_related(_credentials())
        .first()
    )
    name = profile.title if profile else (state.finished_by.get_full_name() or "a physician")
    credentials = profile.credential_codes if profile else ""
    return ClinicalSignoff(
        reviewer_name=name, credentials=credentials, profile=profile, approved_at=state.finished_at
    )
