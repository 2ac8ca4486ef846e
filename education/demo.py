"""Demo education pages: synthetic text only, published through the real review workflow;
one is overdue for review and one waits in review."""

from __future__ import annotations

from datetime import timedelta

from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from education.factories import DEMO_REFERENCE, EducationIndexPageFactory, EducationPageFactory
from education.models import EducationIndexPage, EducationPage, MedicalReview
from portal.accounts.models import User
from portal.taxonomy.models import Condition

# (title, condition slug). Bodies are placeholders: they state no medical facts.
DEMO_PAGES = [
    ("About high blood pressure (demo)", "hypertension"),
    ("Checking your blood pressure at home (demo)", "hypertension"),
    ("Questions about blood pressure medicines (demo)", "hypertension"),
    ("Living with type 2 diabetes (demo)", "type-2-diabetes"),
    ("Planning meals with diabetes (demo)", "type-2-diabetes"),
    ("Foot care and diabetes (demo)", "type-2-diabetes"),
    ("After a heart attack (demo)", "myocardial-infarction"),
    ("Cardiac rehabilitation (demo)", "myocardial-infarction"),
    ("Using an inhaler (demo)", "asthma"),
    ("Asthma action plans (demo)", "asthma"),
    ("Talking about low mood (demo)", "depression"),
    ("Finding support for depression (demo)", "depression"),
]
IN_REVIEW_TITLE = "Travelling with asthma (demo, in review)"
BODY = [
    {
        "type": "rich_text",
        "value": "<p>This is demo text. It is here to show how a page looks. "
        "It is not medical advice. Ask your care team about your own health.</p>",
    },
    {
        "type": "key_facts",
        "value": {
            "heading": "Key facts (demo)",
            "facts": ["This page is synthetic.", "Ask your care team."],
        },
    },
    {
        "type": "urgent_help",
        "value": {
            "signs": ["Any sign your care team told you to watch for."],
            "action": "Call 911 or go to the nearest emergency department.",
        },
    },
]


def load_education_demo(*, home, editor: User, physician: User, compliance: User) -> int:
    library = EducationIndexPage.objects.child_of(home).first() or EducationIndexPageFactory(
        parent=home
    )
    if EducationPage.objects.exists():
        return EducationPage.objects.count()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for title, slug in DEMO_PAGES:
            page = _draft(library, editor, title, slug)
            _review(page, editor, physician, compliance)
        _make_one_overdue()
        in_review = _draft(library, editor, IN_REVIEW_TITLE, "asthma")
        in_review.get_workflow().start(in_review, editor)
    return EducationPage.objects.count()


def _draft(library, editor: User, title: str, condition_slug: str) -> EducationPage:
    page = EducationPageFactory.build(
        title=title,
        slug=slugify(title)[:80],
        owner=editor,
        live=False,
        first_published_at=None,
        last_published_at=None,
        body=BODY,
        references=[{"type": "reference", "value": DEMO_REFERENCE}],
    )
    library.add_child(instance=page)
    page.conditions.set(Condition.objects.filter(slug=condition_slug))
    page.save()
    page.save_revision(user=editor)
    return EducationPage.objects.get(pk=page.pk)


def _review(page: EducationPage, editor: User, physician: User, compliance: User) -> None:
    page.get_workflow().start(page, editor)
    for reviewer in (physician, compliance):
        page.refresh_from_db()
        state = page.current_workflow_state.current_task_state
        state.task.specific.on_action(state, reviewer, "approve")


def _make_one_overdue() -> None:
    review = MedicalReview.objects.filter(page__title=DEMO_PAGES[0][0]).first()
    if review is not None:
        review.next_review_due = timezone.localdate() - timedelta(days=5)
        review.reviewed_on = review.next_review_due - timedelta(days=365)
        review.save(update_fields=["next_review_due", "reviewed_on"])
