"""Flesch-Kincaid grade, computed offline, against texts of known grade."""

from __future__ import annotations

import pytest

from education.readability import analyse, count_syllables, flesch_kincaid_grade

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("water", 2),
        ("medicine", 3),
        ("hypertension", 4),
        ("table", 2),
        ("asthma", 2),
        ("the", 1),
        ("asked", 1),
        ("doctor", 2),
    ],
)
def test_syllable_estimates(word, syllables):
    """Vowel groups with the usual English corrections."""
    assert count_syllables(word) == syllables


def test_grade_formula_on_counted_text():
    """'The cat sat on the mat.': 6 words, 1 sentence, 6 syllables -> -1.4 (below grade 1)."""
    result = analyse("The cat sat on the mat.")
    assert (result.words, result.sentences, result.syllables) == (6, 1, 6)
    assert result.grade == round(0.39 * 6 + 11.8 * 1 - 15.59, 1)


def test_plain_language_scores_low_and_jargon_scores_high():
    """Short everyday sentences land well under grade 8; dense clinical prose far above."""
    plain = "Take one pill each day. Drink water with it. Call us if you feel sick."
    dense = (
        "Pharmacological antihypertensive intervention demonstrates considerable "
        "cardiovascular morbidity reduction notwithstanding heterogeneous "
        "epidemiological characteristics of hypertensive populations."
    )
    assert flesch_kincaid_grade(plain) < 3
    assert flesch_kincaid_grade(dense) > 20


def test_empty_text_has_no_grade():
    """No words, no score (rather than a division by zero)."""
    assert flesch_kincaid_grade("") is None
    assert flesch_kincaid_grade("... !!! ???") is None


def test_editor_panel_warns_above_target(client, library, editor, settings):
    """The edit form shows the grade and a warning above the target grade."""
    from django.urls import reverse

    from tests.education.conftest import draft_page

    settings.PORTAL_READABILITY_TARGET_GRADE = 8
    hard = [
        {
            "type": "rich_text",
            "value": "<p>Pharmacological antihypertensive intervention "
            "demonstrates considerable cardiovascular morbidity reduction.</p>",
        }
    ]
    page = draft_page(library, editor, body=hard, summary="Epidemiological characteristics.")
    client.force_login(editor)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Flesch-Kincaid grade of the saved text" in content
    assert "Above the target grade" in content


def test_reviewer_preview_shows_the_grade(client, library, editor, make_physician):
    """Reviewers see the readability score on the page preview they review."""
    from django.urls import reverse

    from tests.education.conftest import draft_page

    page = draft_page(library, editor)
    page.get_workflow().start(page, editor)
    reviewer = make_physician()
    client.force_login(reviewer.user)
    task_id = page.current_workflow_task.pk
    url = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_id])
    content = client.get(url).content.decode()
    assert "Flesch-Kincaid grade" in content
    assert "first review" in content


def test_reviewer_sees_the_changes_since_the_last_approved_revision(
    client, reviewed_page, compliance_user
):
    """After an edit, the reviewer's preview lists removed and added sentences."""
    from django.urls import reverse

    from education.models import EducationPage

    page, editor = reviewed_page["page"], reviewed_page["editor"]
    page.summary = "A brand new summary sentence."
    page.save_revision(user=editor)
    page = EducationPage.objects.get(pk=page.pk)
    page.get_workflow().start(page, editor)
    reviewer = reviewed_page["physician"]  # reviewed before, not an author of the edit
    task_id = EducationPage.objects.get(pk=page.pk).current_workflow_task.pk
    client.force_login(reviewer.user)
    url = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_id])
    content = client.get(url).content.decode()
    added = '<ins><span class="visually-hidden">Added: </span>A brand new summary sentence.</ins>'
    assert added in content
    assert "Removed: </span>Demo text: a synthetic page" in content
