"""Channels, syndication posts, per-channel deliveries, approvals and delivery attempts.

Status fields change only through ``syndication.services`` (guarded transitions, audited).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class Platform(models.TextChoices):
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    X = "x", "X"
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook Page"
    WEBHOOK = "webhook", "Generic webhook"


env_var_name = RegexValidator(
    r"^[A-Z][A-Z0-9_]*$", "An environment variable name: capitals, digits and underscores."
)


class Channel(ClusterableModel):
    """A social account the portal posts to. The secret lives in the environment variable
    named here, never in the database."""

    name = models.CharField(max_length=100, unique=True)
    platform = models.CharField(max_length=20, choices=Platform.choices)
    account_name = models.CharField(
        max_length=200, help_text="The account as people see it, e.g. @clinic@example.social."
    )
    account_id = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Bluesky: handle or DID used to log in; LinkedIn: author URN "
            "(urn:li:organization:…); Facebook: page id. Unused for the others."
        ),
    )
    base_url = models.URLField(
        help_text="API base URL, e.g. https://mastodon.social, https://bsky.social, "
        "https://api.x.com, https://api.linkedin.com, https://graph.facebook.com/v23.0, "
        "or the webhook's URL."
    )
    credentials_env_var = models.CharField(
        "credentials environment variable",
        max_length=100,
        validators=[env_var_name],
        help_text="Name of the environment variable holding the token or app password.",
    )
    enabled = models.BooleanField(default=False)
    max_posts_per_hour = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1)], help_text="Posting rate limit."
    )
    # Demo channels point at the local fake platform and use its public token.
    is_demo = models.BooleanField(default=False, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("platform"),
        FieldPanel("account_name"),
        FieldPanel("account_id"),
        FieldPanel("base_url"),
        FieldPanel("credentials_env_var"),
        FieldPanel("enabled"),
        FieldPanel("max_posts_per_hour"),
        MultiFieldPanel(
            [InlinePanel("approval_steps", label="Approval step", min_num=1)],
            heading="Approval steps (in order)",
        ),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_platform_display()})"


class StepMode(models.TextChoices):
    ANY = "any", "Any one of the reviewers"
    ALL = "all", "All of the reviewers"


class ApprovalStep(Orderable, ClusterableModel):
    """One human approval a channel requires; every step must be satisfied."""

    channel = ParentalKey(Channel, on_delete=models.CASCADE, related_name="approval_steps")
    mode = models.CharField(max_length=3, choices=StepMode.choices, default=StepMode.ANY)
    reviewers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        limit_choices_to={"groups__name": "Compliance reviewer", "is_active": True},
        help_text="Compliance reviewers for this step; none chosen = any compliance reviewer.",
    )

    panels = [FieldPanel("mode"), FieldPanel("reviewers")]

    def __str__(self) -> str:
        return f"Step {self.sort_order} of {self.channel_id} ({self.mode})"


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved (scheduled)"
    SENDING = "sending", "Sending"
    PUBLISHED = "published", "Published"
    ATTENTION = "attention", "Needs attention"
    EXPIRED = "expired", "Approval expired"
    CANCELLED = "cancelled", "Cancelled"


class SyndicationPost(models.Model):
    """What is shared about one page; one ``Delivery`` per channel carries the text."""

    source_page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_title = models.CharField(max_length=255)
    source_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_url = models.URLField(max_length=1000, help_text="The live page's address.")
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT, db_index=True
    )
    status_reason = models.CharField(max_length=500, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True, help_text="Empty: send now.")
    composed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    recall_flagged_at = models.DateTimeField(null=True, blank=True)
    recall_reason = models.CharField(max_length=300, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("approve_syndicationpost", "Can approve syndication posts"),
            ("export_syndicationpost", "Can export syndication history as CSV"),
            ("recall_syndicationpost", "Can delete syndicated posts from their channel"),
            ("reconcile_syndicationpost", "Can resolve deliveries that need reconciliation"),
        ]

    def __str__(self) -> str:
        return f"Syndication #{self.pk}: {self.source_title}"


class DeliveryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    RETRY_WAIT = "retry_wait", "Waiting to retry"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    NEEDS_RECONCILIATION = "needs_reconciliation", "Needs reconciliation"
    CANCELLED = "cancelled", "Cancelled"
    REMOVED = "removed", "Removed from channel"


class Delivery(models.Model):
    """The text for one channel and what happened when it was sent. At most one remote
    post each (see ``syndication.delivery``)."""

    post = models.ForeignKey(SyndicationPost, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="deliveries")
    text = models.TextField()
    link = models.URLField(max_length=2000)
    status = models.CharField(
        max_length=24, choices=DeliveryStatus.choices, default=DeliveryStatus.DRAFT, db_index=True
    )
    status_reason = models.CharField(max_length=1000, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    remote_id = models.CharField(max_length=500, blank=True)
    remote_url = models.URLField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["channel__name"]
        constraints = [
            models.UniqueConstraint(fields=["post", "channel"], name="one_delivery_per_channel")
        ]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.post_id} → {self.channel_id} ({self.status})"


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Changes requested"


class Approval(models.Model):
    """A reviewer's decision on a delivery, bound to the exact content and source revision.
    Voided (never deleted) when either changes."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="approvals")
    step = models.ForeignKey(ApprovalStep, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    source_revision_id = models.PositiveBigIntegerField(null=True)
    text = models.TextField(help_text="Exactly what was approved, for the diff.")
    link = models.URLField(max_length=2000)
    image_alt = models.CharField(max_length=1000, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision} by {self.reviewer_id} on delivery {self.delivery_id}"


class AttemptOutcome(models.TextChoices):
    IN_FLIGHT = "in_flight", "In flight"
    SUCCEEDED = "succeeded", "Succeeded"
    TRANSIENT = "transient", "Transient failure"
    PERMANENT = "permanent", "Permanent failure"
    AMBIGUOUS = "ambiguous", "Outcome unknown (worker stopped)"


class Attempt(models.Model):
    """Recorded (and committed) before the request is sent, finished afterwards: an
    attempt still in flight after a crash is the evidence that needs reconciling."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=10, choices=AttemptOutcome.choices, default=AttemptOutcome.IN_FLIGHT
    )
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=1000, blank=True)
    remote_id = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="attempt_number_unique")
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of delivery {self.delivery_id}: {self.outcome}"
