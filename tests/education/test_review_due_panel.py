"""The dashboard's review-due panel names reviewers by name and offers actions (open, edit,
start a review); a blog post names its clinical reviewer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from education.models import EducationPage, MedicalReview
from physicians.models import BlogPostPage
from portal.audit.models import AuditEvent
from tests.fixtures_people import with_mfa
from tests.helpers import assert_denied

pytestmark = pytest.mark.django_db


def _overdue(page) -> None:
    MedicalReview.objects.filter(page=page).update(
        next_review_due=timezone.localdate() - timedelta(days=3)
    )


def test_panel_names_the_reviewer_and_offers_open_edit_and_start_review(
    client, reviewed_page, editor
):
    """Dr Reviewer, MD, not an email; links to the live page and the editor; a Start button."""
    page, physician = reviewed_page["page"], reviewed_page["physician"]
    _overdue(page)
    client.force_login(with_mfa(editor))
    content = client.get("/admin/").content.decode()
    panel = content[content.index("Education pages due for medical review") :]
    assert "Dr Reviewer, MD" in panel
    assert physician.user.email not in panel
    assert f'href="{page.url}"' in panel
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in panel
    assert reverse("education_start_review", args=[page.pk]) in panel


def test_starting_a_review_from_the_panel_sends_the_page_to_review_once(
    client, reviewed_page, editor
):
    """The page enters the review workflow (audited); a second click says it is in review."""
    page = reviewed_page["page"]
    _overdue(page)
    client.force_login(with_mfa(editor))
    url = reverse("education_start_review", args=[page.pk])
    response = client.post(url, {"next": "/admin/"}, follow=True)
    assert "was sent to clinical and compliance review" in response.content.decode()
    assert EducationPage.objects.get(pk=page.pk).workflow_in_progress
    assert AuditEvent.objects.filter(action="education.review_started").count() == 1
    again = client.post(url, {"next": "https://elsewhere.example/"}, follow=True)
    assert "is already in review" in again.content.decode()
    assert again.redirect_chain[-1][0] == "/admin/"
    assert AuditEvent.objects.filter(action="education.review_started").count() == 1


def test_someone_who_cannot_submit_pages_cannot_start_a_review(
    client, reviewed_page, compliance_user
):
    """A compliance reviewer sees the panel but gets a 403 from the action."""
    page = reviewed_page["page"]
    _overdue(page)
    client.force_login(compliance_user)
    content = client.get("/admin/").content.decode()
    assert reverse("education_start_review", args=[page.pk]) not in content
    assert_denied(client.post(reverse("education_start_review", args=[page.pk])))
    assert not EducationPage.objects.get(pk=page.pk).workflow_in_progress


def test_a_reviewed_blog_post_names_its_clinical_reviewer(
    client, site_pages, make_physician, compliance_user
):
    """'Clinically reviewed by Dr … (MD) on <date>' from the review record of the live post."""
    from physicians.factories import BlogPostPageFactory

    author = make_physician()
    peer = make_physician(title="Dr Peer Okonkwo", credentials=["MD"])
    post = BlogPostPageFactory.build(author=author, owner=author.user, live=False, slug="named")
    site_pages["blog"].add_child(instance=post)
    post.save_revision(user=author.user)
    post = BlogPostPage.objects.get(pk=post.pk)
    post.get_workflow().start(post, author.user)
    for reviewer in (peer.user, compliance_user):
        post.refresh_from_db()
        state = post.current_workflow_state.current_task_state
        state.task.specific.on_action(state, reviewer, "approve")
    post = BlogPostPage.objects.get(pk=post.pk)
    content = client.get(post.url).content.decode()
    today = timezone.localdate()
    assert "Clinically reviewed by" in content
    assert "Dr Peer Okonkwo</a> (MD) on" in content
    assert f'<time datetime="{today:%Y-%m-%d}">' in content


def test_a_post_without_a_review_record_names_no_reviewer(client, site_pages, make_physician):
    """Posts created outside the workflow (factories, old data) claim nothing."""
    from physicians.factories import BlogPostPageFactory

    post = BlogPostPageFactory(parent=site_pages["blog"], author=make_physician())
    assert "Clinically reviewed by" not in client.get(post.url).content.decode()
