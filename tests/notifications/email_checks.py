"""Assertions every notification email must pass: its links are absolute on the configured
base URL, and none of the given member-written texts appears in its subject or body."""

from __future__ import annotations

import re

from django.conf import settings

URL = re.compile(r"https?://[^\s<>]+")


def email_links(message) -> list[str]:
    headers = " ".join(str(value) for value in message.extra_headers.values())
    return URL.findall(message.body) + URL.findall(headers)


def assert_safe_email(message, *, forbidden: tuple[str, ...] = ()) -> None:
    links = email_links(message)
    assert links, "every notification carries a link"
    base = settings.PORTAL_BASE_URL.rstrip("/") + "/"
    off_base = [link for link in links if not link.startswith(base)]
    assert not off_base, off_base
    for text in forbidden:
        assert text not in message.subject, text
        assert text not in message.body, text


def sent_to(outbox, user) -> list:
    return [message for message in outbox if message.to == [user.email]]
