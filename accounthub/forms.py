from __future__ import annotations

from django import forms

from portal.notifications.registry import all_kinds

GROUP_EMAIL_CHOICES = [
    ("off", "No emails"),
    ("each", "An email for every new post"),
    ("digest", "One daily digest"),
]


class NotificationPreferencesForm(forms.Form):
    """Email kinds (mandatory ones always on), "stop all", each group's email choice and
    each followed topic."""

    all_off = forms.BooleanField(
        required=False,
        label="Stop all emails that are not about my account's safety",
        help_text="You will still get sign-in, password, data and deletion notices.",
    )

    def __init__(self, *args, preferences, memberships, topics, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = all_kinds()
        self.memberships = memberships
        self.topics = list(topics)
        self.initial["all_off"] = preferences.all_off
        for kind in self.kinds:
            self.fields[f"kind_{kind.key}"] = forms.BooleanField(
                required=False,
                label=kind.label,
                help_text=kind.description + (" Always sent." if kind.mandatory else ""),
                disabled=kind.mandatory,
                initial=kind.mandatory or kind.key not in preferences.muted_kinds,
            )
        for membership in memberships:
            self.fields[f"group_{membership.group_id}"] = forms.ChoiceField(
                choices=GROUP_EMAIL_CHOICES,
                widget=forms.RadioSelect,
                label=membership.group.forum.name,
                initial=membership.email_mode,
            )
        for topic in self.topics:
            self.fields[f"topic_{topic.pk}"] = forms.BooleanField(
                required=False, label=f"Follow “{topic.subject}”", initial=True
            )

    def kind_fields(self):
        return [self[f"kind_{kind.key}"] for kind in self.kinds]

    def group_fields(self):
        return [self[f"group_{m.group_id}"] for m in self.memberships]

    def topic_fields(self):
        return [self[f"topic_{topic.pk}"] for topic in self.topics]

    def muted_kinds(self) -> list[str]:
        return [
            kind.key
            for kind in self.kinds
            if not kind.mandatory and not self.cleaned_data.get(f"kind_{kind.key}")
        ]

    def group_modes(self) -> dict[int, str]:
        return {m.group_id: self.cleaned_data[f"group_{m.group_id}"] for m in self.memberships}

    def unfollowed_topic_ids(self) -> list[int]:
        return [t.pk for t in self.topics if not self.cleaned_data.get(f"topic_{t.pk}")]


class GroupEmailForm(forms.Form):
    mode = forms.ChoiceField(choices=GROUP_EMAIL_CHOICES, widget=forms.RadioSelect)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your current password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    understood = forms.BooleanField(
        label="I understand my account and personal data will be deleted after the grace "
        "period, and my posts will stay under the name “Former member”.",
        error_messages={"required": "Please confirm you understand what will happen."},
    )
