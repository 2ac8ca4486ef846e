"""Plainly synthetic demo content, built from the app factories. Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Page, Site

from education.factories import EducationIndexPageFactory
from education.models import EducationIndexPage
from physicians.factories import PhysicianIndexPageFactory
from physicians.models import PhysicianIndexPage
from portal.accounts.factories import UserFactory
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import role_grant
from portal.consent.demo import load_consent_demo
from portal.core.sites import site_address, site_sync_default
from portal.core.urls import base_url
from portal.home.models import HomePage, HomePageFeaturedItem
from portal.taxonomy.factories import ConditionFactory

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 (documented demo password, DEBUG only)

DEMO_ACCOUNTS: dict[str, tuple[str, str]] = {
    "patient@demo.test": (Role.PATIENT, "Pat"),
    "physician@demo.test": (Role.PHYSICIAN, "Phyllis"),
    "moderator@demo.test": (Role.MODERATOR, "Mo"),
    "editor@demo.test": (Role.EDITOR, "Eddie"),
    "compliance@demo.test": (Role.COMPLIANCE_REVIEWER, "Connie"),
    "admin@demo.test": (Role.ADMINISTRATOR, "Ada"),
    "mentor@demo.test": (Role.MENTOR, "Max"),
}

# Names and lay terms only; descriptions say they are demo text.
DEMO_CONDITIONS: list[tuple[str, str, list[str]]] = [
    ("Hypertension", "hypertension", ["high blood pressure"]),
    ("Type 2 diabetes", "type-2-diabetes", ["sugar", "diabetes", "high blood sugar"]),
    ("Myocardial infarction", "myocardial-infarction", ["heart attack"]),
    ("Asthma", "asthma", ["wheezing"]),
    ("Depression", "depression", ["low mood"]),
]


@dataclass
class DemoSummary:
    accounts: int = 0
    conditions: int = 0
    pages: int = 0
    physicians: int = 0
    education_pages: int = 0
    groups: int = 0


@transaction.atomic
def load_demo_data() -> DemoSummary:
    summary = DemoSummary()
    summary.accounts = _demo_accounts()
    summary.conditions = _demo_conditions()
    summary.pages = _demo_pages()
    summary.physicians = _demo_physicians()
    summary.education_pages = _demo_education()
    summary.groups = _demo_groups()
    _feature_blog()
    _demo_syndication()
    load_consent_demo()
    return summary


def _demo_accounts() -> int:
    for email, (role, first_name) in DEMO_ACCOUNTS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = UserFactory(email=email, first_name=first_name, last_name="(demo)")
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        role_grant(user=user, role=role, actor=None, via="demo-data")
    return len(DEMO_ACCOUNTS)


# The everyday names patients know, shown first ("Heart attack (Myocardial infarction)").
DEMO_LAY_NAMES = {"hypertension": "High blood pressure", "myocardial-infarction": "Heart attack"}


def _demo_conditions() -> int:
    for name, slug, synonyms in DEMO_CONDITIONS:
        condition = ConditionFactory(
            name=name,
            slug=slug,
            lay_synonyms="\n".join(synonyms),
            description=f"Demo text: placeholder description of {name.lower()}.",
        )
        lay_name = DEMO_LAY_NAMES.get(slug, "")
        if condition.lay_name != lay_name:
            condition.lay_name = lay_name
            condition.save(update_fields=["lay_name"])
    return len(DEMO_CONDITIONS)


def _demo_physicians() -> int:
    from physicians.demo import load_physicians_demo

    return load_physicians_demo(
        home=_home_page(),
        password=DEMO_PASSWORD,
        admin=User.objects.get(email="admin@demo.test"),
        compliance=User.objects.get(email="compliance@demo.test"),
    )


def _demo_groups() -> int:
    from forums.demo import load_groups_demo
    from forums.moderation.demo import load_moderation_demo

    groups = load_groups_demo(password=DEMO_PASSWORD)
    load_moderation_demo()
    return groups


def _demo_education() -> int:
    from education.demo import load_education_demo

    return load_education_demo(
        home=_home_page(),
        editor=User.objects.get(email="editor@demo.test"),
        physician=User.objects.get(email="dr.okafor@demo.test"),
        compliance=User.objects.get(email="compliance@demo.test"),
    )


def _demo_syndication() -> int:
    from syndication.demo import load_syndication_demo

    return load_syndication_demo(
        editor=User.objects.get(email="editor@demo.test"),
        compliance=User.objects.get(email="compliance@demo.test"),
    )


def _feature_blog() -> None:
    from physicians.models import BlogIndexPage

    home = _home_page()
    blog = BlogIndexPage.objects.child_of(home).first()
    if blog is not None and not home.featured_items.filter(link_page=blog).exists():
        HomePageFeaturedItem.objects.create(
            page=home,
            link_page=blog,
            summary="Opinion pieces by (fictional) physicians, peer and compliance reviewed.",
            sort_order=home.featured_items.count(),
        )


def _demo_pages() -> int:
    home = _home_page()
    # Before anything writes a link (syndicated posts, emails): the Site is PORTAL_BASE_URL.
    site_sync_default(site_name="Demo")
    education = EducationIndexPage.objects.child_of(home).first() or EducationIndexPageFactory(
        parent=home,
        intro="<p>Demo library: synthetic pages for trying the portal, not medical advice.</p>",
    )
    physicians = PhysicianIndexPage.objects.child_of(home).first() or PhysicianIndexPageFactory(
        parent=home, intro="<p>Demo directory: every physician listed here is fictional.</p>"
    )
    if not home.featured_items.exists():
        for order, (page, summary) in enumerate(
            [
                (education, "Plain-language pages checked by clinicians (demo)."),
                (physicians, "Meet the (fictional) physicians who write for the portal."),
            ]
        ):
            HomePageFeaturedItem.objects.create(
                page=home, link_page=page, summary=summary, sort_order=order
            )
    return 3


def _home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = HomePage(
        title="Home",
        slug="home",
        hero_heading="Health information you can trust (demo)",
        hero_intro="This is a demo portal with plainly synthetic content. Nothing here is "
        "medical advice.",
    )
    placeholder = Page.objects.filter(depth=2, slug="home").exclude(pk=home.pk).first()
    if placeholder is not None and type(placeholder.specific) is Page:
        # Free the slug without save(): save() queues search-index tasks for a page deleted
        # a few lines below, and the worker's first batch would fail on Page.DoesNotExist.
        Page.objects.filter(pk=placeholder.pk).update(slug="wagtail-welcome")
    root.add_child(instance=home)
    home.save_revision().publish()
    address = site_address(base_url())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "root_page": home,
            "hostname": address.hostname,
            "port": address.port,
            "site_name": "Demo",
        },
    )
    if placeholder is not None and type(placeholder.specific) is Page:
        placeholder.delete()
    return home
