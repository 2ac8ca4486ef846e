"""Education pages are published only through clinical then compliance review, and show
who reviewed them and when, as recorded by that review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from education.models import EducationPage, MedicalReview
from education.selectors import is_review_current
from education.services import add_months
from tests.education.conftest import act, actions_for, draft_page, publish_through_review

pytestmark = pytest.mark.django_db


def test_completed_review_records_reviewer_and_dates(client, reviewed_page):
    """The live page shows 'Medically reviewed by …, MD · Last reviewed … · Next review due …'."""
    page, physician = reviewed_page["page"], reviewed_page["physician"]
    today = timezone.localdate()
    review = MedicalReview.objects.get(page=page)
    assert review.reviewer == physician.user
    assert (review.reviewed_on, review.next_review_due) == (today, add_months(today, 12))
    assert page.live and page.is_vetted and is_review_current(page)
    content = client.get(page.url).content.decode()
    assert "Medically reviewed by" in content
    assert f">{physician.title}, MD</a>" in content
    assert f'Last reviewed <time datetime="{today:%Y-%m-%d}">' in content
    assert f'Next review due <time datetime="{add_months(today, 12):%Y-%m-%d}">' in content


def test_review_interval_sets_the_next_due_date(library, editor, make_physician, compliance_user):
    """A 3-month interval gives a due date three months after the review."""
    physician = make_physician()
    page = draft_page(library, editor, review_interval_months=3)
    page = publish_through_review(
        page, author=editor, physician=physician.user, compliance=compliance_user
    )
    review = MedicalReview.objects.get(page=page)
    assert review.next_review_due == add_months(review.reviewed_on, 3)


@pytest.mark.parametrize("months", [2, 25])
def test_review_interval_outside_3_to_24_months_is_refused(library, editor, months):
    """The interval is bounded."""
    from django.core.exceptions import ValidationError

    page = draft_page(library, editor)
    page.review_interval_months = months
    with pytest.raises(ValidationError):
        page.full_clean()


def test_reviewer_fields_cannot_be_typed_in_the_editor(client, library, editor):
    """The edit form has no reviewer or review-date fields to fill in."""
    page = draft_page(library, editor)
    client.force_login(editor)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    assert b'name="reviewer"' not in content
    assert b'name="reviewed_on"' not in content
    assert b'name="next_review_due"' not in content


def test_editors_cannot_publish_directly(client, library, editor):
    """No publish permission, no publish button: only 'submit for review'."""
    page = draft_page(library, editor)
    assert not page.permissions_for_user(editor).can_publish()
    client.force_login(editor)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    assert b'name="action-publish"' not in content
    with pytest.raises(PermissionDenied):
        page.get_latest_revision().publish(user=editor)


def test_the_last_author_cannot_approve_the_clinical_step(library, make_physician, editor):
    """A physician who wrote the latest revision may not review it."""
    physician = make_physician()
    page = draft_page(library, editor)
    page.title = "Edited by the physician"
    page.save_revision(user=physician.user)
    page.get_workflow().start(page, editor)
    assert actions_for(page, physician.user) == []
    with pytest.raises(PermissionDenied):
        act(page, physician.user)


def test_an_unverified_physician_cannot_review(library, make_physician, editor):
    """Medical reviewers are verified physicians."""
    unverified = make_physician(verified=False)
    page = draft_page(library, editor)
    page.get_workflow().start(page, editor)
    assert actions_for(page, unverified.user) == []


def test_rejected_compliance_step_leaves_no_review_line(
    client, library, editor, make_physician, compliance_user
):
    """A clinical approval without publication is not shown anywhere."""
    physician = make_physician()
    page = draft_page(library, editor)
    page.get_workflow().start(page, editor)
    act(page, physician.user)
    act(page, compliance_user, "reject", comment="Fix the references.")
    page = EducationPage.objects.get(pk=page.pk)
    assert not page.live
    assert not is_review_current(page)


def test_is_review_current_refuses_stale_unvetted_and_unpublished_pages(reviewed_page, library):
    """The selector syndication relies on."""
    page = reviewed_page["page"]
    due = MedicalReview.objects.get(page=page).next_review_due
    assert is_review_current(page, today=due - timedelta(days=1))
    assert not is_review_current(page, today=due)
    from education.factories import EducationPageFactory

    direct = EducationPageFactory(parent=library)  # live, but never went through review
    assert not is_review_current(direct)
    page.unpublish()
    assert not is_review_current(EducationPage.objects.get(pk=page.pk))


def test_add_months_clamps_to_the_end_of_month():
    """31 January + 1 month is 28/29 February."""
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_a_reviewed_page_can_be_deleted(client, reviewed_page, admin_user):
    """Its review records go with it; deleting it is not refused with a server error."""
    from portal.review.models import ReviewedRevision

    page = reviewed_page["page"]
    assert ReviewedRevision.objects.filter(page=page).exists()
    client.force_login(admin_user)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert not EducationPage.objects.filter(pk=page.pk).exists()
    assert not ReviewedRevision.objects.filter(page_id=page.pk).exists()
