"""axe-core scans of the content page types: physicians, blog and education."""

from __future__ import annotations

import pytest

from education.factories import EducationIndexPageFactory, EducationPageFactory
from physicians.factories import (
    BlogPostPageFactory,
    PhysicianDisclosureFactory,
    SpecialtyFactory,
)
from tests.browser_helpers import assert_no_serious_axe_violations
from tests.factories import ConditionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RICH_BODY = [
    {"type": "rich_text", "value": "<h2>Section</h2><p>Demo text with a <a href='/'>link</a>.</p>"},
    {"type": "key_facts", "value": {"heading": "Key facts", "facts": ["One.", "Two."]}},
    {"type": "urgent_help", "value": {"signs": ["A demo sign."], "action": "Call 911."}},
    {"type": "faq", "value": {"items": [{"question": "A question?", "answer": "<p>Answer.</p>"}]}},
    {"type": "steps", "value": {"heading": "Steps", "steps": [{"title": "First", "detail": ""}]}},
]


@pytest.fixture
def content(site_pages, make_physician):
    condition = ConditionFactory(name="Asthma", slug="asthma", lay_synonyms="wheezing")
    specialty = SpecialtyFactory(name="Pulmonology", slug="pulmonology")
    author = make_physician(title="Dr Axe Example", specialties=[specialty], conditions=[condition])
    author.no_relevant_financial_relationships = False
    author.disclosures.add(PhysicianDisclosureFactory.build(profile=author))
    author.save()
    post = BlogPostPageFactory(
        parent=site_pages["blog"], author=author, conditions=[condition], tags=["demo"]
    )
    library = EducationIndexPageFactory(parent=site_pages["home"])
    page = EducationPageFactory(parent=library, conditions=[condition], body=RICH_BODY)
    return {
        "directory": site_pages["directory"].url,
        "profile": author.url,
        "blog index": site_pages["blog"].url,
        "blog post": post.url,
        "education index": library.url,
        "education page": page.url,
        "condition hub": condition.get_absolute_url(),
    }


@pytest.mark.parametrize("width", [1280, 320])
def test_content_pages_have_no_serious_axe_violations(page, content, width):
    """Each content page type passes axe-core on desktop and at 320 px."""
    page.set_viewport_size({"width": width, "height": 900})
    failures = []
    for name, url in content.items():
        page.goto(url)
        try:
            assert_no_serious_axe_violations(page)
        except AssertionError as error:
            failures.append(f"{name} ({url}): {error}")
    assert not failures, "\n\n".join(failures)
