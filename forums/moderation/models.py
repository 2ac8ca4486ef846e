from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.models import PreviewableMixin

from forums.moderation.phrase_trial import phrase_trial
from portal.core.models import SiteSafetySettings
from portal.screening.detectors import tokens


class WatchedWordAction(models.TextChoices):
    BLOCK = "block", "Block the post (the member sees the message)"
    HOLD = "hold", "Hold the post for a moderator"
    CENSOR = "censor", "Replace the word with asterisks"


class PhraseTrialPreview(PreviewableMixin):
    """The snippet editor's live preview: what this phrase would have done to the latest
    published posts (``forums.moderation.phrase_trial``), before it is saved."""

    trial_is_regex = False

    def get_preview_template(self, request, mode_name):
        return "moderation/phrase_trial_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["trial"] = phrase_trial(pattern=self.trial_pattern, is_regex=self.trial_is_regex)
        context["pattern"] = self.trial_pattern
        context["outcome"] = self.trial_outcome
        return context


class WatchedWord(PhraseTrialPreview, models.Model):
    """A word or pattern moderators watch for, and what happens to a post that has it."""

    pattern = models.CharField(max_length=200)
    is_regex = models.BooleanField(
        default=False, help_text="A Python regular expression instead of a whole word."
    )
    action = models.CharField(max_length=10, choices=WatchedWordAction.choices)
    message = models.CharField(
        max_length=300,
        blank=True,
        help_text="Shown to the member when the post is blocked (required for block).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pattern"]

    def __str__(self) -> str:
        return f"{self.pattern} ({self.get_action_display()})"

    @property
    def trial_pattern(self) -> str:
        return self.pattern

    @property
    def trial_is_regex(self) -> bool:  # type: ignore[override]
        return self.is_regex

    @property
    def trial_outcome(self) -> str:
        return {
            WatchedWordAction.BLOCK: "blocked",
            WatchedWordAction.HOLD: "held",
            WatchedWordAction.CENSOR: "censored",
        }.get(self.action, "matched")

    def clean(self) -> None:
        from forums.moderation.screening import compile_watched_word

        try:
            compile_watched_word(self.pattern, is_regex=self.is_regex)
        except ValueError as error:
            raise ValidationError({"pattern": str(error)}) from error
        if self.action == WatchedWordAction.BLOCK and not self.message.strip():
            raise ValidationError({"message": "Say why the post is blocked."})


class CrisisPhrase(PhraseTrialPreview, models.Model):
    """A moderator-added phrase treated as crisis language, on top of the built-in ones."""

    phrase = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    trial_outcome = "held as crisis posts (with an on-call alert)"

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase

    @property
    def trial_pattern(self) -> str:
        return self.phrase

    def clean(self) -> None:
        if not tokens(self.phrase):
            raise ValidationError(
                {"phrase": "Enter at least one word: phrases match whole words, not symbols."}
            )


