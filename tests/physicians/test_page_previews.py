"""Every reviewed page type (and every page with cluster relations) previews through Wagtail's
real preview views, with unsaved many-to-many values: edit, add and the reviewer's preview."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from education.factories import DEMO_REFERENCE, EducationIndexPageFactory
from education.models import Audience, EducationPage
from physicians.factories import BlogPostPageFactory, SpecialtyFactory
from physicians.models import BlogPostPage, Credential, PhysicianProfilePage
from portal.accounts.roles import Role
from portal.home.models import HomePage
from portal.taxonomy.factories import ConditionFactory
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa

pytestmark = pytest.mark.django_db

PREVIEW_TEXT = "Unsaved preview text, synthetic."


@pytest.fixture
def conditions(db):
    return [ConditionFactory(name="Asthma"), ConditionFactory(name="Heart failure")]


@pytest.fixture
def editor(db):
    return with_mfa(UserFactory(email="editor-preview@example.test", roles=[Role.EDITOR]))


def _blog_form(*, author, conditions, slug="preview-post") -> dict:
    return nested_form_data(
        {
            "title": "Previewed post",
            "slug": slug,
            "author": str(author.pk),
            "summary": PREVIEW_TEXT,
            "hero_image": "",
            "hero_alt": "",
            "body": streamfield([("rich_text", rich_text(f"<p>{PREVIEW_TEXT}</p>"))]),
            "tags": "breathing, demo",
            "comments": inline_formset([]),
        }
    ) | {"conditions": [str(c.pk) for c in conditions]}


def _education_form(*, conditions, slug="preview-education") -> dict:
    return nested_form_data(
        {
            "title": "Previewed education page",
            "slug": slug,
            "summary": PREVIEW_TEXT,
            "body": streamfield([("rich_text", rich_text(f"<p>{PREVIEW_TEXT}</p>"))]),
            "references": streamfield([("reference", {**DEMO_REFERENCE, "year": "2025"})]),
            "related_links": inline_formset([]),
            "review_interval_months": "12",
            "comments": inline_formset([]),
        }
    ) | {
        "audiences": [str(Audience.objects.first().pk)],
        "conditions": [str(c.pk) for c in conditions],
    }


def _profile_form(*, profile, conditions) -> dict:
    return nested_form_data(
        {
            "title": profile.title,
            "slug": profile.slug,
            "photo": "",
            "photo_alt": "",
            "bio": rich_text(f"<p>{PREVIEW_TEXT}</p>"),
            "languages": "English",
            "clinic_affiliation": "Demo clinic (synthetic)",
            "npi": profile.npi,
            "no_relevant_financial_relationships": "on",
            "disclosures": inline_formset([]),
            "comments": inline_formset([]),
        }
    ) | {
        "credentials": [str(Credential.objects.get(code="MD").pk)],
        "specialties": [str(SpecialtyFactory(name="Cardiology", slug="cardiology").pk)],
        "conditions": [str(c.pk) for c in conditions],
    }


def _home_form(*, home, featured) -> dict:
    return nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "hero_heading": "Previewed heading",
            "hero_intro": PREVIEW_TEXT,
            "body": rich_text("<p>Home body.</p>"),
            "featured_items": inline_formset(
                [{"link_page": str(featured.pk), "heading": "Featured in preview", "summary": ""}]
            ),
            "comments": inline_formset([]),
        }
    )


def _preview(client, url: str, data: dict) -> str:
    """POST the form to Wagtail's preview view, then GET the rendered preview."""
    posted = client.post(url, data)
    assert posted.status_code == 200, posted.content[:500]
    assert posted.json() == {"is_valid": True, "is_available": True}
    shown = client.get(url, {"mode": "", "in_preview_panel": "true"})
    assert shown.status_code == 200, shown.content[:2000]
    return shown.content.decode()


def _assert_reviewer_preview_shows(client, page, reviewer, *names: str) -> None:
    """The reviewer of the current task opens Wagtail's workflow preview of the page."""
    page.refresh_from_db()
    task_id = page.current_workflow_task.pk
    client.force_login(reviewer)
    response = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_id]))
    assert response.status_code == 200, response.content[:2000]
    _assert_shows(response.content.decode(), *names)


def _approve(page, reviewer) -> None:
    page.refresh_from_db()
    state = page.current_workflow_state.current_task_state
    state.task.specific.on_action(state, reviewer, "approve")


def _assert_shows(content: str, *names: str) -> None:
    assert PREVIEW_TEXT in content
    for name in names:
        assert name in content, name


# --- Blog posts --------------------------------------------------------------------------


@pytest.fixture
def post_setup(site_pages, make_physician, conditions):
    author = make_physician()
    other = BlogPostPageFactory(parent=site_pages["blog"], author=author, conditions=conditions)
    other.save_revision(user=author.user)
    post = BlogPostPageFactory.build(author=author, owner=author.user, live=False, slug="p")
    site_pages["blog"].add_child(instance=post)
    post.save_revision(user=author.user)
    return {"author": author, "post": BlogPostPage.objects.get(pk=post.pk), "other": other}


