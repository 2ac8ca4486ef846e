"""Notification emails: a link, never the post's text; links name topics and posts by id
through routes that check the reader's permission, never by their member-written titles;
neutral wording for private groups; a one-click unsubscribe link (RFC 8058) for the group
or topic in every message. Sent through the portal's one sender, so they respect each
person's notification preferences (kinds ``group_activity`` and ``group_digest``, both
optional)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from forums.models import GroupKind, GroupSubscription, MembershipStatus, SupportGroup
from forums.selectors import email_post_path, email_topic_path
from portal.core.urls import absolute_url
from portal.notifications.services import notify

ACTIVITY_KIND = "group_activity"
DIGEST_KIND = "group_digest"

SALT = "forums.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str, object_id: int) -> str:
    return signing.dumps({"u": user_id, "k": kind, "o": object_id}, salt=SALT)


def read_unsubscribe_token(token: str) -> dict:
    """Raises signing.BadSignature for a forged or damaged token."""
    return signing.loads(token, salt=SALT)


def _subject(group: SupportGroup) -> str:
    if group.kind == GroupKind.PUBLIC:
        return f"New activity in {group.forum.name}"
    return "New activity in one of your support groups"


def _send(*, user, kind: str, subject: str, lines: list[str], token: str) -> bool:
    """One email through the portal's sender; the one-click unsubscribe headers stop this
    group's or topic's emails (the sender adds the links to every other choice)."""
    unsubscribe = absolute_url(reverse("group_unsubscribe", args=[token]))
    return notify(
        user=user,
        kind=kind,
        subject=subject,
        lines=[
            *lines,
            "For your privacy this email never contains what members wrote. "
            "Open the link to read it (you may need to log in).",
            f"Stop these emails: {unsubscribe}",
        ],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        fail_silently=True,
    )


def notify_post_visible(post) -> int:
    """Email topic and group subscribers (not the author) about a newly visible post; returns
    how many were emailed (muted, unsubscribed and failed sends are not counted)."""
    from machina.apps.forum_conversation.models import Post

    post = Post.objects.select_related("topic__forum__support_group").get(pk=post.pk)
    group = getattr(post.topic.forum, "support_group", None)
    if group is None or not post.approved:
        return 0
    recipients = _recipients(post, group)
    link = absolute_url(email_post_path(post.pk))
    sent = 0
    for user, (kind, object_id) in recipients.items():
        token = unsubscribe_token(user_id=user.pk, kind=kind, object_id=object_id)
        sent += _send(
            user=user,
            kind=ACTIVITY_KIND,
            subject=_subject(group),
            lines=[f"There is a new post: {link}"],
            token=token,
        )
    return sent


def _recipients(post, group) -> dict:
    """{user: (subscription kind, id)}: topic subscribers and immediate group subscribers who
    may still read the group, without the author."""
    readers = _readers(group)
    recipients: dict = {}
    for user in post.topic.subscribers.all():
        if user.pk != post.poster_id and (readers is None or user.pk in readers):
            recipients[user] = ("topic", post.topic_id)
    immediate = GroupSubscription.objects.filter(group=group, digest=False).select_related("user")
    for subscription in immediate:
        user = subscription.user
        allowed = readers is None or user.pk in readers
        if user.pk != post.poster_id and allowed and user not in recipients:
            recipients[user] = ("group", group.pk)
    return recipients


def _readers(group) -> set[int] | None:
    """Who may read the group's posts: None for everyone (public groups), else members."""
    if group.kind == GroupKind.PUBLIC:
        return None
    return set(
        group.memberships.filter(status=MembershipStatus.ACTIVE).values_list("user_id", flat=True)
    )


def send_daily_digests(*, now=None) -> int:
    """One email per digest subscriber listing links to topics with new posts in a day;
    returns how many were emailed."""
    from machina.apps.forum_conversation.models import Topic

    now = now or timezone.now()
    since = now - timedelta(days=1)
    by_user = defaultdict(list)
    for subscription in GroupSubscription.objects.filter(digest=True).select_related(
        "user", "group__forum"
    ):
        topics = Topic.objects.filter(
            forum=subscription.group.forum, approved=True, last_post_on__gte=since
        ).select_related("forum")
        if (
            subscription.group.kind != GroupKind.PUBLIC
            and not subscription.group.memberships.filter(
                user=subscription.user, status=MembershipStatus.ACTIVE
            ).exists()
        ):
            continue
        for topic in topics:
            by_user[subscription.user].append((subscription, topic))
    sent = 0
    for user, items in by_user.items():
        lines = [absolute_url(email_topic_path(topic.pk)) for _subscription, topic in items]
        first = items[0][0]
        token = unsubscribe_token(user_id=user.pk, kind="group", object_id=first.group_id)
        sent += _send(
            user=user,
            kind=DIGEST_KIND,
            subject="Your daily support-group digest",
            lines=[f"{len(lines)} conversation(s) have new posts:", *lines],
            token=token,
        )
    return sent


def unsubscribe(*, token: str) -> str:
    """Apply a one-click unsubscribe; returns what was unsubscribed from."""
    from machina.apps.forum_conversation.models import Topic

    data = read_unsubscribe_token(token)
    if data["k"] == "topic":
        topic = Topic.objects.filter(pk=data["o"]).first()
        if topic is not None:
            topic.subscribers.remove(data["u"])
        return "topic"
    GroupSubscription.objects.filter(user_id=data["u"], group_id=data["o"]).delete()
    return "group"
