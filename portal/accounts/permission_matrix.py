"""The permission matrix as data: what each role may do, and the URLs that prove it.

Each :class:`Capability` is one row of the README's "Roles and permissions" table (its
wording, the roles that have it) and the :class:`Probe` requests that show it on the site.
``manage.py permission_matrix`` prints or rewrites the README table from this module, and
``tests/accounts/test_permission_matrix.py`` logs in every role, sends every probe and checks
the answer against the table, so the README, this table and the site cannot drift apart.

Core holds only strings: feature apps' screens are named by URL name or path, never imported.
A probe's ``kwargs`` name objects (``"page"``, ``"image"``...) that the test builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatch
from urllib.parse import urlsplit

from portal.accounts.roles import Role

# Table columns, in order. Peer mentor has a member's rights only: its column shows it.
COLUMNS: tuple[str, ...] = (
    Role.PATIENT,
    Role.MENTOR,
    Role.PHYSICIAN,
    Role.MODERATOR,
    Role.EDITOR,
    Role.COMPLIANCE_REVIEWER,
    Role.ADMINISTRATOR,
)
ALL_ROLES: frozenset[str] = frozenset(COLUMNS)
STAFF: frozenset[str] = ALL_ROLES - {Role.PATIENT, Role.MENTOR}

README_START = "<!-- permission-matrix:start -->"
README_END = "<!-- permission-matrix:end -->"

# Where a refused request may be sent: a login, MFA set-up, the admin's own "no permission"
# landing (Wagtail redirects there with a message) or the home page (admin login for members).
REFUSED_REDIRECTS = (
    re.compile(r"^/accounts/login/"),
    re.compile(r"^/accounts/2fa/"),
    re.compile(r"^/accounts/reauthenticate/"),
    re.compile(r"^/admin/login/"),
    re.compile(r"^/admin/$"),
    re.compile(r"^/$"),
)


@dataclass(frozen=True)
class Probe:
    """One request. ``url`` is a URL name (reversed with ``kwargs``) or a path starting with
    "/"; ``kwargs`` maps each URL argument to the name of a test object (its pk is used) or,
    prefixed with "=", to a literal value."""

    url: str
    kwargs: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    data: dict[str, str] = field(default_factory=dict)
    # For screens every admin user may open that list only what the user may use (Wagtail's
    # choosers): allowed means this test object is listed.
    lists: str = ""

    @property
    def label(self) -> str:
        args = ",".join(f"{k}={v}" for k, v in self.kwargs.items())
        return f"{self.method} {self.url}" + (f"({args})" if args else "")


@dataclass(frozen=True)
class Capability:
    """One row: README wording, the roles that have it, the probes that show it.

    ``marks`` overrides a cell's text (e.g. "optional"). A row whose rule depends on who owns
    an object or where a workflow stands has no probe here: ``proved_by`` names the test file
    that proves it instead."""

    text: str
    roles: frozenset[str]
    probes: tuple[Probe, ...] = ()
    marks: dict[str, str] = field(default_factory=dict)
    proved_by: str = ""
    requires_mfa_row: bool = False

    def cell(self, role: str) -> str:
        if role in self.marks:
            return self.marks[role]
        return "✓" if role in self.roles else ""


def _roles(*roles: str) -> frozenset[str]:
    return frozenset(roles)


ADMINS = _roles(Role.ADMINISTRATOR)
EDITORS = _roles(Role.EDITOR, Role.ADMINISTRATOR)
MODERATORS = _roles(Role.MODERATOR, Role.ADMINISTRATOR)


def _snippet(
    app_model: str, *, listing: bool = True, delete: bool = True, preview: bool = False
) -> tuple[Probe, ...]:
    """A snippet's add, edit, history and usage screens (with its listing, delete, and the
    live preview of a previewable snippet)."""
    app, model = app_model.split(".")
    ns = f"wagtailsnippets_{app}_{model}"
    probes = [Probe(f"{ns}:list"), Probe(f"{ns}:list_results")] if listing else []
    probes += [
        Probe(f"{ns}:add"),
        Probe(f"{ns}:edit", {"pk": model}),
        Probe(f"{ns}:history", {"pk": model}),
        Probe(f"{ns}:usage", {"pk": model}),
    ]
    if delete:
        probes.append(Probe(f"{ns}:delete", {"pk": model}))
    if preview:
        probes += [Probe(f"{ns}:preview_on_add"), Probe(f"{ns}:preview_on_edit", {"pk": model})]
    return tuple(probes)


CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "Read public content, search, join groups",
        ALL_ROLES,
        (Probe("/search/"), Probe("/groups/")),
    ),
    Capability(
        "Read and moderate every support group, decide join requests",
        MODERATORS,
        (Probe("group_join_requests"),),
    ),
    Capability(
        "Work the moderation queue, sanction members, keep private notes",
        MODERATORS,
        (
            Probe("moderation_queue"),
            Probe("moderation_on_call", method="POST"),
            Probe("moderation_member", {"user_id": "member"}),
        ),
    ),
    Capability(
        "Manage watched words, crisis phrases and the clinical on-call chain",
        MODERATORS,
        _snippet("moderation.watchedword", preview=True)
        + _snippet("moderation.crisisphrase", preview=True)
        + _snippet("moderation.clinicalcontact"),
    ),
    Capability(
        "Draft messages of concern (an administrator approves each wording)",
        MODERATORS,
        _snippet("moderation.messagetemplate"),
    ),
    Capability(
        "Must use MFA (TOTP + recovery codes)",
        STAFF,
        (Probe("wagtailadmin_home"), Probe("moderation_queue")),
        marks={Role.PATIENT: "optional", Role.MENTOR: "optional"},
        requires_mfa_row=True,
    ),
    Capability(
        "Reach the Wagtail admin",
        STAFF,
        (
            Probe("wagtailadmin_home"),
            Probe("wagtailadmin_account"),
            Probe("wagtailadmin_choose_page"),
        ),
    ),
    Capability(
        "Upload and choose images",
        _roles(Role.PHYSICIAN, Role.EDITOR, Role.ADMINISTRATOR),
        (
            Probe("wagtailimages:index"),
            Probe("wagtailimages:add"),
            Probe("wagtailimages:add_multiple"),
            Probe("wagtailimages_chooser:choose", lists="image"),
            Probe("wagtailimages_chooser:create"),
        ),
    ),
    Capability(
        "Edit and delete any image (in Wagtail, changing an image includes deleting it)",
        EDITORS,
        (
            Probe("wagtailimages:edit", {"image_id": "image"}),
            Probe("wagtailimages:delete", {"image_id": "image"}),
        ),
    ),
    Capability(
        "Create and edit their own profile and blog posts (never publish)",
        _roles(Role.PHYSICIAN),
        proved_by="tests/physicians/test_admin_permissions.py",
    ),
    Capability(
        "Approve the clinical review step (verified physicians, never their own content)",
        _roles(Role.PHYSICIAN),
        proved_by="tests/education/test_medical_review.py",
    ),
    Capability(
        "Approve the compliance review step (never their own content)",
        _roles(Role.COMPLIANCE_REVIEWER),
        proved_by="tests/physicians/test_review_gate.py",
    ),
    Capability(
        "Add and edit pages (not publish)",
        EDITORS,
        (
            Probe(
                "wagtailadmin_pages:add",
                {
                    "content_type_app_name": "=education",
                    "content_type_model_name": "=educationpage",
                    "parent_page_id": "education_index",
                },
            ),
            Probe("wagtailadmin_pages:edit", {"page_id": "education_page"}),
            Probe("wagtailadmin_pages:history", {"page_id": "education_page"}),
            Probe("wagtailadmin_pages:lock", {"page_id": "education_page"}, method="POST"),
        ),
    ),
    Capability(
        "Publish pages directly (not reviewed types: blog posts only go live through review)",
        ADMINS,
        (Probe("wagtailadmin_pages:unpublish", {"page_id": "education_page"}),),
    ),
    Capability(
        "Verify physicians (recorded in the audit log)",
        ADMINS,
        (
            Probe("physician_verification"),
            Probe("physician_verify", {"page_id": "physician_profile"}),
        ),
    ),
    Capability(
        "Manage specialties",
        EDITORS,
        _snippet("physicians.specialty", delete=False),
    ),
    Capability(
        "Manage documents",
        EDITORS,
        (
            Probe("wagtaildocs:index"),
            Probe("wagtaildocs:add"),
            Probe("wagtaildocs:add_multiple"),
            Probe("wagtaildocs:edit", {"document_id": "document"}),
            Probe("wagtaildocs:delete", {"document_id": "document"}),
            Probe("wagtaildocs_chooser:choose", lists="document"),
        ),
    ),
    Capability(
        "Read search reports, promote search results",
        EDITORS,
        (
            Probe("search_report_top"),
            Probe("search_report_zero"),
            *_snippet("portal_search.promotion"),
        ),
    ),
    Capability(
        "Add and edit conditions (taxonomy)",
        EDITORS,
        _snippet("taxonomy.condition", listing=False, delete=False),
    ),
    Capability(
        "Read the audit log",
        _roles(Role.COMPLIANCE_REVIEWER, Role.ADMINISTRATOR),
        (Probe("audit_events"),),
    ),
    Capability(
        "Export the audit log (CSV)",
        ADMINS,
        (Probe("audit_export"),),
    ),
    Capability(
        "Grant and remove roles, manage users",
        ADMINS,
        (
            Probe("role_index"),
            Probe("role_edit", {"user_id": "member"}),
            Probe("wagtailusers_users:index"),
            Probe("wagtailusers_users:add"),
            Probe("wagtailusers_users:edit", {"pk": "member"}),
            Probe("wagtailusers_groups:index"),
        ),
    ),
    Capability(
        "Compose, submit, retry, reconcile and delete social posts (syndication)",
        EDITORS,
        (
            Probe("syndication_compose_start"),
            Probe("syndication_compose", {"page_id": "education_page"}),
        ),
    ),
    Capability(
        "Read the social posts queue",
        _roles(Role.EDITOR, Role.COMPLIANCE_REVIEWER, Role.ADMINISTRATOR),
        (Probe("syndication_queue"),),
    ),
    Capability(
        "Approve social posts per channel (never their own)",
        _roles(Role.COMPLIANCE_REVIEWER),
        proved_by="tests/syndication/test_gates_and_transitions.py",
    ),
    Capability(
        "Export syndication history (CSV)",
        _roles(Role.COMPLIANCE_REVIEWER, Role.ADMINISTRATOR),
        (Probe("syndication_export"),),
    ),
    Capability(
        "See the condition and social channel lists",
        _roles(Role.EDITOR, Role.COMPLIANCE_REVIEWER, Role.ADMINISTRATOR),
        (
            Probe("wagtailsnippets_taxonomy_condition:list"),
            Probe("wagtailsnippets_taxonomy_condition:list_results"),
            Probe("wagtailsnippets_syndication_channel:list"),
            Probe("wagtailsnippets_syndication_channel:list_results"),
        ),
    ),
    Capability(
        "Manage syndication channels",
        ADMINS,
        _snippet("syndication.channel", listing=False),
    ),
    Capability(
        "Edit site safety texts, sites, redirects, workflows",
        ADMINS,
        (
            Probe(
                "wagtailsettings:edit",
                {"app_name": "=core", "model_name": "=sitesafetysettings"},
            ),
            Probe("wagtailsites:index"),
            Probe("wagtailsites:edit", {"pk": "site"}),
            Probe("wagtailredirects:index"),
            Probe("wagtailredirects:add"),
            Probe("wagtailredirects:edit", {"redirect_id": "redirect"}),
            Probe("wagtailadmin_workflows:index"),
            Probe("wagtailadmin_workflows:add"),
            Probe("wagtailadmin_workflows:edit", {"pk": "workflow"}),
            Probe("wagtailadmin_workflows:task_index"),
        ),
    ),
)


# Admin and moderation routes no probe requests, each with the reason. Globs over the route
# as Django prints it; every entry must still match a route (see the completeness test).
UNPROBED: tuple[tuple[str, str], ...] = (
    ("admin/login/", "the login hand-off to allauth, open to everyone"),
    ("admin/logout/", "logging out is open to every signed-in user"),
    ("admin/password_reset/*", "Wagtail's password reset; allauth's is used, open to all"),
    ("admin/jsi18n/", "static JavaScript translations"),
    ("admin/sprite/", "static icon sprite"),
    ("admin/test404/", "Wagtail's 404 test page"),
    ("admin/failwhale/", "Wagtail's error test page"),
    ("admin/^.*/$", "the admin's catch-all 404"),
    ("admin/dismissibles/", "per-user UI state of the signed-in admin user"),
    ("admin/editing-sessions/*", "per-user editing-session pings, checked by Wagtail"),
    ("admin/block-preview/", "renders a block preview for any admin user; no data"),
    ("admin/tag-autocomplete/*", "tag suggestions for any admin user"),
    ("admin/choose-*", "link choosers: forms with no data, for any admin user"),
    ("admin/api/main/*", "the admin API behind choosers; same permissions as the choosers"),
    ("admin/bulk/*", "bulk actions check each object's permission on POST"),
    ("*/results/", "the listing's results fragment: same view and permission as its listing"),
    ("*/history-results/*", "history results fragment: same permission as the history view"),
    ("admin/reports/locked/", "Wagtail's locked pages report: lists only the user's pages"),
    ("admin/reports/workflow*", "Wagtail's workflow reports: list only the user's pages"),
    ("admin/reports/site-history/", "Wagtail's site history: filtered by the user's rights"),
    ("admin/reports/aging-pages/", "Wagtail's aging pages report: lists the user's pages"),
    ("admin/reports/page-types-usage/", "Wagtail's page types report for any admin user"),
    ("admin/pages/", "the explorer root (each page's permission is probed on a page)"),
    ("admin/pages/search/", "page search filters by the user's page permissions"),
    ("admin/pages/usage/*", "page type usage report for any admin user"),
    ("admin/pages/create/*", "choose a parent page for a type; lists only permitted parents"),
    (
        "admin/pages/<int:*",
        "page actions follow the page permissions probed by edit, history, lock, unpublish",
    ),
    ("admin/pages/add/*/preview/", "preview of an unsaved page: same permission as add"),
    ("admin/pages/^(?P<pk>*", "revision compare: same permission as the page's revisions"),
    ("admin/pages/workflow/*", "workflow actions and cancellation need a running workflow"),
    ("admin/collections/*", "collections: administrators only (superuser screens)"),
    ("admin/workflows/*", "workflow screens: same permission as the probed list, add, edit"),
    ("admin/snippets/", "the snippet index lists only the models a user may see"),
    ("admin/snippets/*/copy/*", "copy is the add form prefilled: same permission as add"),
    ("admin/snippets/choose/*", "snippet choosers: same view permission as the listing"),
    ("admin/snippets/physicians/specialty/delete/*", "no role may delete a specialty"),
    ("admin/snippets/taxonomy/condition/delete/*", "administrators only; probed by edit"),
    ("admin/sites/*", "site screens: same permission as the probed list, add and edit"),
    ("admin/users/*", "user screens: same permission as the probed list, add and edit"),
    ("admin/groups/*", "group screens: same permission as the probed list"),
    ("admin/documents/*", "document screens: same collection permission as the probed ones"),
    ("admin/images/*", "image screens: same collection permission as the probed ones"),
    ("admin/embeds/*", "embed chooser for any admin user"),
    ("admin/forms/*", "form submissions: the site has no form pages"),
    ("admin/redirects/*", "redirect screens: same permission as the probed list, add and edit"),
    ("admin/settings/*", "settings: the one settings model is probed"),
    (
        "admin/education/<int:page_id>/start-review/",
        "starting a review needs a draft page: tests/education/test_medical_review.py",
    ),
    ("admin/physicians/<int:page_id>/unverify/", "same permission as verify"),
    (
        "admin/syndication/<int:post_id>/*",
        "a social post's screens need one: tests/syndication/test_admin_screens.py",
    ),
    (
        "admin/syndication/delivery/*",
        "a delivery's actions need one: tests/syndication/test_gates_and_transitions.py",
    ),
    (
        "admin/syndication/live-check/",
        "composer's live check: tests/syndication/test_live_check.py",
    ),
    (
        "groups/moderation/items/*",
        "a queued item's screens need one: tests/moderation/test_queue.py",
    ),
    ("groups/moderation/bulk/", "bulk decisions on queued items: tests/moderation/test_queue.py"),
    (
        "groups/moderation/requests/<int:membership_id>/",
        "deciding a join request needs one: tests/forums/test_joining.py",
    ),
    (
        "groups/moderation/members/<int:user_id>/anonymise/",
        "POST only, same moderator check as the probed member page",
    ),
    ("groups/^moderation/*", "machina topic moderation needs a topic: tests/forums"),
)


def unprobed_reason(route: str) -> str | None:
    """The reason a route is not probed, or None."""
    for pattern, reason in UNPROBED:
        if fnmatch(route, pattern):
            return reason
    return None


def is_refused(status: int, location: str = "") -> bool:
    """A response refuses the request: an error, or a redirect to a login, MFA set-up or a
    landing page. Anything else (a page, a redirect within the area) is allowed."""
    if status in (401, 403, 404, 405):
        return True
    if 300 <= status < 400:
        path = urlsplit(location).path
        return any(pattern.match(path) for pattern in REFUSED_REDIRECTS)
    return status >= 400


def render_table() -> str:
    """The README table, as markdown."""
    header = "| Can… | " + " | ".join(COLUMNS) + " |"
    rule = "| --- |" + " :-: |" * len(COLUMNS)
    rows = [
        f"| {cap.text} |" + "|".join(_cell(cap.cell(role)) for role in COLUMNS) + "|"
        for cap in CAPABILITIES
    ]
    return "\n".join([header, rule, *rows])


def _cell(text: str) -> str:
    return f" {text} " if text else " "


def readme_section(readme: str) -> str:
    """The table between the README's markers (raises if the markers are missing)."""
    start = readme.index(README_START) + len(README_START)
    end = readme.index(README_END, start)
    return readme[start:end].strip("\n")


def readme_with_table(readme: str) -> str:
    """The README with its table regenerated between the markers."""
    start = readme.index(README_START) + len(README_START)
    end = readme.index(README_END, start)
    return readme[:start] + "\n" + render_table() + "\n" + readme[end:]