def test_blog_post_edit_preview_renders_unsaved_conditions_and_tags(client, post_setup, conditions):
    """The editor's preview panel of a post with unsaved conditions answers 200, not 500."""
    author, post = post_setup["author"], post_setup["post"]
    client.force_login(author.user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk])
    content = _preview(client, url, _blog_form(author=author, conditions=conditions, slug="p"))
    _assert_shows(content, "Asthma", "Heart failure", "#breathing", post_setup["other"].title)


def test_blog_post_add_preview_renders_unsaved_conditions(
    client, site_pages, post_setup, conditions
):
    """Previewing a post that does not exist yet works too."""
    author = post_setup["author"]
    client.force_login(author.user)
    blog = site_pages["blog"]
    url = reverse("wagtailadmin_pages:preview_on_add", args=["physicians", "blogpostpage", blog.pk])
    content = _preview(client, url, _blog_form(author=author, conditions=conditions))
    _assert_shows(content, "Asthma", "Related posts")


def test_reviewers_workflow_preview_of_a_post_with_conditions_renders(
    client, post_setup, make_physician, compliance_user, conditions
):
    """Clinical and compliance reviewers both see the post they are asked to approve."""
    author, post = post_setup["author"], post_setup["post"]
    post.conditions.set(conditions)
    post.body = [{"type": "rich_text", "value": f"<p>{PREVIEW_TEXT}</p>"}]
    post.save_revision(user=author.user)
    post.get_workflow().start(post, author.user)
    for reviewer in (make_physician().user, compliance_user):
        _assert_reviewer_preview_shows(client, post, reviewer, "Asthma", "Heart failure")
        _approve(post, reviewer)


# --- Education pages ---------------------------------------------------------------------


@pytest.fixture
def library(site_pages):
    return EducationIndexPageFactory(parent=site_pages["home"])


def _education_draft(library, editor, conditions) -> EducationPage:
    from education.factories import EducationPageFactory

    page = EducationPageFactory.build(live=False, owner=editor, first_published_at=None)
    library.add_child(instance=page)
    page.conditions.set(conditions)
    page.audiences.set(Audience.objects.all()[:1])
    page.body = [{"type": "rich_text", "value": f"<p>{PREVIEW_TEXT}</p>"}]
    page.save_revision(user=editor)
    return EducationPage.objects.get(pk=page.pk)


def test_education_page_edit_and_add_previews_render_unsaved_conditions(
    client, library, editor, conditions
):
    """Edit and add previews of an education page answer 200 with the unsaved values."""
    page = _education_draft(library, editor, [])
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = _education_form(conditions=conditions, slug=page.slug)
    _assert_shows(_preview(client, edit, data), "Asthma", "Heart failure")
    add = reverse(
        "wagtailadmin_pages:preview_on_add", args=["education", "educationpage", library.pk]
    )
    _assert_shows(_preview(client, add, _education_form(conditions=conditions)), "Asthma")


def test_reviewers_workflow_preview_of_an_education_page_renders(
    client, library, editor, make_physician, compliance_user, conditions
):
    """Both reviewers see the education page in review, with its conditions."""
    page = _education_draft(library, editor, conditions)
    page.get_workflow().start(page, editor)
    for reviewer in (make_physician().user, compliance_user):
        _assert_reviewer_preview_shows(client, page, reviewer, "Asthma", "Heart failure")
        _approve(page, reviewer)


# --- Physician profiles and the home page (cluster relations, not reviewed types) ---------


def test_physician_profile_edit_preview_renders_unsaved_relations(
    client, make_physician, conditions, compliance_user
):
    """A physician previews their profile with unsaved credentials, specialties, conditions;
    the compliance reviewer previews it in its review workflow."""
    profile = make_physician(title="Dr Preview Person")
    client.force_login(profile.user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[profile.pk])
    content = _preview(client, url, _profile_form(profile=profile, conditions=conditions))
    _assert_shows(content, "Cardiology", "Dr Preview Person")
    profile.conditions.set(conditions)
    profile.bio = f"<p>{PREVIEW_TEXT}</p>"
    profile.save_revision(user=profile.user)
    profile = PhysicianProfilePage.objects.get(pk=profile.pk)
    profile.get_workflow().start(profile, profile.user)
    _assert_reviewer_preview_shows(client, profile, compliance_user, "Dr Preview Person")


def test_home_page_edit_preview_renders_unsaved_featured_items(
    client, site_pages, admin_user, post_setup
):
    """The home page's preview shows a featured slot that is not saved yet."""
    home = HomePage.objects.get(pk=site_pages["home"].pk)
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[home.pk])
    content = _preview(client, url, _home_form(home=home, featured=post_setup["other"]))
    _assert_shows(content, "Featured in preview", "Previewed heading")
