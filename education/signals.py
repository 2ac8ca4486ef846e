"""Record the medical review when the clinical step is approved for an education page."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import task_approved

from education.models import EducationPage
from education.services import medical_review_record
from portal.review.models import ClinicalReviewTask


@receiver(task_approved)
def _record_medical_review(sender, instance, user=None, **kwargs) -> None:
    task = instance.task.specific
    page = instance.workflow_state.content_object
    if isinstance(task, ClinicalReviewTask) and isinstance(page.specific, EducationPage):
        medical_review_record(page=page.specific, revision=instance.revision, reviewer=user)
