"""An education page goes live only through clinical then compliance review, in a real browser.

An editor writes a page in the Wagtail admin and submits it (nothing offers to publish it); a
verified physician approves the clinical step from the dashboard; compliance approves; the
live page then shows who reviewed it, when, and when the next review is due. A physician who
wrote the page is offered no "Approve" on it, and a forged "publish" does not publish.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from education.models import EducationPage, MedicalReview
from education.services import add_months
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from tests.browser_helpers import log_out, reset_rate_limits
from tests.education.browser_steps import (
    CLINICAL_TASK,
    COMPLIANCE_TASK,
    PUBLISH,
    SUBMIT_ACTION,
    WORKFLOW_NAME,
    Draft,
    approve_from_dashboard,
    awaiting_review_row,
    expect_footer_offers,
    fill_education_page,
    footer_actions,
    log_in_as,
    open_dashboard,
    open_edit_form,
    open_new_page_form,
    post_edit_form_with_publish,
    post_workflow_action,
    submit_for_review,
)
from tests.education.conftest import draft_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ASTHMA = Draft(
    title="Using your asthma inhaler",
    summary="How to use a reliever inhaler with a spacer. Synthetic demo text.",
    text="Shake the inhaler. Breathe out. Press once and breathe in slowly.",
    reference_title="Inhaler technique for adults (synthetic)",
    reference_source="Demo Journal of Respiratory Care",
)
GOUT = Draft(
    title="Living with gout",
    summary="What a gout flare is and what helps. Synthetic demo text.",
    text="Rest the joint. Drink water. Ask your doctor about medicine.",
    reference_title="Gout flares in primary care (synthetic)",
    reference_source="Demo Rheumatology Review",
)
PUBLISH_OR_APPROVE = re.compile("Publish|Approve", re.IGNORECASE)


def day_month_year(day) -> str:
    """Django's ``date:"j F Y"``, as the review line prints it."""
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def people(library, editor, make_physician, compliance_user):
    """The editor, a verified physician reviewer and compliance (all with MFA set up)."""
    reviewer = make_physician(title="Dr Browser Reviewer", credentials=["MD"])
    reset_rate_limits()
    return {"editor": editor, "reviewer": reviewer, "compliance": compliance_user}


