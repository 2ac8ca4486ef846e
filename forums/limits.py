"""New-member limits and content rules for member posts."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from forums.rendering import validate_member_text

_LINK = re.compile(r"https?://|www\.|\]\(", re.I)


def approved_post_count(user) -> int:
    from machina.apps.forum_conversation.models import Post

    return Post.objects.filter(poster=user, approved=True).count()


def is_new_member(user) -> bool:
    """Within the first day of joining the groups, or fewer approved posts than the limit."""
    from forums.models import MemberProfile

    profile = MemberProfile.objects.filter(user=user).only("created_at").first()
    recent = profile is None or profile.created_at > timezone.now() - timedelta(days=1)
    return recent or approved_post_count(user) < settings.PORTAL_GROUPS_HELD_POSTS


def check_post(*, user, content: str, new_topic: bool, editing: bool) -> None:
    """Raise ValidationError (with a clear message) if this post may not be sent."""
    validate_member_text(content)
    if not is_new_member(user):
        return
    links = len(_LINK.findall(content))
    if links > settings.PORTAL_GROUPS_NEW_MEMBER_MAX_LINKS:
        raise ValidationError(
            f"New members can include at most {settings.PORTAL_GROUPS_NEW_MEMBER_MAX_LINKS} "
            f"links in a post (this one has {links}).",
            code="links",
        )
    if not editing:
        _check_daily_quota(user, new_topic=new_topic)


def _check_daily_quota(user, *, new_topic: bool) -> None:
    from machina.apps.forum_conversation.models import Post, Topic

    since = timezone.now() - timedelta(days=1)
    if new_topic:
        count = Topic.objects.filter(poster=user, created__gte=since).count()
        limit, what = settings.PORTAL_GROUPS_NEW_MEMBER_TOPICS_PER_DAY, "new topics"
    else:
        count = (
            Post.objects.filter(poster=user, created__gte=since)
            .exclude(topic__first_post_id=F("pk"))
            .count()
        )
        limit, what = settings.PORTAL_GROUPS_NEW_MEMBER_REPLIES_PER_DAY, "replies"
    if count >= limit:
        raise ValidationError(
            f"New members can post at most {limit} {what} a day. Your text is kept below: "
            "please try again tomorrow.",
            code="quota",
        )
