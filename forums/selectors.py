from __future__ import annotations

from portal.accounts.models import FORMER_MEMBER_NAME, User
from portal.accounts.roles import STAFF_ROLES, Role


def is_group_moderator(user) -> bool:
    """Moderators (and administrators) read and moderate every group and decide requests,
    once their session used a second factor (until then they see what a patient sees)."""
    return (
        user.is_authenticated
        and user.staff_privileges_active()
        and user.groups.filter(name__in=[Role.MODERATOR, Role.ADMINISTRATOR]).exists()
    )


def protected_display_names() -> list[str]:
    """Names members may not imitate: staff and physicians' names and profile names."""
    from forums.models import MemberProfile
    from physicians.models import PhysicianProfilePage

    staff = User.objects.filter(groups__name__in=STAFF_ROLES).distinct()
    names: set[str] = set()
    for first, last in staff.values_list("first_name", "last_name"):
        full = f"{first} {last}".replace("(demo)", "").strip()
        if len(full.replace(" ", "")) >= 4:
            names.add(full)
    names.update(PhysicianProfilePage.objects.values_list("title", flat=True))
    names.add(FORMER_MEMBER_NAME)  # the name deleted accounts' posts appear under
    names.update(
        MemberProfile.objects.filter(user__in=staff).values_list("display_name", flat=True)
    )
    return sorted(names)


def forum_of(obj):
    """The machina forum an object belongs to (forum, topic, post or attachment), or None."""
    from machina.apps.forum.models import Forum

    for path in ((), ("forum",), ("topic", "forum"), ("post", "topic", "forum")):
        current = obj
        for attribute in path:
            current = getattr(current, attribute, None)
        if isinstance(current, Forum):
            return current
    return None


def private_group_hidden_from(forum, *, checker) -> bool:
    """True when the forum is a private group the checker's user may not read."""
    from forums.models import GroupKind, SupportGroup

    group = SupportGroup.objects.filter(forum_id=forum.pk).only("kind").first()
    return (
        group is not None
        and group.kind == GroupKind.PRIVATE
        and not checker.has_perm("can_read_forum", forum)
    )


def current_guidelines():
    from forums.models import CommunityGuidelines

    return CommunityGuidelines.objects.order_by("-version").first()


def member_has_current_guidelines(user) -> bool:
    from forums.models import MemberProfile

    guidelines = current_guidelines()
    if guidelines is None:
        return True
    return MemberProfile.objects.filter(
        user=user, guidelines_version__gte=guidelines.version
    ).exists()


def visible_groups(*, user):
    """Groups for the index with member counts: private ones only for their members and
    moderators (to anyone else they do not exist)."""
    from django.db.models import Count, Q

    from forums.models import GroupKind, Membership, MembershipStatus, SupportGroup

    groups = SupportGroup.objects.select_related("forum", "condition").annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
    )
    if is_group_moderator(user):
        return groups
    visible = ~Q(kind=GroupKind.PRIVATE)
    if user.is_authenticated:
        # A subquery, not a second join on memberships: that join would multiply the count
        # above by the number of membership rows (8 members counted 64).
        mine = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
        visible |= Q(pk__in=mine.values("group_id"))
    return groups.filter(visible)


def member_badges(*, user_ids) -> dict[int, set[str]]:
    """Badges for a page of posters in two queries: verified physicians and peer mentors."""
    from physicians.selectors import verified_physician_user_ids
    from portal.accounts.roles import Role

    user_ids = list(user_ids)
    badges: dict[int, set[str]] = {user_id: set() for user_id in user_ids}
    for user_id in verified_physician_user_ids(user_ids=user_ids):
        badges[user_id].add("verified")
    mentors = User.objects.filter(pk__in=user_ids, groups__name=Role.MENTOR)
    for user_id in mentors.values_list("pk", flat=True):
        badges[user_id].add("mentor")
    return badges


def members_only_group_closed_to(forum, *, checker):
    """The members-only group behind this forum, if the checker's user may not read it."""
    from forums.models import GroupKind, SupportGroup

    group = SupportGroup.objects.filter(forum_id=forum.pk).select_related("forum").first()
    if (
        group is not None
        and group.kind == GroupKind.MEMBERS_ONLY
        and not checker.has_perm("can_read_forum", forum)
    ):
        return group
    return None


def _open_item_post_ids():
    from forums.moderation.models import ItemStatus, ModerationItem

    return ModerationItem.objects.filter(status=ItemStatus.OPEN).values("post_id")


def waiting_posts(*, user, forum=None):
    """The user's own posts waiting for a moderator (held on submit, or hidden by reports
    until a moderator decides), newest first. Only ever for their author."""
    from machina.apps.forum_conversation.models import Post

    if not user.is_authenticated:
        return Post.objects.none()
    posts = Post.objects.filter(poster=user, approved=False, pk__in=_open_item_post_ids())
    if forum is not None:
        posts = posts.filter(topic__forum=forum)
    return posts.select_related("topic__forum").order_by("-created")


def topic_posts_for(*, topic, user):
    """The posts of a topic this person may read: published posts for everyone; posts waiting
    for a moderator also for their author and for moderators, never for anyone else."""
    from django.db.models import Q

    posts = topic.posts.all()
    if not user.is_authenticated:
        return posts.filter(approved=True)
    waiting = Q(approved=False, pk__in=_open_item_post_ids())
    if not is_group_moderator(user):
        waiting &= Q(poster=user)
    return posts.filter(Q(approved=True) | waiting)


