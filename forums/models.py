from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class CommunityGuidelines(models.Model):
    """A version of the community guidelines. Members accept the newest before posting."""

    version = models.PositiveIntegerField(unique=True)
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name_plural = "community guidelines"

    def __str__(self) -> str:
        return f"Community guidelines v{self.version}"


class MemberProfile(models.Model):
    """A member's support-group identity: a pseudonym shown instead of their account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_profile"
    )
    display_name = models.CharField(max_length=40, unique=True)
    guidelines_version = models.PositiveIntegerField(
        default=0, help_text="The guidelines version this member last accepted."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class GroupKind(models.TextChoices):
    PUBLIC = "public", "Public: anyone reads, members post"
    MEMBERS_ONLY = "members_only", "Members only: only members read"
    PRIVATE = "private", "Private: invisible to non-members; joining needs approval"


class SupportGroup(models.Model):
    """A condition-based support group: one machina forum plus the portal's privacy rules."""

    forum = models.OneToOneField(
        "forum.Forum", on_delete=models.CASCADE, related_name="support_group"
    )
    kind = models.CharField(max_length=20, choices=GroupKind.choices, default=GroupKind.PUBLIC)
    condition = models.ForeignKey(
        "taxonomy.Condition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_groups",
    )
    # Private groups are joined through an invitation link carrying this token.
    invite_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["forum__name"]

    def __str__(self) -> str:
        return self.forum.name


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    ACTIVE = "active", "Member"
    LEFT = "left", "Left"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} ({self.status})"


class GroupSubscription(models.Model):
    """A member follows a whole group: an email per new post, or one daily digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_subscriptions"
    )
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="subscriptions")
    digest = models.BooleanField(
        default=False, help_text="One email a day instead of one per post."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="one_subscription_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.group_id}"
