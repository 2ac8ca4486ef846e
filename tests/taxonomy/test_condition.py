"""The shared Condition taxonomy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from portal.taxonomy.models import Condition

pytestmark = pytest.mark.django_db


def test_lay_synonyms_are_trimmed_and_deduplicated():
    """One synonym per line; blanks, spacing and case duplicates are dropped."""
    condition = Condition(
        name="Myocardial infarction",
        slug="myocardial-infarction",
        lay_synonyms="heart attack\n  Heart   Attack \n\ncoronary",
        description="Demo.",
    )
    condition.full_clean()
    assert condition.synonym_list == ["heart attack", "coronary"]
    assert condition.lay_synonyms == "heart attack\ncoronary"


def test_overlong_synonym_is_refused_with_a_clear_message():
    """A pasted paragraph is not a synonym."""
    condition = Condition(name="X", slug="x", lay_synonyms="y" * 81, description="Demo.")
    with pytest.raises(ValidationError, match="at most 80 characters"):
        condition.full_clean()


def test_names_and_slugs_are_unique():
    """Two conditions cannot share a name or slug."""
    Condition.objects.create(name="Asthma", slug="asthma", description="Demo.")
    with pytest.raises(ValidationError):
        Condition(name="Asthma", slug="asthma-2", description="Demo.").full_clean()


def test_condition_links_to_its_education_hub():
    """A condition's page is its hub in the education library."""
    condition = Condition(name="Type 2 diabetes", slug="type-2-diabetes")
    assert condition.get_absolute_url() == "/education/conditions/type-2-diabetes/"
