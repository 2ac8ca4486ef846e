"""Wagtail page forms for physicians' pages (imported by the models: no model imports here)."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm


def _acts_for_others(user) -> bool:
    return user.has_perm("physicians.verify_physician")


class PhysicianProfileForm(WagtailAdminPageForm):
    """A physician's profile always belongs to the physician editing it; only
    administrators pick the account."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and not _acts_for_others(for_user) and not self.instance.user_id:
            self.instance.user = for_user

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user") or getattr(self.instance, "user", None)
        if user is not None and not user.groups.filter(name="Physician").exists():
            self.add_error(None, "The profile's account must have the Physician role.")
        return cleaned


class BlogPostForm(WagtailAdminPageForm):
    """Physicians write only as themselves; administrators may pick any author."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None or _acts_for_others(for_user) or "author" not in self.fields:
            return
        from physicians.models import PhysicianProfilePage

        own = PhysicianProfilePage.objects.filter(user=for_user)
        self.fields["author"].queryset = own
        self.fields["author"].empty_label = None
        if not self.instance.author_id and own.exists():
            self.initial["author"] = own.first().pk

    def clean_author(self):
        author = self.cleaned_data.get("author")
        restricted = self.for_user is not None and not _acts_for_others(self.for_user)
        if restricted and (author is None or author.user_id != self.for_user.pk):
            raise forms.ValidationError("You can only write posts as yourself.")
        return author
