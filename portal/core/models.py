from __future__ import annotations

from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

DEFAULT_CRISIS_TEXT = (
    "In crisis or thinking about suicide? Call or text 988 (Suicide & Crisis Lifeline, US), "
    "any time. In an emergency, call 911."
)
DEFAULT_CRISIS_RESOURCES = (
    "Call or text 988, or chat at 988lifeline.org (Suicide & Crisis Lifeline, US, 24/7).\n"
    "If you are in immediate danger, call 911 or go to the nearest emergency department."
)
# The same, in Spanish: US hospitals serve many Spanish speakers, and 988 answers in Spanish
# (press 2, or text AYUDA).
DEFAULT_CRISIS_TEXT_ES = (
    "¿Estás en crisis o pensando en el suicidio? Llama al 988 y marca 2 para hablar en "
    "español, o envía AYUDA por mensaje de texto al 988, a cualquier hora. En una emergencia, "
    "llama al 911."
)
DEFAULT_CRISIS_RESOURCES_ES = (
    "Llama al 988 y marca 2, o envía AYUDA al 988 (Línea 988 de Prevención del Suicidio y "
    "Crisis, EE. UU., 24/7).\n"
    "Si estás en peligro inmediato, llama al 911 o ve a la sala de emergencias más cercana."
)
DEFAULT_DISCLAIMER = (
    "Information on this site is for general education and is not a substitute for advice "
    "from your own doctor or care team. Support group posts are written by members and are "
    "not medical advice."
)


@register_setting(icon="warning")
class SiteSafetySettings(BaseGenericSetting):
    """Texts every page carries: the crisis line and the medical disclaimer."""

    crisis_line_text = models.CharField(max_length=300, default=DEFAULT_CRISIS_TEXT)
    crisis_line_phone = models.CharField(
        max_length=20, default="988", help_text="Dialled by the crisis link (tel:)."
    )
    medical_disclaimer = models.TextField(max_length=1000, default=DEFAULT_DISCLAIMER)
    crisis_resources = models.TextField(
        max_length=2000,
        blank=True,
        default=DEFAULT_CRISIS_RESOURCES,
        help_text="Shown at once to a member whose post has crisis language (one per line).",
    )

    crisis_line_text_es = models.CharField(
        "crisis line text (Spanish)",
        max_length=300,
        blank=True,
        default=DEFAULT_CRISIS_TEXT_ES,
        help_text="Shown with the crisis line to every member; leave blank to hide.",
    )
    crisis_resources_es = models.TextField(
        "crisis resources (Spanish)",
        max_length=2000,
        blank=True,
        default=DEFAULT_CRISIS_RESOURCES_ES,
        help_text="Shown with the crisis resources (one per line); leave blank to hide.",
    )

    class Meta:
        verbose_name = "site safety texts"

    def __str__(self) -> str:
        return "Site safety texts"


class SubmissionToken(models.Model):
    """One submitted form: the one-time token's nonce, claimed in the same transaction as
    what the form creates, and where that result is (so a repeat shows it, never a copy)."""

    nonce = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    purpose = models.CharField(max_length=80)
    result_url = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "form submission"

    def __str__(self) -> str:
        return f"{self.purpose} ({self.created:%Y-%m-%d %H:%M})"
