"""Fixtures for syndication: a vetted education page, channels, an editor and two
compliance reviewers."""

from __future__ import annotations

import pytest

from portal.accounts.roles import Role
from syndication.factories import ChannelFactory
from syndication.models import Platform
from syndication.services import post_compose, post_submit
from tests.education.conftest import draft_page, publish_through_review
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa

TOKEN_VAR = "PORTAL_TEST_CHANNEL_TOKEN"


@pytest.fixture(autouse=True)
def fresh_live_check_allowance():
    """The live check's per-minute allowance lives in the process-wide cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def channel_token(monkeypatch):
    monkeypatch.setenv(TOKEN_VAR, "test-token-123")
    return "test-token-123"


@pytest.fixture
def editor(db):
    return with_mfa(UserFactory(email="editor@example.test", roles=[Role.EDITOR]))


@pytest.fixture
def reviewer(db):
    """A compliance reviewer who had nothing to do with the page."""
    return with_mfa(UserFactory(email="reviewer@example.test", roles=[Role.COMPLIANCE_REVIEWER]))


@pytest.fixture
def vetted_page(site_pages, editor, make_physician, compliance_user):
    from education.factories import EducationIndexPageFactory

    library = EducationIndexPageFactory(parent=site_pages["home"])
    physician = make_physician(title="Dr Reviewer", credentials=["MD"])
    page = draft_page(library, editor, title="Living with asthma", summary="Know your triggers.")
    return publish_through_review(
        page, author=editor, physician=physician.user, compliance=compliance_user
    )


@pytest.fixture
def mastodon(db):
    return ChannelFactory(name="Mastodon", platform=Platform.MASTODON)


@pytest.fixture
def bluesky(db):
    return ChannelFactory(name="Bluesky", platform=Platform.BLUESKY)


@pytest.fixture
def draft(vetted_page, editor, mastodon):
    return post_compose(source=vetted_page, actor=editor, channels=[mastodon])


@pytest.fixture
def submitted(draft, editor):
    return post_submit(post=draft, actor=editor)
