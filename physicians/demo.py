"""Demo physicians and posts: plainly synthetic people, posts published through the real
review workflow, one post left waiting in review."""

from __future__ import annotations

from django.test.utils import override_settings
from django.utils.text import slugify

from physicians.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    PhysicianDisclosureFactory,
    PhysicianProfilePageFactory,
    SpecialtyFactory,
    synthetic_evidence,
    synthetic_npi,
)
from physicians.models import BlogIndexPage, BlogPostPage, PhysicianProfilePage
from physicians.services import physician_verify
from portal.accounts.factories import UserFactory
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import role_grant
from portal.taxonomy.models import Condition

# (email, name, credentials, specialty, verified, disclosure company or None)
DEMO_PHYSICIANS = [
    ("physician@demo.test", "Dr Phyllis Example", ["MD"], "Cardiology", True, None),
    (
        "dr.okafor@demo.test",
        "Dr Ada Sample",
        ["DO", "MPH"],
        "Endocrinology",
        True,
        "Example Devices Inc. (synthetic)",
    ),
    ("dr.lindqvist@demo.test", "Dr Lars Placeholder", ["MD", "PhD"], "Pulmonology", True, None),
    ("np.rivera@demo.test", "Sam Testcase", ["NP"], "Primary care", False, None),
]
POST_TITLES = [
    "Questions to bring to your next appointment",
    "Why we ask about your medicines at every visit",
    "Reading your own lab results: a first look",
    "How we decide when a test is worth doing",
    "Keeping a simple symptom diary",
    "What a care plan is, and why it changes",
    "Bringing a family member to appointments",
    "Understanding follow-up appointments",
    "Notes on getting a second opinion",
    "Preparing for a telehealth visit",
]
IN_REVIEW_TITLE = "Travelling with a long-term condition (in review)"


def load_physicians_demo(*, home, password: str, admin: User, compliance: User) -> int:
    from physicians.models import PhysicianIndexPage

    directory = PhysicianIndexPage.objects.child_of(home).first()
    profiles = [
        _profile(directory, index, row, password, admin)
        for index, row in enumerate(DEMO_PHYSICIANS)
    ]
    blog = BlogIndexPage.objects.child_of(home).first() or BlogIndexPageFactory(
        parent=home, intro="<p>Demo blog: synthetic posts by fictional physicians.</p>"
    )
    if not BlogPostPage.objects.exists():
        # Reviews send notification emails; demo reviewers do not need them in the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            _posts(blog, profiles, compliance)
    return len(profiles)


def _profile(directory, index: int, row, password: str, admin: User) -> PhysicianProfilePage:
    email, name, credentials, specialty, verified, company = row
    existing = PhysicianProfilePage.objects.filter(user__email=email).first()
    if existing is not None:
        return existing
    user = User.objects.filter(email=email).first() or UserFactory(
        email=email, first_name=name.split()[-2], last_name="(demo)"
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    role_grant(user=user, role=Role.PHYSICIAN, actor=None, via="demo-data")
    profile = PhysicianProfilePageFactory(
        parent=directory,
        title=name,
        slug=name.lower().replace(" ", "-"),
        user=user,
        npi=synthetic_npi(500 + index),
        credentials=credentials,
        bio=f"<p>Demo profile: {name} is a fictional clinician for trying the portal.</p>",
        clinic_affiliation="Demo Clinic (synthetic)",
        specialties=[SpecialtyFactory(name=specialty, slug=specialty.lower().replace(" ", "-"))],
    )
    if company:
        profile.disclosures.add(PhysicianDisclosureFactory.build(company=company))
        profile.no_relevant_financial_relationships = False
        profile.save()
    profile.save_revision(user=user).publish(user=admin)
    if verified:
        physician_verify(profile=profile, actor=admin, evidence=synthetic_evidence())
    return profile


def _posts(blog, profiles, compliance: User) -> None:
    conditions = list(Condition.objects.all()) or [None]
    verified = profiles[:3]
    for index, title in enumerate(POST_TITLES):
        author = verified[index % len(verified)]
        reviewer = verified[(index + 1) % len(verified)]
        condition = conditions[index % len(conditions)]
        post = _draft(blog, author, title, condition)
        workflow = post.get_workflow()
        workflow.start(post, author.user)
        for user in (reviewer.user, compliance):
            post.refresh_from_db()
            state = post.current_workflow_state.current_task_state
            state.task.specific.on_action(state, user, "approve")
    _draft(blog, profiles[0], IN_REVIEW_TITLE, conditions[0]).get_workflow().start(
        BlogPostPage.objects.get(title=IN_REVIEW_TITLE), profiles[0].user
    )


def _draft(blog, author, title: str, condition) -> BlogPostPage:
    post = BlogPostPageFactory.build(
        title=title,
        slug=slugify(title)[:80],
        author=author,
        owner=author.user,
        live=False,
        first_published_at=None,
        last_published_at=None,
        summary="Demo post: synthetic text for trying the portal. Not medical advice.",
    )
    blog.add_child(instance=post)
    if condition is not None:
        post.conditions.set([condition])
    post.tags.add("demo")
    post.save()
    post.save_revision(user=author.user)
    return BlogPostPage.objects.get(pk=post.pk)
