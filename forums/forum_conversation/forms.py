from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from machina.apps.forum_conversation.forms import PostForm as MachinaPostForm
from machina.apps.forum_conversation.forms import TopicForm as MachinaTopicForm

from forums.limits import check_post
from forums.moderation.models import ItemKind
from forums.moderation.screening import MemberScreening, highlight, screen_member_text
from forums.moderation.selectors import write_refusal
from forums.rendering import validate_member_text
from forums.selectors import is_group_moderator
from portal.core.submissions import SubmissionTokenMixin
from portal.screening.services import Verdict, most_urgent

PHI_WARNING = (
    "Your post seems to include personal information (highlighted below). Anyone who can read "
    "this group could see it. Please edit it out, or tick “Post anyway” and a moderator will "
    "check the post before anyone sees it."
)


HOLD_KINDS = {
    Verdict.CRISIS: ItemKind.CRISIS,
    Verdict.CONCERN: ItemKind.CONCERN,
    Verdict.PHI_HOLD: ItemKind.PHI,
    Verdict.WATCHED: ItemKind.WATCHED,
}


class MemberRulesMixin:
    """Applies the content rules, new-member limits, slow mode, sanctions and screening; on
    refusal the form is re-shown with the member's text still in it. A post that needs a
    moderator is saved hidden and queued."""

    creates_topic = False
    hold_kind: str = ""
    screening: MemberScreening | None = None
    subject_screening: MemberScreening | None = None
    screening_highlight = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post_anyway"] = forms.BooleanField(
            required=False,
            label="Post anyway: a moderator will check it before anyone sees it",
        )
        self.fields["content"].help_text = (
            "Plain text. **Bold**, *italics*, lists and links work. Leave out names, phone "
            "numbers and other details that could identify you or someone else."
        )

    def clean(self):
        cleaned = super().clean()
        content = cleaned.get("content")
        if content is None or self.user is None or not self.user.is_authenticated:
            return cleaned
        content = str(content)
        try:
            validate_member_text(content)  # bounds the text before anything screens it
        except ValidationError as error:
            self.add_error("content", error)
            return cleaned
        self.screening = screen_member_text(content)
        subject = str(cleaned.get("subject") or "")
        self.subject_screening = screen_member_text(self._unpublished(subject))
        confirmed = bool(cleaned.get("post_anyway"))
        verdict = most_urgent(
            self.screening.verdict(phi_confirmed=confirmed),
            self.subject_screening.verdict(phi_confirmed=confirmed),
        )
        if verdict != Verdict.CRISIS:  # crisis language outranks every posting rule
            try:
                self._check_rules(content)
            except ValidationError as error:
                self.add_error("content", error)
                return cleaned
        self._apply_verdict(verdict, subject, content, cleaned)
        return cleaned

    def _check_rules(self, content: str) -> None:
        refusal = write_refusal(self.user)
        if refusal:
            raise ValidationError(refusal, code="sanctioned")
        editing = bool(self.instance.pk)
        check_post(
            user=self.user,
            content=content,
            new_topic=self.creates_topic and not editing,
            editing=editing,
        )
        if not editing and self.topic is not None:
            self._check_slow_mode()

    def _check_slow_mode(self) -> None:
        from machina.apps.forum_conversation.models import Post

        slow = getattr(self.topic, "slow_mode", None) if self.topic.pk else None
        if slow is None or is_group_moderator(self.user):
            return
        since = timezone.now() - timedelta(seconds=slow.interval_seconds)
        last = (
            Post.objects.filter(topic=self.topic, poster=self.user, created__gte=since)
            .order_by("-created")
            .values_list("created", flat=True)
            .first()
        )
        if last is not None:
            wait = last + timedelta(seconds=slow.interval_seconds) - timezone.now()
            minutes = max(1, round(wait.total_seconds() / 60))
            raise ValidationError(
                f"This topic is in slow mode: you can post here again in about {minutes} "
                "minute(s). Your text is kept below.",
                code="slow_mode",
            )

    @property
    def crisis_language(self) -> bool:
        """Screening found crisis language: the member is shown help at once."""
        return self.hold_kind == ItemKind.CRISIS

    def _unpublished(self, subject: str) -> str:
        """The subject, unless it is the published topic's own (or the default "Re: ..."
        reply subject): that text was screened before, and is not screened on every reply."""
        topic = self.topic if self.topic is not None and self.topic.pk else None
        if topic is None or not topic.approved:
            return subject
        published = {topic.subject, str(self.fields["subject"].initial or "")}
        return "" if subject in published else subject

    def _apply_verdict(self, verdict: Verdict, subject: str, content: str, cleaned: dict) -> None:
        """Map the screening service's verdict onto the form: an error, or a hold."""
        parts = {"subject": (subject, self.subject_screening), "content": (content, self.screening)}
        if verdict == Verdict.BLOCK:
            for name, (_, screening) in parts.items():
                if screening.blocked_message:
                    self.add_error(name, screening.blocked_message)
        elif verdict == Verdict.PHI_WARN:
            self.screening_highlight = self._phi_highlight(subject, content)
            self.add_error("content", PHI_WARNING)
        self.hold_kind = HOLD_KINDS.get(verdict, "")
        for name, (text, screening) in parts.items():
            if screening.censored_text and screening.censored_text != text:
                cleaned[name] = screening.censored_text

    def _phi_highlight(self, subject: str, content: str):
        """The subject (when it has any) and the text, with what was found marked."""
        content_spans = [(m.start, m.end) for m in self.screening.result.phi]
        if not self.subject_screening.phi:
            return highlight(content, content_spans)
        shift = len(subject) + 2
        spans = [(m.start, m.end) for m in self.subject_screening.result.phi]
        spans += [(start + shift, end + shift) for start, end in content_spans]
        return highlight(f"{subject}\n\n{content}", spans)

    def screening_findings(self) -> dict:
        """What a moderator sees: the text's findings, the subject's, crisis words of both."""
        if self.screening is None:
            return {}
        findings = self.screening.findings()
        subject = self.subject_screening.findings() if self.subject_screening else {}
        findings["subject"] = subject if any(subject.values()) else {}
        findings["crisis"] = [*findings["crisis"], *subject.get("crisis", [])]
        reasons = [findings.get("explanation", ""), subject.get("explanation", "")]
        findings["explanation"] = "; ".join(reason for reason in reasons if reason)
        return findings

    def create_post(self):
        post = super().create_post()
        if self.hold_kind:
            post.approved = False
        return post

    def save(self, commit=True):
        from forums.moderation.services import post_hold

        with transaction.atomic():
            if self.instance.pk and self.hold_kind:
                self.instance.approved = False
            post = super().save(commit=commit)
            if commit and (self.hold_kind or not post.approved):
                kind = self.hold_kind or ItemKind.NEW_MEMBER
                post_hold(post=post, kind=kind, findings=self.screening_findings())
        return post


class OneTimeMixin(SubmissionTokenMixin):
    """A new post carries a one-time token (an edit changes what exists: no token)."""

    def submission_required(self) -> bool:
        return not self.instance.pk


class PostForm(OneTimeMixin, MemberRulesMixin, MachinaPostForm):
    submission_purpose = "forums.reply"


class TopicForm(OneTimeMixin, MemberRulesMixin, MachinaTopicForm):
    creates_topic = True
    submission_purpose = "forums.topic"

    def create_topic(self):
        topic = super().create_topic()
        if self.hold_kind:
            topic.approved = False
        return topic
