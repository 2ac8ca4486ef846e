from __future__ import annotations

from django import forms
from django.utils import timezone
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.images.widgets import AdminImageChooser

from portal.core.submissions import SubmissionTokenMixin
from syndication.models import Channel, PostStatus


class ComposeForm(SubmissionTokenMixin, forms.Form):
    """One text box per enabled channel (tick the channels to use), image and schedule. A new
    draft carries a one-time token (editing a draft creates nothing)."""

    submission_purpose = "syndication.compose"

    image = forms.ModelChoiceField(
        queryset=None, required=False, widget=AdminImageChooser, label="Image (optional)"
    )
    image_alt = forms.CharField(
        required=False,
        max_length=1000,
        label="Image description (alt text)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    scheduled_at = forms.DateTimeField(
        required=False,
        widget=AdminDateTimeInput,
        label="Send at",
        help_text="Leave empty to send as soon as it is approved.",
    )

    def submission_required(self) -> bool:
        return self.submission_user is not None

    def __init__(
        self,
        *args,
        channels: list[Channel],
        initial_texts: dict[int, str],
        links: dict[int, str],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.links = links
        from wagtail.images import get_image_model

        self.fields["image"].queryset = get_image_model().objects.all()
        self.channels = channels
        for channel in channels:
            self.fields[f"use_{channel.pk}"] = forms.BooleanField(
                required=False, label=f"Post on {channel}", initial=channel.pk in initial_texts
            )
            self.fields[f"text_{channel.pk}"] = forms.CharField(
                required=False,
                label=f"Text for {channel.name}",
                initial=initial_texts.get(channel.pk, ""),
                widget=forms.Textarea(
                    attrs={
                        "rows": 4,
                        "data-syndication-text": channel.platform,
                        "data-channel": channel.pk,
                    }
                ),
            )

    def channel_rows(self):
        return [
            (c, self[f"use_{c.pk}"], self[f"text_{c.pk}"], self.links.get(c.pk, ""))
            for c in self.channels
        ]

    def clean_scheduled_at(self):
        value = self.cleaned_data.get("scheduled_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.chosen_channels():
            raise forms.ValidationError("Tick at least one channel.")
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", "Describe the image for people who cannot see it.")
        return cleaned

    def chosen_channels(self) -> list[Channel]:
        data = getattr(self, "cleaned_data", {})
        return [c for c in self.channels if data.get(f"use_{c.pk}")]

    def texts(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"text_{c.pk}"] for c in self.chosen_channels()}


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *PostStatus.choices], label="Status"
    )
    channel = forms.ModelChoiceField(
        required=False, queryset=Channel.objects.all(), empty_label="Any channel"
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReconcileForm(forms.Form):
    posted = forms.TypedChoiceField(
        choices=[("1", "It is on the channel"), ("0", "It is not on the channel")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    remote_url = forms.URLField(
        required=False, label="Its address on the channel", assume_scheme="https"
    )
