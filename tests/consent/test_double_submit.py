"""Accepting the policies twice (a double click, racing requests) records one acceptance."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.consent.models import PolicyAcceptance
from portal.consent.services import policy_publish
from portal.core.submissions import FIELD, REFUSED_MESSAGE
from tests.factories import UserFactory
from tests.helpers import assert_no_server_errors, post_together, racing_clients, rendered_token


@pytest.fixture
def policies(db):
    policy_publish(kind="terms", title="Terms", summary="Demo terms v1")
    policy_publish(kind="privacy", title="Privacy", summary="Demo privacy v1")


def _accept_data(client) -> dict:
    page = client.get(reverse("policy_accept"))
    return {"accept_terms": "on", "accept_privacy": "on", **rendered_token(page.content.decode())}


def test_accepting_twice_with_one_token_records_each_policy_once(client, policies):
    user = UserFactory()
    client.force_login(user)
    data = _accept_data(client)
    assert client.post(reverse("policy_accept"), data).status_code == 302
    assert client.post(reverse("policy_accept"), data).status_code == 302
    assert PolicyAcceptance.objects.filter(user=user).count() == 2  # terms and privacy


def test_accepting_with_a_forged_token_is_a_clear_form_error(client, policies):
    user = UserFactory()
    client.force_login(user)
    data = {**_accept_data(client), FIELD: "forged"}
    response = client.post(reverse("policy_accept"), data)
    assert response.status_code == 200
    assert REFUSED_MESSAGE.split(",")[0] in response.content.decode()
    assert not PolicyAcceptance.objects.filter(user=user).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_acceptances_record_each_policy_once(client_factory, policies):
    user = UserFactory()
    clients = racing_clients(client_factory, user, 10)
    results = post_together(clients, reverse("policy_accept"), _accept_data(clients[0]))
    assert_no_server_errors(results)
    assert PolicyAcceptance.objects.filter(user=user).count() == 2
