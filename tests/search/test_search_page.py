"""The site search page: only live, public pages; every input is a 200 or a 400."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.fixtures_site import make_home_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 257, b"256 characters or fewer"),
        ("bad\x00byte", b"Null characters are not allowed"),
    ],
)
def test_bad_queries_are_a_400_with_a_clear_message(client, query, message):
    """Over-long or unsearchable input gets a form error, not a 500."""
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 400
    assert message in response.content


@pytest.mark.parametrize("query", ['"unclosed', "AND OR NOT", "*:*", "title:(", "a" * 256, "  "])
def test_query_syntax_is_never_interpreted(client, query):
    """Operators and query syntax are plain text: a normal page, never a 500."""
    make_home_page()
    assert client.get(reverse("search"), {"q": query}).status_code == 200


def test_bad_page_numbers_are_a_400(client):
    """A non-numeric page number is a form error."""
    assert client.get(reverse("search"), {"q": "a", "page": "x"}).status_code == 400
