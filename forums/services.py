from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forums.display_names import skeleton, validate_display_name
from forums.models import MemberProfile
from forums.selectors import is_group_moderator, protected_display_names
from portal.audit.services import audit_record


@transaction.atomic
def member_display_name_set(*, user, display_name: str) -> MemberProfile:
    """Choose or change the member's pseudonym (validated, unique by look-alike key)."""
    _refuse_if_sanctioned(user)
    cleaned = validate_display_name(display_name, protected_names=protected_display_names())
    key = skeleton(cleaned)
    others = MemberProfile.objects.exclude(user=user).values_list("display_name", flat=True)
    if any(skeleton(other) == key for other in others):
        raise ValidationError("That name is taken (or looks like one that is).", code="taken")
    try:
        profile, _ = MemberProfile.objects.update_or_create(
            user=user, defaults={"display_name": cleaned}
        )
    except IntegrityError as exc:
        raise ValidationError("That name is taken.", code="taken") from exc
    audit_record(action="groups.display_name_set", actor=user, target=user)
    return profile


class JoinError(ValidationError):
    pass


def _refuse_if_sanctioned(user) -> None:
    """Silenced and suspended members change nothing (the middleware refuses first)."""
    from forums.moderation.selectors import write_refusal

    refusal = write_refusal(user)
    if refusal:
        raise ValidationError(refusal, code="sanctioned")


@transaction.atomic
def group_join(*, user, group, accepted_guidelines_version: int | None, display_name: str = ""):
    """Join a group: accept the current guidelines, have a pseudonym. Public and
    members-only groups admit at once; private groups create a request for moderators."""
    from forums.models import GroupKind, Membership, MembershipStatus
    from forums.selectors import current_guidelines

    _refuse_if_sanctioned(user)
    guidelines = current_guidelines()
    if guidelines is not None and accepted_guidelines_version != guidelines.version:
        raise JoinError("Please read and accept the community guidelines.", code="guidelines")
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is None or display_name:
        profile = member_display_name_set(user=user, display_name=display_name)
    if guidelines is not None:
        profile.guidelines_version = guidelines.version
        profile.save(update_fields=["guidelines_version"])
    status = (
        MembershipStatus.PENDING if group.kind == GroupKind.PRIVATE else MembershipStatus.ACTIVE
    )
    membership, created = Membership.objects.get_or_create(
        user=user, group=group, defaults={"status": status}
    )
    if not created and membership.status == MembershipStatus.LEFT:
        membership.status = status
        membership.save(update_fields=["status"])
    audit_record(
        action="groups.join_requested" if status == MembershipStatus.PENDING else "groups.joined",
        actor=user,
        target=group,
    )
    return membership


@transaction.atomic
def group_leave(*, user, group) -> None:
    from forums.models import Membership, MembershipStatus

    updated = Membership.objects.filter(user=user, group=group).update(status=MembershipStatus.LEFT)
    if updated:
        audit_record(action="groups.left", actor=user, target=group)


@transaction.atomic
def membership_decide(*, membership, approve: bool, actor) -> None:
    """A moderator admits (or declines) a request to join a private group."""
    from forums.models import MembershipStatus

    if not is_group_moderator(actor):
        raise JoinError("Only moderators decide join requests.", code="forbidden")
    if membership.status != MembershipStatus.PENDING:
        raise JoinError("This request was already decided.", code="decided")
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.LEFT
    membership.save(update_fields=["status"])
    audit_record(
        action="groups.join_approved" if approve else "groups.join_declined",
        actor=actor,
        target=membership.group,
        data={"member": membership.user_id},
    )


def guidelines_accept(*, user, version: int) -> None:
    from forums.selectors import current_guidelines

    guidelines = current_guidelines()
    if guidelines is None or version != guidelines.version:
        raise JoinError("Those are not the current guidelines.", code="guidelines")
    updated = MemberProfile.objects.filter(user=user).update(guidelines_version=version)
    if not updated:
        raise JoinError("Choose a support-group name first.", code="no_profile")
    audit_record(action="groups.guidelines_accepted", actor=user, data={"version": version})


@transaction.atomic
def member_display_name_anonymise(*, user, actor, reason: str) -> MemberProfile:
    """A moderator replaces a member's pseudonym (e.g. it identified them) with a neutral one."""
    if not is_group_moderator(actor):
        raise ValidationError("Only moderators can anonymise display names.", code="forbidden")
    if not reason.strip():
        raise ValidationError("Give a reason.", code="reason")
    profile = MemberProfile.objects.select_for_update().get(user=user)
    previous = profile.display_name
    profile.display_name = f"Member {user.pk}"
    profile.save(update_fields=["display_name"])
    audit_record(
        action="groups.display_name_anonymised",
        actor=actor,
        target=user,
        data={"reason": reason[:300], "previous_length": len(previous)},
    )
    return profile


# --- The member's own email choices and data (the account hub) --------------------------

GROUP_EMAIL_MODES = ("off", "each", "digest")


@transaction.atomic
def group_email_set(*, user, group, mode: str) -> None:
    """Email for a group: "off", "each" (one per new post) or "digest" (one a day)."""
    from forums.models import GroupSubscription

    if mode not in GROUP_EMAIL_MODES:
        raise ValidationError("Choose off, every post or a daily digest.", code="mode")
    if mode == "off":
        GroupSubscription.objects.filter(user=user, group=group).delete()
        return
    GroupSubscription.objects.update_or_create(
        user=user, group=group, defaults={"digest": mode == "digest"}
    )


def topic_unfollow(*, user, topic_id: int) -> bool:
    """Stop following a topic; returns False when the person did not follow it."""
    from machina.apps.forum_conversation.models import Topic

    topic = Topic.objects.filter(pk=topic_id, subscribers=user).first()
    if topic is None:
        return False
    topic.subscribers.remove(user)
    return True


@transaction.atomic
def member_groups_erase(*, user) -> None:
    """Account deletion: the pseudonym, memberships, group and topic subscriptions and
    reading marks go; posts stay, shown under "Former member"."""
    from machina.apps.forum_member.models import ForumProfile
    from machina.apps.forum_tracking.models import ForumReadTrack, TopicReadTrack

    from forums.models import GroupSubscription, Membership

    GroupSubscription.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    MemberProfile.objects.filter(user=user).delete()
    user.topic_subscriptions.clear()
    ForumReadTrack.objects.filter(user=user).delete()
    TopicReadTrack.objects.filter(user=user).delete()
    ForumProfile.objects.filter(user=user).delete()
