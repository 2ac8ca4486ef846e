"""Patients see a condition's everyday name first: "Heart attack (Myocardial infarction)"."""

from __future__ import annotations

import pytest

from education.factories import EducationIndexPageFactory, EducationPageFactory
from physicians.factories import BlogPostPageFactory
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

SHOWN = "Heart attack (Myocardial infarction)"


def test_display_name_puts_the_lay_name_first_and_falls_back_to_the_clinical_name():
    """With a lay name: both; without (or the same word): the clinical name only."""
    heart_attack = ConditionFactory(name="Myocardial infarction", lay_name="Heart attack")
    assert heart_attack.display_name == SHOWN
    assert ConditionFactory(name="Asthma").display_name == "Asthma"
    assert ConditionFactory(name="Gout", lay_name="gout").display_name == "Gout"


def test_hub_a_to_z_home_filters_and_posts_show_the_lay_name_first(
    client, site_pages, make_physician
):
    """Condition hub, library index, home page, directory filter and a post's topics."""
    condition = ConditionFactory(name="Myocardial infarction", lay_name="Heart attack")
    library = EducationIndexPageFactory(parent=site_pages["home"])
    EducationPageFactory(parent=library, conditions=[condition])
    author = make_physician()
    post = BlogPostPageFactory(parent=site_pages["blog"], author=author, conditions=[condition])
    for url in (
        condition.get_absolute_url(),
        library.url,
        site_pages["home"].url,
        site_pages["directory"].url,
        post.url,
    ):
        content = client.get(url).content.decode()
        assert SHOWN in content, url
