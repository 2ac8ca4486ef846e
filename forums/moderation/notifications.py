"""Moderation emails, through the portal's one sender. Like every support-group email, they
carry links, never what a member wrote (not the post, not a reporter's note, not who else
reported). The reasons moderators give (rejection, sanction) are staff text and are sent.

Kinds (registered in ``ModerationConfig.ready``): ``moderation_crisis_alert``,
``moderation_post_rejected`` and ``moderation_sanction`` are mandatory;
``moderation_report_outcome`` is optional."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from forums.models import GroupKind, MembershipStatus
from forums.moderation.models import (
    AlertMessage,
    AlertRound,
    Audience,
    ItemStatus,
    ModerationItem,
    Sanction,
    SanctionKind,
)
from forums.selectors import email_post_path
from portal.core.models import SiteSafetySettings
from portal.core.urls import absolute_url
from portal.notifications.services import notify, notify_address

CRISIS_KIND = "moderation_crisis_alert"
REJECTED_KIND = "moderation_post_rejected"
OUTCOME_KIND = "moderation_report_outcome"
SANCTION_KIND = "moderation_sanction"


def _crisis_line() -> str:
    """The crisis line as the site's safety texts give it (staff-edited)."""
    return SiteSafetySettings.load().crisis_line_text


_ALERT_SUBJECTS = {
    AlertRound.FIRST: "URGENT: crisis post waiting in the support groups",
    AlertRound.REALERT: "URGENT (reminder): crisis alert not yet acknowledged",
    AlertRound.ESCALATION: "URGENT (escalated to you): crisis alert not acknowledged",
    AlertRound.CHAIN_END: "URGENT: no clinical on-call contact has acknowledged a crisis alert",
}


def crisis_position_line(position: int | None) -> str:
    """Where the item stands in the queue when the email is sent: "first" only when it is."""
    if position == 1:
        return "A post with crisis language was held and is first in the moderation queue."
    if position:
        return (
            f"A post with crisis language was held; it is number {position} in the "
            "moderation queue."
        )
    return "A post with crisis language was held for the moderators."


def _round_line(message: AlertMessage, *, first_sent_at, previous: str) -> str:
    when = date_format(timezone.localtime(first_sent_at), "DATETIME_FORMAT")
    if message.round_kind == AlertRound.REALERT:
        return f"Nobody has acknowledged this alert since it was first sent ({when})."
    if message.round_kind == AlertRound.ESCALATION and message.audience == Audience.CLINICAL:
        return (
            f"{previous or 'The previous clinical on-call contact'} did not acknowledge it, "
            "so it comes to you as the next clinical on-call contact."
        )
    if message.round_kind == AlertRound.ESCALATION:
        return f"It was escalated to the next clinical on-call contact (first sent {when})."
    if message.round_kind == AlertRound.CHAIN_END:
        return (
            "Every clinical on-call contact in the chain was alerted and none acknowledged. "
            "Alerts continue until one does or a moderator decides the item."
        )
    return ""


def send_crisis_alert(
    *, message: AlertMessage, ack_path: str, position: int | None, previous: str = ""
) -> None:
    """Email one person one round of a crisis alert: where the item stands, a link to
    acknowledge it and, for moderators, a link to the item; never the member's words.
    Raises when the email could not be sent, so the caller retries."""
    lines = [
        crisis_position_line(position),
        _round_line(message, first_sent_at=message.alert.created_at, previous=previous),
        "The member was shown the crisis line. This email does not contain what they wrote.",
        "Acknowledge this alert (open the link, then confirm): " + absolute_url(ack_path),
    ]
    lines = [line for line in lines if line]
    subject = _ALERT_SUBJECTS[message.round_kind]
    headers = {"X-Priority": "1", "Importance": "high"}
    if message.audience == Audience.MODERATOR:
        sent = notify(
            user=message.user,
            kind=CRISIS_KIND,
            subject=subject,
            lines=[*lines, "Open the item now:"],
            link_path=reverse("moderation_item", args=[message.alert.item_id]),
            headers=headers,
        )
        if not sent:
            raise RuntimeError("The moderator has no active account with an email address")
        return
    notify_address(
        email=message.email,
        kind=CRISIS_KIND,
        subject=subject,
        lines=[
            *lines,
            "Replying to this email reaches the moderators.",
        ],
        headers={**headers, "Reply-To": settings.PORTAL_MODERATION_CONTACT_EMAIL},
    )