def topic_readable_by(*, topic, user) -> bool:
    """A published topic is readable (the group's rules still apply); a held new topic only
    by its author while it waits, and by moderators."""
    if topic.approved or is_group_moderator(user):
        return True
    return topic_posts_for(topic=topic, user=user).exists()


def group_member_count(*, group) -> int:
    from forums.models import MembershipStatus

    return group.memberships.filter(status=MembershipStatus.ACTIVE).count()


def membership_status(*, user, group) -> str:
    """ "active", "pending", "left", or "" when the person never joined (or is anonymous)."""
    from forums.models import Membership

    if not user.is_authenticated or group is None:
        return ""
    status = Membership.objects.filter(user=user, group=group).values_list("status", flat=True)
    return status.first() or ""


# --- The member's own groups and subscriptions (the account hub and the data download) ---


def member_groups(*, user) -> list:
    """The groups this person belongs to or asked to join, each with ``email_mode``
    ("off", "each" or "digest") from their group subscription."""
    from forums.models import GroupSubscription, Membership, MembershipStatus

    memberships = list(
        Membership.objects.filter(user=user)
        .exclude(status=MembershipStatus.LEFT)
        .select_related("group__forum")
        .order_by("group__forum__name")
    )
    modes = {
        group_id: "digest" if digest else "each"
        for group_id, digest in GroupSubscription.objects.filter(user=user).values_list(
            "group_id", "digest"
        )
    }
    for membership in memberships:
        membership.email_mode = modes.get(membership.group_id, "off")
    return memberships


def member_topic_subscriptions(*, user):
    """Topics this person follows (machina's topic subscriptions)."""
    from machina.apps.forum_conversation.models import Topic

    return Topic.objects.filter(subscribers=user).select_related("forum").order_by("subject")


def topic_url(topic) -> str:
    from django.urls import reverse

    return reverse(
        "forum_conversation:topic",
        args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
    )


# --- Links in emails: opaque ids, resolved after the reader's permission check -----------


def email_topic_path(topic_id: int) -> str:
    """The path an email links a topic by: its id only, never its member-written title."""
    from django.urls import reverse

    return reverse("group_topic_link", args=[topic_id])


def email_post_path(post_id: int) -> str:
    """The path an email links a post by: its id only."""
    from django.urls import reverse

    return reverse("group_post_link", args=[post_id])


def topic_link_target(*, topic_id: int, user, handler) -> str | None:
    """The topic's page for a reader who may read it (machina's ``can_read_forum`` through
    ``handler``, and a held topic only for its author and moderators), else None."""
    from machina.apps.forum_conversation.models import Topic

    topic = Topic.objects.select_related("forum").filter(pk=topic_id).first()
    if topic is None or not _topic_readable(topic, user=user, handler=handler):
        return None
    return topic_url(topic)


def post_link_target(*, post_id: int, user, handler) -> str | None:
    """The post's place in its topic for a reader who may read both, else None."""
    from machina.apps.forum_conversation.models import Post

    post = Post.objects.select_related("topic__forum").filter(pk=post_id).first()
    if post is None or not _topic_readable(post.topic, user=user, handler=handler):
        return None
    if not topic_posts_for(topic=post.topic, user=user).filter(pk=post.pk).exists():
        return None
    return f"{topic_url(post.topic)}?post={post.pk}#{post.pk}"


def _topic_readable(topic, *, user, handler) -> bool:
    return handler.can_read_forum(topic.forum, user) and topic_readable_by(topic=topic, user=user)


def member_groups_export(*, user) -> dict:
    """The data download's support-group section: pseudonym, memberships, subscriptions."""
    from forums.models import MemberProfile

    profile = MemberProfile.objects.filter(user=user).first()
    return {
        "pseudonym": profile.display_name if profile else None,
        "guidelines_version_accepted": profile.guidelines_version if profile else None,
        "memberships": [
            {
                "group": membership.group.forum.name,
                "status": membership.get_status_display(),
                "joined_at": membership.joined_at,
                "email": membership.email_mode,
            }
            for membership in member_groups(user=user)
        ],
        "followed_topics": [
            {"topic": topic.subject, "group": topic.forum.name}
            for topic in member_topic_subscriptions(user=user)
        ],
    }


def member_posts_for(*, poster, viewer, forums):
    """A member's posts that ``viewer`` may see, within ``forums`` (the groups the viewer may
    read): published posts of published topics; for the member themselves and for moderators
    also the posts that wait for a moderator. Rejected posts never. ``viewer=None``: published
    only (counts shown to everyone)."""
    from django.db.models import Q
    from machina.apps.forum_conversation.models import Post

    posts = Post.objects.filter(poster=poster, topic__forum__in=forums)
    visible = Q(approved=True, topic__approved=True)
    authenticated = viewer is not None and viewer.is_authenticated
    if authenticated and (viewer.pk == poster.pk or is_group_moderator(viewer)):
        visible |= Q(approved=False, pk__in=_open_item_post_ids())
    return posts.filter(visible)


def member_topics_count_for(*, poster, forums) -> int:
    from machina.apps.forum_conversation.models import Topic

    return Topic.objects.filter(poster=poster, approved=True, forum__in=forums).count()