def test_page_goes_live_after_clinical_and_compliance_review(page, library, people):
    """Editor writes and submits; the physician, then compliance approve; the public sees
    "Medically reviewed by Dr Browser Reviewer, MD" with today's and next year's dates."""
    editor, reviewer, compliance = people["editor"], people["reviewer"], people["compliance"]
    today = timezone.localdate()
    next_due = add_months(today, 12)

    # The editor writes the page and submits it: nothing in the footer publishes it.
    log_in_as(page, editor)
    open_new_page_form(page, library_id=library.pk)
    fill_education_page(page, ASTHMA)
    expect_footer_offers(page, SUBMIT_ACTION, refused=PUBLISH)
    expect(footer_actions(page).get_by_role("button", name=PUBLISH)).to_have_count(0)
    submit_for_review(page, title=ASTHMA.title, library_id=library.pk)
    listed = page.get_by_role("row").filter(has_text=ASTHMA.title)
    expect(listed).to_contain_text(re.compile("in moderation", re.IGNORECASE))

    # Back in the editor, the page awaits review: still nothing publishes or approves it.
    listed.get_by_role("link", name=ASTHMA.title).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect_footer_offers(page, "Cancel workflow", refused=PUBLISH_OR_APPROVE)
    log_out(page)

    # Query the database only after a later page load: on leaving, the editor sends a beacon
    # that Playwright cannot wait for, and it could race a query on the in-memory SQLite.
    education_page = EducationPage.objects.get(title=ASTHMA.title)
    assert not education_page.live
    assert education_page.get_latest_revision().user == editor
    assert education_page.current_workflow_state.workflow.name == WORKFLOW_NAME
    assert education_page.current_workflow_task.name == CLINICAL_TASK

    # The verified physician approves the clinical step from the dashboard.
    log_in_as(page, reviewer.user)
    approve_from_dashboard(page, title=ASTHMA.title, comment="Clinically accurate")
    log_out(page)
    education_page.refresh_from_db()
    assert not education_page.live
    assert education_page.current_workflow_task.name == COMPLIANCE_TASK

    # Compliance approves: the review workflow publishes the approved revision.
    log_in_as(page, compliance)
    approve_from_dashboard(page, title=ASTHMA.title, comment="References in order")
    log_out(page)

    # An anonymous visitor reads the page, with the reviewer line and its dates.
    education_page = EducationPage.objects.get(pk=education_page.pk)
    page.goto(education_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(ASTHMA.title)
    expect(page.get_by_text(ASTHMA.text)).to_be_visible()
    review_line = page.get_by_role("paragraph").filter(has_text="Medically reviewed by")
    expect(review_line).to_have_text(
        f"Medically reviewed by Dr Browser Reviewer, MD"
        f" · Last reviewed {day_month_year(today)}"
        f" · Next review due {day_month_year(next_due)}"
    )
    reviewer_link = review_line.get_by_role("link", name="Dr Browser Reviewer, MD", exact=True)
    expect(reviewer_link).to_have_attribute("href", reviewer.url)
    dates = review_line.locator("time")
    expect(dates).to_have_count(2)
    expect(dates.nth(0)).to_have_attribute("datetime", f"{today:%Y-%m-%d}")
    expect(dates.nth(1)).to_have_attribute("datetime", f"{next_due:%Y-%m-%d}")
    expect(page.get_by_text("Not yet medically reviewed")).to_have_count(0)
    references = page.get_by_role("region", name="References")
    expect(references).to_contain_text(ASTHMA.reference_title)
    expect(references).to_contain_text(ASTHMA.reference_source)

    assert education_page.live
    assert education_page.is_vetted
    review = MedicalReview.objects.get(page=education_page)
    assert review.reviewer == reviewer.user
    assert review.revision_id == education_page.live_revision_id
    assert (review.reviewed_on, review.next_review_due) == (today, next_due)
    approvals = AuditEvent.objects.filter(
        action="review.approved", target_id=str(education_page.pk)
    )
    assert {(e.actor_id, e.data["comment"]) for e in approvals} == {
        (reviewer.user.pk, "Clinically accurate"),
        (compliance.pk, "References in order"),
    }


def test_the_author_cannot_approve_their_own_clinical_step(page, library, people, make_physician):
    """A physician who is also an editor writes and submits a page: neither their dashboard
    nor their editor offers "Approve" on it, and a forged approval is refused; another
    verified physician's dashboard offers it."""
    author = make_physician(title="Dr Writing Physician", credentials=["MD"])
    author.user.groups.add(Group.objects.get(name=Role.EDITOR))
    other = people["reviewer"]

    log_in_as(page, author.user)
    open_new_page_form(page, library_id=library.pk)
    fill_education_page(page, GOUT)
    submit_for_review(page, title=GOUT.title, library_id=library.pk)

    open_dashboard(page)
    expect(page.get_by_role("region", name="Awaiting your review")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)
    education_page = EducationPage.objects.get(title=GOUT.title)
    task_state = education_page.current_workflow_state.current_task_state
    assert task_state.task.name == CLINICAL_TASK
    assert education_page.get_latest_revision().user == author.user

    open_edit_form(page, page_id=education_page.pk)
    expect_footer_offers(page, "Cancel workflow", refused=PUBLISH_OR_APPROVE)

    # Posting the approval anyway is refused: Wagtail redirects with a permission error.
    response = post_workflow_action(
        page, page_id=education_page.pk, action="approve", task_state_id=task_state.pk
    )
    assert response.status == 302, response.status
    open_dashboard(page)
    expect(
        page.get_by_text(re.compile("you do not have permission", re.IGNORECASE))
    ).to_be_visible()
    log_out(page)

    education_page.refresh_from_db()
    assert education_page.current_workflow_task.name == CLINICAL_TASK
    assert not MedicalReview.objects.filter(page=education_page).exists()

    # Another verified physician is offered the approval the author was not.
    log_in_as(page, other.user)
    row = awaiting_review_row(page, title=GOUT.title)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Actions").click()
    expect(row.get_by_role("button", name="Approve", exact=True)).to_be_visible()
    expect(row.get_by_role("button", name="Approve with comment")).to_be_visible()
    log_out(page)

    education_page.refresh_from_db()
    assert not education_page.live
    assert not MedicalReview.objects.filter(page=education_page).exists()


def test_an_editor_cannot_publish_directly(page, library, people):
    """No "Publish" in the footer, and the edit form posted with ``action-publish`` only
    saves a draft revision: the page stays unpublished."""
    editor = people["editor"]
    draft = draft_page(library, editor, title="Caring for a sprained ankle")
    revisions_before = draft.revisions.count()

    log_in_as(page, editor)
    open_edit_form(page, page_id=draft.pk)
    expect_footer_offers(page, SUBMIT_ACTION, refused=PUBLISH)
    expect(footer_actions(page).get_by_role("button", name=PUBLISH)).to_have_count(0)

    post_edit_form_with_publish(page, page_id=draft.pk)
    expect(
        page.get_by_text(re.compile(r"'Caring for a sprained ankle' has been updated"))
    ).to_be_visible()
    expect(page.get_by_text(re.compile("published", re.IGNORECASE))).to_have_count(0)
    log_out(page)

    draft = EducationPage.objects.get(pk=draft.pk)
    assert not draft.live
    assert draft.live_revision_id is None
    assert not draft.is_vetted
    # The form was valid and processed, as "Save draft": one more revision, not a publication.
    assert draft.revisions.count() == revisions_before + 1
    assert not MedicalReview.objects.filter(page=draft).exists()
