"""Fixtures for the education library's tests."""

from __future__ import annotations

import pytest

from education.factories import EducationIndexPageFactory, EducationPageFactory
from education.models import EducationPage
from portal.accounts.roles import Role
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa


@pytest.fixture
def library(site_pages):
    return EducationIndexPageFactory(parent=site_pages["home"])


@pytest.fixture
def editor(db):
    return with_mfa(UserFactory(email="editor@example.test", roles=[Role.EDITOR]))


def draft_page(library, author, **fields) -> EducationPage:
    page = EducationPageFactory.build(live=False, owner=author, first_published_at=None, **fields)
    library.add_child(instance=page)
    page.save_revision(user=author)
    return EducationPage.objects.get(pk=page.pk)


def act(page, user, action: str = "approve", **kwargs) -> None:
    page.refresh_from_db()
    state = page.current_workflow_state.current_task_state
    state.task.specific.on_action(state, user, action, **kwargs)


def actions_for(page, user) -> list[str]:
    page.refresh_from_db()
    task = page.current_workflow_state.current_task_state.task.specific
    return [name for name, _label, _modal in task.get_actions(page, user)]


def publish_through_review(page, *, author, physician, compliance) -> EducationPage:
    page.get_workflow().start(page, author)
    act(page, physician)
    act(page, compliance)
    return EducationPage.objects.get(pk=page.pk)


@pytest.fixture
def reviewed_page(library, editor, make_physician, compliance_user):
    """A page an editor wrote, a verified physician reviewed and compliance approved."""
    physician = make_physician(title="Dr Reviewer", credentials=["MD"])
    page = draft_page(library, editor, title="Living with asthma")
    page = publish_through_review(
        page, author=editor, physician=physician.user, compliance=compliance_user
    )
    return {"page": page, "physician": physician, "editor": editor}
