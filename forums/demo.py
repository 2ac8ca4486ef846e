"""Demo support groups: synthetic members and conversations (held posts, reports and
sanctions come from forums/moderation/demo.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic

from forums.models import GroupKind, MemberProfile, Membership, MembershipStatus, SupportGroup
from forums.selectors import current_guidelines
from portal.accounts.factories import UserFactory
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import role_grant
from portal.taxonomy.models import Condition

DEMO_GROUPS = [
    ("Blood pressure circle (demo)", GroupKind.PUBLIC, "hypertension"),
    ("Living with diabetes (demo)", GroupKind.PUBLIC, "type-2-diabetes"),
    ("After a heart attack (demo)", GroupKind.MEMBERS_ONLY, "myocardial-infarction"),
    ("Quiet room (demo, private)", GroupKind.PRIVATE, "depression"),
]
DEMO_MEMBERS = ["Hopeful Heron", "Quiet Otter", "Steady Sparrow", "Patient Pine", "Calm Cedar"]
# The demo members and the mentor joined the groups long ago (their posts go live at once, as
# an established member's do); the demo patient is new, so their first posts are held.
ESTABLISHED_FOR = timedelta(days=90)
TOPICS_PER_GROUP = 8
REPLIES_PER_TOPIC = 3


def load_groups_demo(*, password: str) -> int:
    if SupportGroup.objects.exists():
        return SupportGroup.objects.count()
    members = [_member(name, index, password) for index, name in enumerate(DEMO_MEMBERS)]
    mentor = User.objects.get(email="mentor@demo.test")
    _profile(mentor, "Mentor Maple")
    MemberProfile.objects.filter(user__in=[*members, mentor]).update(
        created_at=timezone.now() - ESTABLISHED_FOR
    )
    patient = User.objects.get(email="patient@demo.test")
    _profile(patient, "Demo Patient")
    for name, kind, condition_slug in DEMO_GROUPS:
        group = _group(name, kind, condition_slug)
        for member in [*members, mentor]:
            Membership.objects.create(user=member, group=group, status=MembershipStatus.ACTIVE)
        _conversations(group, [*members, mentor])
    public = SupportGroup.objects.filter(kind=GroupKind.PUBLIC).first()
    Membership.objects.create(user=patient, group=public, status=MembershipStatus.ACTIVE)
    return SupportGroup.objects.count()


def _member(name: str, index: int, password: str, role: str = Role.PATIENT) -> User:
    email = f"member{index + 1}@demo.test"
    user = User.objects.filter(email=email).first() or UserFactory(
        email=email, first_name="Member", last_name="(demo)"
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    role_grant(user=user, role=role, actor=None, via="demo-data")
    _profile(user, name)
    return user


def _profile(user: User, name: str) -> None:
    guidelines = current_guidelines()
    MemberProfile.objects.update_or_create(
        user=user,
        defaults={
            "display_name": name,
            "guidelines_version": guidelines.version if guidelines else 0,
        },
    )


def _group(name: str, kind: str, condition_slug: str) -> SupportGroup:
    forum = Forum.objects.create(
        name=name,
        slug=slugify(name)[:50],
        type=Forum.FORUM_POST,
        description=f"Demo group: synthetic members talk about {name.split(' (')[0].lower()}.",
    )
    condition = Condition.objects.filter(slug=condition_slug).first()
    return SupportGroup.objects.create(forum=forum, kind=kind, condition=condition)


def _conversations(group: SupportGroup, members: list[User]) -> None:
    for index in range(TOPICS_PER_GROUP):
        poster = members[index % len(members)]
        topic = Topic.objects.create(
            forum=group.forum,
            poster=poster,
            subject=f"Demo topic {index + 1}: what helps on a hard day?",
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
        Post.objects.create(
            topic=topic,
            poster=poster,
            subject=topic.subject,
            approved=True,
            content="Demo post: synthetic text. Sharing what I do on a hard day, not advice.",
        )
        for reply in range(REPLIES_PER_TOPIC):
            Post.objects.create(
                topic=topic,
                poster=members[(index + reply + 1) % len(members)],
                approved=True,
                subject=f"Re: {topic.subject}",
                content=f"Demo reply {reply + 1}: thanks for sharing.",
            )
