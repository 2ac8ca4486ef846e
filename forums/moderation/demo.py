"""Demo moderation work: held posts of each kind, two reports, one crisis item and one
silenced member. All text is synthetic and marked as demo; phone numbers are 555-01xx."""

from __future__ import annotations

from datetime import timedelta

from machina.apps.forum_conversation.models import Post, Topic

from forums.models import GroupKind, SupportGroup
from forums.moderation.models import (
    ItemKind,
    MessageTemplate,
    ModerationItem,
    OnCallModerator,
    SanctionKind,
    WatchedWord,
    WatchedWordAction,
)
from forums.moderation.screening import screen_member_text
from forums.moderation.services import (
    member_sanction,
    message_template_save,
    post_hold,
    post_report,
)
from portal.accounts.models import User

DEMO_WATCHED_WORDS = [
    ("miracle cure", WatchedWordAction.HOLD, ""),
    ("buy followers", WatchedWordAction.BLOCK, "Demo rule: advertising is not allowed here."),
    ("darn", WatchedWordAction.CENSOR, ""),
]
HELD = [
    (ItemKind.NEW_MEMBER, "patient@demo.test", "Demo post: hello everyone, I am new here."),
    (ItemKind.PHI, "member1@demo.test", "Demo post: text me on (555) 010-0199 if you want."),
    (ItemKind.WATCHED, "member2@demo.test", "Demo post: has anyone tried the miracle cure tea?"),
    (ItemKind.CRISIS, "member3@demo.test", "Demo post: I don't want to be here anymore."),
    (
        ItemKind.CONCERN,
        "member5@demo.test",
        "Demo post: lately it all feels pointless and I feel so alone with it.",
    ),
]


def approve_demo_templates() -> int:
    """The demo administrator approves the default messages of concern (English and
    Spanish, created unapproved by migration 0003). Idempotent."""
    admin = User.objects.get(email="admin@demo.test")
    drafts = MessageTemplate.objects.filter(approved_at__isnull=True).filter(
        name__in=["Checking in (default)", "Para saber cómo está (predeterminado)"]
    )
    for template in drafts:
        message_template_save(template=template, editor=admin, changed=[], approve=True)
    return len(drafts)


def load_moderation_demo() -> int:
    """Idempotent: does nothing once any moderation item exists."""
    approve_demo_templates()
    group = SupportGroup.objects.filter(kind=GroupKind.PUBLIC).select_related("forum").first()
    if group is None or ModerationItem.objects.exists():
        return ModerationItem.objects.count()
    moderator = User.objects.get(email="moderator@demo.test")
    OnCallModerator.objects.get_or_create(user=moderator)
    for pattern, action, message in DEMO_WATCHED_WORDS:
        WatchedWord.objects.get_or_create(
            pattern=pattern, defaults={"action": action, "message": message}
        )
    topic = Topic.objects.filter(forum=group.forum, approved=True).order_by("pk").first()
    for kind, email, text in HELD:
        post = _post(topic, User.objects.get(email=email), text, approved=False)
        post_hold(post=post, kind=kind, findings=screen_member_text(text).findings())
    reported = _post(
        topic,
        User.objects.get(email="member4@demo.test"),
        "Demo post: stop taking your tablets, cinnamon does the same job.",
        approved=True,
    )
    reports = (("member1@demo.test", "misinformation"), ("member2@demo.test", "other"))
    for email, category in reports:
        post_report(post=reported, reporter=User.objects.get(email=email), category=category)
    member_sanction(
        member=User.objects.get(email="member5@demo.test"),
        moderator=moderator,
        kind=SanctionKind.SILENCE,
        reason="Demo sanction: repeated advertising.",
        duration=timedelta(days=7),
    )
    return ModerationItem.objects.count()


def _post(topic, poster, text: str, *, approved: bool) -> Post:
    return Post.objects.create(
        topic=topic, poster=poster, subject=f"Re: {topic.subject}", content=text, approved=approved
    )
