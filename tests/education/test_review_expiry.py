"""Overdue pages: a notice for readers, dashboard lists for editors, one reminder email,
and automatic unpublishing after the grace period when switched on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from education.models import EducationPage, MedicalReview
from education.services import review_expiry_sweep
from portal.audit.models import AuditEvent
from tests.fixtures_people import with_mfa

pytestmark = pytest.mark.django_db


def _make_overdue(page, days: int = 1) -> MedicalReview:
    review = MedicalReview.objects.get(page=page)
    review.next_review_due = timezone.localdate() - timedelta(days=days)
    review.save(update_fields=["next_review_due"])
    return review


def test_overdue_page_shows_a_due_for_review_notice(client, reviewed_page):
    """Readers are told plainly that the page is due for review."""
    page = reviewed_page["page"]
    assert b"Due for review" not in client.get(page.url).content
    _make_overdue(page)
    assert b"Due for review" in client.get(page.url).content


def test_dashboard_lists_overdue_and_due_soon_pages(client, reviewed_page, editor, library):
    """Editors see both lists on the Wagtail dashboard."""
    page = reviewed_page["page"]
    _make_overdue(page)
    client.force_login(with_mfa(editor))
    content = client.get("/admin/").content.decode()
    overdue = content[content.index("Overdue") : content.index("Due in the next 30 days")]
    assert page.title in overdue


def test_due_soon_pages_are_listed_separately(client, reviewed_page, editor):
    """A page due in ten days is in the 'next 30 days' list, not 'overdue'."""
    page = reviewed_page["page"]
    review = MedicalReview.objects.get(page=page)
    review.next_review_due = timezone.localdate() + timedelta(days=10)
    review.save(update_fields=["next_review_due"])
    client.force_login(with_mfa(editor))
    content = client.get("/admin/").content.decode()
    assert page.title in content[content.index("Due in the next 30 days") :]


def test_reviewer_gets_exactly_one_reminder_per_page(
    reviewed_page, django_capture_on_commit_callbacks
):
    """The daily sweep emails the named reviewer once, not once a day."""
    page, physician = reviewed_page["page"], reviewed_page["physician"]
    _make_overdue(page)
    mail.outbox.clear()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            review_expiry_sweep()
    reminders = [m for m in mail.outbox if m.subject == f"Review due: {page.title}"]
    assert len(reminders) == 1
    assert reminders[0].to == [physician.user.email]
    assert AuditEvent.objects.filter(action="education.review_reminder_sent").count() == 1


def test_pages_not_yet_due_get_no_reminder(reviewed_page):
    """Nothing is sent before the due date."""
    mail.outbox.clear()
    assert review_expiry_sweep().reminded == []
    assert mail.outbox == []


def test_overdue_pages_stay_published_when_auto_unpublish_is_off(reviewed_page, settings):
    """Off by default: an overdue page shows the notice but stays live."""
    settings.PORTAL_EDUCATION_UNPUBLISH_AFTER_DAYS = None
    _make_overdue(reviewed_page["page"], days=400)
    assert review_expiry_sweep().unpublished == []
    assert EducationPage.objects.get(pk=reviewed_page["page"].pk).live


def test_overdue_pages_are_unpublished_after_the_grace_period(reviewed_page, settings):
    """With a 14-day grace period: still live at 13 days overdue, unpublished at 14, audited."""
    settings.PORTAL_EDUCATION_UNPUBLISH_AFTER_DAYS = 14
    page = reviewed_page["page"]
    _make_overdue(page, days=13)
    review_expiry_sweep()
    assert EducationPage.objects.get(pk=page.pk).live
    _make_overdue(page, days=14)
    assert review_expiry_sweep().unpublished == [page.pk]
    assert not EducationPage.objects.get(pk=page.pk).live
    assert (
        AuditEvent.objects.filter(
            action="education.auto_unpublished", target_id=str(page.pk)
        ).count()
        == 1
    )


def test_sweep_command_runs_now_or_enqueues(reviewed_page, capsys):
    """manage.py review_expiry runs the sweep, or queues it for the worker."""
    _make_overdue(reviewed_page["page"])
    call_command("review_expiry")
    assert "Reminded 1 reviewer(s)" in capsys.readouterr().out
    call_command("review_expiry", "--enqueue")
    assert "Enqueued review-expiry sweep" in capsys.readouterr().out


def test_the_reminder_is_mandatory_and_links_on_the_base_url(
    reviewed_page, django_capture_on_commit_callbacks
):
    """A reviewer who unsubscribed from everything is still reminded (a clinical-safety
    duty); the link to the page in the admin starts with the configured base URL."""
    from portal.notifications.services import preferences_update
    from tests.notifications.email_checks import assert_safe_email

    page, physician = reviewed_page["page"], reviewed_page["physician"]
    preferences_update(user=physician.user, muted_kinds=[], all_off=True)
    _make_overdue(page)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review_expiry_sweep()
    [reminder] = [m for m in mail.outbox if m.to == [physician.user.email]]
    assert f"/admin/pages/{page.pk}/edit/" in reminder.body
    assert_safe_email(reminder)


def test_a_failed_reminder_is_tried_again_by_the_next_sweep(
    reviewed_page, settings, django_capture_on_commit_callbacks
):
    page = reviewed_page["page"]
    _make_overdue(page)
    settings.EMAIL_BACKEND = "tests.moderation.failing_email.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        review_expiry_sweep()
    assert AuditEvent.objects.filter(action="education.review_reminder_failed").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert review_expiry_sweep().reminded == [page.pk]
    assert len(mail.outbox) == 1