def send_rejection(*, item_id: int) -> bool:
    item = ModerationItem.objects.select_related("author").get(pk=item_id)
    if item.author is None:
        return False
    return notify(
        user=item.author,
        kind=REJECTED_KIND,
        subject="Your support-group post was not published",
        lines=[
            "A moderator reviewed your post and did not publish it.",
            f"Reason: {item.reason}",
            "For your privacy this email does not contain what you wrote.",
            _crisis_line(),
            "Our community guidelines:",
        ],
        link_path=reverse("group_guidelines"),
        fail_silently=True,
    )


def send_report_outcomes(*, item_id: int) -> int:
    """Tell each member who reported the item's post what was decided, in neutral words,
    with a link to the post if they can still read it. Returns how many were emailed."""
    item = ModerationItem.objects.select_related("post__topic__forum").get(pk=item_id)
    reporters = [report.reporter for report in item.reports.select_related("reporter")]
    if not reporters:
        return 0
    outcome = _outcome(item)
    group = getattr(item.post.topic.forum, "support_group", None)
    where = (
        item.post.topic.forum.name
        if group is not None and group.kind == GroupKind.PUBLIC
        else "one of your groups"
    )
    sent = 0
    for reporter in {user.pk: user for user in reporters}.values():
        sent += notify(
            user=reporter,
            kind=OUTCOME_KIND,
            subject="We reviewed a post you reported",
            lines=[
                f"We reviewed a post you reported in {where}: {outcome}.",
                "Thank you for helping keep the support groups safe. "
                "The author is never told who reported their post.",
            ],
            link_path=_post_path(item, reporter, group),
            fail_silently=True,
        )
    return sent


def _outcome(item: ModerationItem) -> str:
    if item.status == ItemStatus.REJECTED:
        return "we removed it"
    if item.redactions.exists():
        return "we edited it to remove personal information"
    return "we found it within the guidelines"


def _post_path(item: ModerationItem, reporter, group) -> str:
    """The post if it is visible and the reporter may still read its group, else the groups'
    index."""
    post = item.post
    readable = post.approved and post.topic.approved
    if group is not None and group.kind != GroupKind.PUBLIC:
        readable = (
            readable
            and group.memberships.filter(user=reporter, status=MembershipStatus.ACTIVE).exists()
        )
    if not readable:
        return reverse("forum:index")
    return email_post_path(post.pk)


_SANCTION_SUBJECTS = {
    SanctionKind.WARN: "A warning from the support-group moderators",
    SanctionKind.SILENCE: "You are read-only in the support groups",
    SanctionKind.SUSPEND: "You are suspended from the support groups",
}
_STILL_ALLOWED = {
    SanctionKind.WARN: (
        "You can keep using the support groups as before. You will be asked to confirm "
        "you have read this warning on your next visit."
    ),
    SanctionKind.SILENCE: (
        "Until then you can still read the support groups, leave a group, stop group "
        "emails, read the health library and manage your account. You cannot post, "
        "reply, edit, report, join groups or change your group profile."
    ),
    SanctionKind.SUSPEND: (
        "Until then you cannot use the support groups. You can still read the health "
        "library, manage your account and download or delete your data."
    ),
}


def send_sanction_notice(*, sanction_id: int) -> bool:
    """The sanction, the moderator's reason, when it ends, what the member can still do and
    how to appeal (reply to this email, or write to the moderators)."""
    sanction = Sanction.objects.select_related("member").get(pk=sanction_id)
    contact = settings.PORTAL_MODERATION_CONTACT_EMAIL
    return notify(
        user=sanction.member,
        kind=SANCTION_KIND,
        subject=_SANCTION_SUBJECTS[sanction.kind],
        lines=[
            _what(sanction),
            f"Reason: {sanction.reason}",
            _STILL_ALLOWED[sanction.kind],
            "If you think this is a mistake, or to appeal, reply to this email or write to "
            f"the moderators at {contact}.",
            _crisis_line(),
            "Our community guidelines:",
        ],
        link_path=reverse("group_guidelines"),
        headers={"Reply-To": contact},
        fail_silently=True,
    )


def _what(sanction: Sanction) -> str:
    if sanction.kind == SanctionKind.WARN:
        return "A moderator of the support groups has sent you a warning."
    what = (
        "suspended you from" if sanction.kind == SanctionKind.SUSPEND else "made you read-only in"
    )
    if sanction.ends_at is None:
        until = "until a moderator lifts it"
    else:
        ends = date_format(timezone.localtime(sanction.ends_at), "DATETIME_FORMAT")
        until = f"until {ends} ({timezone.get_current_timezone_name()})"
    return f"A moderator has {what} the support groups {until}."