class OnCallModerator(models.Model):
    """Moderators who receive crisis alerts by email at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_on_call"
    )
    since = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)


class ClinicalContact(models.Model):
    """One link in the clinical on-call chain: crisis alerts go to the first active contact
    and, when nobody acknowledges, to the next one in order."""

    name = models.CharField(max_length=200)
    email = models.EmailField(help_text="Crisis alerts are sent here.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first in the chain.")
    active = models.BooleanField(
        default=True,
        help_text="Only active contacts are alerted. Deactivate a contact rather than delete "
        "one who was alerted (the alert history keeps them).",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinical_contacts",
        help_text="Their portal account, if they have one (optional).",
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "clinical on-call contact"

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ItemKind(models.TextChoices):
    CRISIS = "crisis", "Crisis"
    CONCERN = "concern", "Concern"
    REPORTED = "reported", "Reported"
    PHI = "phi", "Personal information"
    WATCHED = "watched", "Watched word"
    NEW_MEMBER = "new_member", "New member"


# Lower is more urgent: the queue is ordered by urgency, then by age.
URGENCY = {
    ItemKind.CRISIS: 0,
    ItemKind.CONCERN: 1,  # medium priority: beside reported posts, after crisis items
    ItemKind.REPORTED: 1,
    ItemKind.PHI: 2,
    ItemKind.WATCHED: 3,
    ItemKind.NEW_MEMBER: 4,
}


class ItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    DISMISSED = "dismissed", "Reports dismissed"


class RiskLevel(models.IntegerChoices):
    """The moderator's judgement of a crisis item, on a risk-matrix scale: what the member
    wrote about ideation, a plan, the means, the timing and what protects them."""

    NO_APPARENT_RISK = 0, "No apparent risk"
    LOW = 1, "Low"
    MODERATE = 2, "Moderate"
    HIGH = 3, "High"
    IMMINENT = 4, "Imminent"


# The one line a moderator sees beside each level (the risk matrix, in short).
RISK_DESCRIPTIONS = {
    RiskLevel.NO_APPARENT_RISK: (
        "No thoughts of suicide or self-harm of their own now: prevention talk, the past, "
        "someone else, or distress without ideation."
    ),
    RiskLevel.LOW: (
        "Passive thoughts or wishes to be gone; no plan, no means, no time set; protective "
        "factors present (people, reasons to live, care)."
    ),
    RiskLevel.MODERATE: (
        "Active thoughts of suicide or self-harm with a vague plan; no access to means and no "
        "time set; some protective factors."
    ),
    RiskLevel.HIGH: (
        "A specific plan with access to means, or recent self-harm; few or no protective "
        "factors; no set time."
    ),
    RiskLevel.IMMINENT: (
        "A plan, the means and a time (today, tonight), goodbye behaviour or an act under way: "
        "escalate to the clinical on-call contact and emergency services now."
    ),
}


class RiskFactor(models.TextChoices):
    """What the moderator saw in the post (the matrix's columns)."""

    IDEATION = "ideation", "Thoughts of suicide or self-harm"
    PLAN = "plan", "A plan"
    MEANS = "means", "Access to means"
    TIMING = "timing", "A time set, or soon"
    PROTECTIVE = "protective", "Protective factors mentioned"


class ModerationItem(models.Model):
    """One post that needs a moderator: held on submit, reported or in crisis."""

    post = models.ForeignKey(
        "forum_conversation.Post", on_delete=models.PROTECT, related_name="moderation_items"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_items",
    )
    kind = models.CharField(max_length=12, choices=ItemKind.choices)
    urgency = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    findings = models.JSONField(
        default=dict, blank=True, help_text="What screening found: kinds, spans, phrases, words."
    )
    snapshot = models.TextField(blank=True, help_text="The post's text when it was queued.")
    hidden_by_reports = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    post_created_at = models.DateTimeField()
    alerted_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    first_action_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(
        blank=True, help_text="Why the post was rejected (sent to the author)."
    )
    risk_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=RiskLevel.choices,
        help_text="Crisis items: set by a moderator.",
    )
    risk_set_at = models.DateTimeField(null=True, blank=True)
    first_outreach_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the member was first reached: a message of concern or an escalation.",
    )
    outcome_note = models.TextField(
        blank=True, help_text="Crisis items: what was done and why (moderators only)."
    )

    class Meta:
        ordering = ["urgency", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=models.Q(status="open"),
                name="moderation_one_open_item_per_post",
            )
        ]
        indexes = [models.Index(fields=["status", "urgency", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} item for post {self.post_id}"

    @property
    def outreach_minutes(self) -> int:
        """Minutes from the hold to the first outreach, or waited so far without one."""
        end = self.first_outreach_at or timezone.now()
        return max(0, int((end - self.created_at).total_seconds() // 60))

    @property
    def risk_description(self) -> str:
        return RISK_DESCRIPTIONS.get(self.risk_level, "") if self.risk_level is not None else ""


class RiskAssessment(models.Model):
    """One setting of a crisis item's risk level (the item keeps the latest)."""

    item = models.ForeignKey(
        ModerationItem, on_delete=models.CASCADE, related_name="risk_assessments"
    )
    level = models.PositiveSmallIntegerField(choices=RiskLevel.choices)
    factors = models.JSONField(default=list, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} risk on item {self.item_id}"

    def factor_labels(self) -> list[str]:
        labels = dict(RiskFactor.choices)
        return [labels[factor] for factor in self.factors if factor in labels]


class MessageLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Español (Spanish)"


class MessageTemplatePurpose(models.TextChoices):
    CONCERN = "concern", "Message of concern"


class MessageTemplate(models.Model):
    """Wording moderators may send a member privately. Only an approved template can be
    sent; changing its subject or body withdraws the approval. It never holds the member's
    words: there is no placeholder for the post."""

    name = models.CharField(max_length=120)
    purpose = models.CharField(
        max_length=20,
        choices=MessageTemplatePurpose.choices,
        default=MessageTemplatePurpose.CONCERN,
    )
    language = models.CharField(
        max_length=5, choices=MessageLanguage.choices, default=MessageLanguage.ENGLISH
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(
        max_length=4000,
        help_text="Plain text. The site's crisis line and resources are added below it.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["purpose", "language", "name"]
        permissions = [("approve_messagetemplate", "Can approve message templates")]

    def __str__(self) -> str:
        state = "approved" if self.is_approved else "not approved"
        return f"{self.name} ({self.get_language_display()}, {state})"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None and self.approved_by_id is not None

    def clean(self) -> None:
        phone = SiteSafetySettings.load().crisis_line_phone
        if phone and phone not in self.body:
            raise ValidationError(
                {"body": f"Include the crisis line ({phone}) and where to find help."}
            )


class MemberMessageKind(models.TextChoices):
    CONCERN = "concern", "Message of concern"
    CRISIS_REJECTION = "crisis_rejection", "About your post"


class MemberMessage(models.Model):
    """A private message from the moderators that the member reads when signed in."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_messages"
    )
    kind = models.CharField(max_length=20, choices=MemberMessageKind.choices)
    item = models.ForeignKey(
        ModerationItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    template = models.ForeignKey(
        MessageTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(
        max_length=5, choices=MessageLanguage.choices, default=MessageLanguage.ENGLISH
    )
    subject = models.CharField(max_length=150)
    body = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient_id}"


class AlertStatus(models.TextChoices):
    ACTIVE = "active", "Waiting for acknowledgement"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    STOPPED = "stopped", "Stopped: the item was decided"


class CrisisAlert(models.Model):
    """The on-call alert of one crisis item and where its escalation stands. Each round
    emails the moderators and the current clinical contact; an unacknowledged round is
    repeated, then escalated to the next contact (see ``forums.moderation.escalation``)."""

    item = models.OneToOneField(
        ModerationItem, on_delete=models.CASCADE, related_name="crisis_alert"
    )
    status = models.CharField(
        max_length=12, choices=AlertStatus.choices, default=AlertStatus.ACTIVE
    )
    round = models.PositiveIntegerField(default=0, help_text="Rounds of emails sent so far.")
    contact = models.ForeignKey(
        ClinicalContact,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The clinical contact the chain has reached.",
    )
    contact_sends = models.PositiveIntegerField(default=0)
    chain_exhausted = models.BooleanField(default=False)
    next_check_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "AlertMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator_acknowledged_at = models.DateTimeField(null=True, blank=True)
    moderator_acknowledged_by = models.ForeignKey(
        "AlertMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_check_at"])]

    def __str__(self) -> str:
        return f"Crisis alert for item {self.item_id}"


class AlertRound(models.TextChoices):
    FIRST = "first", "First alert"
    REALERT = "realert", "Re-alert"
    ESCALATION = "escalation", "Escalated"
    CHAIN_END = "chain_end", "End of the chain: re-alert"


class Audience(models.TextChoices):
    MODERATOR = "moderator", "Moderator"
    CLINICAL = "clinical", "Clinical on-call"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed: retrying"
    SUPERSEDED = "superseded", "Not sent: a later round replaced it"


def _ack_nonce() -> str:
    return secrets.token_urlsafe(32)


class AlertMessage(models.Model):
    """One email of one alert round to one person, with its own acknowledgement link."""

    alert = models.ForeignKey(CrisisAlert, on_delete=models.CASCADE, related_name="messages")
    round = models.PositiveIntegerField()
    round_kind = models.CharField(max_length=12, choices=AlertRound.choices)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        ClinicalContact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    queue_position = models.PositiveIntegerField(null=True, blank=True)
    ack_nonce = models.CharField(max_length=64, unique=True, default=_ack_nonce)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "audience", "pk"]

    def __str__(self) -> str:
        return f"{self.get_round_kind_display()} to {self.name}"


class ReportCategory(models.TextChoices):
    SELF_HARM = "self_harm", "Self-harm risk"
    MISINFORMATION = "misinformation", "Medical misinformation"
    PERSONAL_INFO = "personal_info", "Personal information"
    HARASSMENT = "harassment", "Harassment"
    SPAM = "spam", "Spam"
    OTHER = "other", "Other"


class Report(models.Model):
    """A member's report of a post, with a snapshot of the post as it was reported."""

    post = models.ForeignKey(
        "forum_conversation.Post", on_delete=models.PROTECT, related_name="reports"
    )
    item = models.ForeignKey(ModerationItem, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(max_length=20, choices=ReportCategory.choices)
    note = models.TextField(max_length=1000, blank=True)
    snapshot = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="moderation_one_report")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} report on post {self.post_id}"


class Redaction(models.Model):
    """A moderator's edit of a post; the original text is kept for moderators only."""

    post = models.ForeignKey(
        "forum_conversation.Post", on_delete=models.PROTECT, related_name="redactions"
    )
    item = models.ForeignKey(
        ModerationItem, null=True, on_delete=models.SET_NULL, related_name="redactions"
    )
    original = models.TextField()
    redacted = models.TextField()
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Redaction of post {self.post_id}"


class SanctionKind(models.TextChoices):
    WARN = "warn", "Warning"
    SILENCE = "silence", "Silence (read-only)"
    SUSPEND = "suspend", "Suspension"


class Sanction(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=10, choices=SanctionKind.choices)
    reason = models.TextField(max_length=1000)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: until a moderator lifts it."
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.member}"


class ModeratorNote(models.Model):
    """A private note about a member, for moderators only."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note on {self.member}"


class TopicSlowMode(models.Model):
    """Members may post in this topic at most once per interval."""

    topic = models.OneToOneField(
        "forum_conversation.Topic", on_delete=models.CASCADE, related_name="slow_mode"
    )
    interval_seconds = models.PositiveIntegerField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Slow mode on topic {self.topic_id}"
