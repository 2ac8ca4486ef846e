"""The permission matrix in portal/accounts/permission_matrix.py is what the README shows and
what the site does: every role (and a visitor) against every probe, and every admin URL
either probed or exempted with a reason."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

import pytest
import wagtail_factories
from django.core.management import CommandError, call_command
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, Site, Workflow

from education.factories import EducationIndexPageFactory, EducationPageFactory
from forums.moderation.factories import ClinicalContactFactory, MessageTemplateFactory
from forums.moderation.models import CrisisPhrase, WatchedWord, WatchedWordAction
from physicians.factories import (
    PhysicianIndexPageFactory,
    PhysicianProfilePageFactory,
    SpecialtyFactory,
)
from portal.accounts import permission_matrix as matrix
from portal.accounts.roles import Role
from search.models import Promotion
from syndication.factories import ChannelFactory
from tests.factories import ConditionFactory, UserFactory
from tests.fixtures_people import with_mfa
from tests.fixtures_site import make_home_page

README = Path(__file__).resolve().parents[2] / "README.md"
PROBED_PREFIXES = ("admin/", "groups/moderation/", "groups/^moderation/")


@pytest.fixture
def objects(db):
    """One of each object the probes name (by key)."""
    home = make_home_page()
    education_index = EducationIndexPageFactory(parent=home)
    directory = PhysicianIndexPageFactory(parent=home)
    condition = ConditionFactory()
    root = Collection.get_first_root_node()
    return {
        "education_index": education_index,
        "education_page": EducationPageFactory(parent=education_index),
        "physician_profile": PhysicianProfilePageFactory(parent=directory),
        "image": wagtail_factories.ImageFactory(title="Matrix image", collection=root),
        "document": wagtail_factories.DocumentFactory(title="Matrix document", collection=root),
        "condition": condition,
        "specialty": SpecialtyFactory(),
        "watchedword": WatchedWord.objects.create(
            pattern="matrixword", action=WatchedWordAction.values[0]
        ),
        "crisisphrase": CrisisPhrase.objects.create(phrase="matrix phrase"),
        "clinicalcontact": ClinicalContactFactory(name="Matrix clinician"),
        "messagetemplate": MessageTemplateFactory(name="Matrix template"),
        "promotion": Promotion.objects.create(query="matrix", page=home),
        "channel": ChannelFactory(),
        "site": Site.objects.get(is_default_site=True),
        "redirect": Redirect.objects.create(old_path="/matrix-old", redirect_link="/"),
        "workflow": Workflow.objects.create(name="Matrix workflow"),
        "member": UserFactory(roles=[Role.PATIENT]),
    }


def _url(probe: matrix.Probe, objects: dict) -> str:
    if probe.url.startswith("/"):
        return probe.url
    kwargs = {
        name: (key[1:] if key.startswith("=") else objects[key].pk)
        for name, key in probe.kwargs.items()
    }
    return reverse(probe.url, kwargs=kwargs)


def _refused(client, probe: matrix.Probe, objects: dict) -> bool:
    """Send the probe; follow redirects that stay in the area (e.g. settings to the site's
    settings) until a page, an error or a refusing redirect answers."""
    url = _url(probe, objects)
    send = client.post if probe.method == "POST" else client.get
    response = send(url, probe.data)
    for _hop in range(3):
        location = response.get("Location", "")
        if response.status_code not in (301, 302) or matrix.is_refused(302, location):
            break
        response = client.get(location)
    if matrix.is_refused(response.status_code, response.get("Location", "")):
        return True
    return bool(probe.lists) and str(objects[probe.lists].title) not in response.text


def _access_rows():
    return [cap for cap in matrix.CAPABILITIES if cap.probes and not cap.requires_mfa_row]


def _is_admin_probe(probe: matrix.Probe, objects: dict) -> bool:
    return _url(probe, objects).lstrip("/").startswith(PROBED_PREFIXES)


@pytest.mark.parametrize("role", matrix.COLUMNS)
def test_each_role_reaches_exactly_what_the_table_grants(client, objects, role):
    """Signed in with MFA: every probe allowed where the row has the role, refused elsewhere."""
    user = with_mfa(UserFactory(roles=[role]))
    client.force_login(user)  # tests.clients.LoginClient: password and MFA steps
    wrong = []
    for cap in _access_rows():
        for probe in cap.probes:
            expected_refused = role not in cap.roles
            if _refused(client, probe, objects) != expected_refused:
                verdict = "refused" if not expected_refused else "allowed"
                wrong.append(f"{cap.text!r}: {probe.label} was {verdict}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_a_visitor_is_refused_every_admin_probe(client, objects):
    """Not signed in: every admin and moderation probe sends to a login or is refused."""
    allowed = [
        probe.label
        for cap in matrix.CAPABILITIES
        for probe in cap.probes
        if _is_admin_probe(probe, objects) and not _refused(client, probe, objects)
    ]
    assert not allowed


@pytest.mark.parametrize("role", matrix.COLUMNS)
def test_mfa_row_staff_without_mfa_are_sent_to_set_it_up(client, objects, role):
    """The MFA row: a role with ✓ is sent to MFA set-up until it has an authenticator."""
    cap = next(cap for cap in matrix.CAPABILITIES if cap.requires_mfa_row)
    client.force_login(UserFactory(roles=[role]))
    for probe in cap.probes:
        response = client.get(_url(probe, objects))
        sent_to_setup = response.get("Location", "").startswith(reverse("mfa_activate_totp"))
        assert sent_to_setup == (role in cap.roles), (probe.label, response.status_code)


def test_readme_table_is_the_generated_one():
    """Editing the README's table or the matrix alone fails: run
    ``manage.py permission_matrix --write``."""
    assert matrix.readme_section(README.read_text()) == matrix.render_table()


def test_permission_matrix_check_command_agrees():
    """``--check`` passes on the committed README."""
    call_command("permission_matrix", "--check")


def test_permission_matrix_check_fails_on_a_hand_edited_table(tmp_path):
    """A README whose table was edited by hand (one cell flipped) fails ``--check``;
    ``--write`` puts the generated table back and keeps the prose around it."""
    readme = tmp_path / "README.md"
    edited = README.read_text().replace(
        "| Upload and choose images | | | ✓ |", "| Upload and choose images | | | |"
    )
    assert edited != README.read_text()
    readme.write_text(edited)
    with pytest.raises(CommandError, match="differs"):
        call_command("permission_matrix", "--check", readme=readme)
    call_command("permission_matrix", "--write", readme=readme)
    assert readme.read_text() == README.read_text()


def test_permission_matrix_check_fails_without_markers(tmp_path):
    """A README without the markers is an error, not a silent pass."""
    readme = tmp_path / "README.md"
    readme.write_text("# Portal\n")
    with pytest.raises(CommandError, match="markers"):
        call_command("permission_matrix", "--check", readme=readme)


def test_rows_without_probes_name_an_existing_test():
    """A rule of ownership or workflow is proved elsewhere: that test file must exist."""
    root = README.parent
    for cap in matrix.CAPABILITIES:
        assert cap.probes or cap.proved_by, cap.text
        if cap.proved_by:
            assert (root / cap.proved_by).is_file(), cap.proved_by


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _probed_routes(objects) -> set[str]:
    return {
        resolve(_url(probe, objects)).route for cap in matrix.CAPABILITIES for probe in cap.probes
    }


def test_every_admin_url_is_probed_or_exempted_with_a_reason(objects):
    """A new admin or moderation screen must join the matrix (a probe) or UNPROBED; an
    UNPROBED entry that exempts no unprobed route is stale and must go."""
    routes = {r for r in _routes(get_resolver().url_patterns) if r.startswith(PROBED_PREFIXES)}
    unprobed = routes - _probed_routes(objects)
    missing = sorted(r for r in unprobed if matrix.unprobed_reason(r) is None)
    assert not missing, "\n".join(missing)
    stale = [glob for glob, _ in matrix.UNPROBED if not any(fnmatch(r, glob) for r in unprobed)]
    assert not stale
