"""Moderation emails. Like every support-group email, they carry links, never what a member
wrote."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.urls import reverse

from forums.moderation.models import ModerationItem
from forums.notifications import absolute_url


def send_crisis_alert(*, item_id: int, recipients) -> None:
    link = absolute_url(reverse("moderation_item", args=[item_id]))
    emails = [user.email for user in recipients if user.email]
    if not emails:
        raise RuntimeError("No moderator can receive the crisis alert")
    EmailMessage(
        subject="URGENT: crisis post waiting in the support groups",
        body=(
            "A post with crisis language was held and is first in the moderation queue.\n\n"
            f"Open it now: {link}\n\n"
            "The member was shown the crisis line. This email does not contain what they wrote."
        ),
        to=emails,
        headers={"X-Priority": "1", "Importance": "high"},
    ).send(fail_silently=False)


def send_rejection(*, item_id: int) -> None:
    item = ModerationItem.objects.select_related("author", "post__topic__forum").get(pk=item_id)
    if item.author is None or not item.author.email:
        return
    guidelines = absolute_url(reverse("group_guidelines"))
    EmailMessage(
        subject="Your support-group post was not published",
        body=(
            "A moderator reviewed your post and did not publish it.\n\n"
            f"Reason: {item.reason}\n\n"
            f"Our community guidelines: {guidelines}\n\n"
            "For your privacy this email does not contain what you wrote. If you are in "
            "crisis, call or text 988 (US) now, or 911 in an emergency."
        ),
        to=[item.author.email],
    ).send(fail_silently=False)
