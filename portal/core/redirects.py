"""The one way to follow a redirect target taken from input (``next``, return URLs)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_next(request: HttpRequest, candidate: str | None) -> bool:
    return safe_next(request, candidate, "") != ""


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    """``candidate`` if it is a path on this site, else ``default``.

    Only a plain absolute path is accepted: it starts with one "/", has no scheme, host,
    backslash, whitespace, control or non-ASCII character (browsers drop tabs and newlines
    and read "\\" as "/", so "/\\evil.test" or "/\\t/evil.test" would leave the site), and
    its path still starts with one "/" once decoded (a later step that unquotes
    "/%2F/evil.test" must not find "//evil.test")."""
    if not candidate or not _is_local_path(candidate):
        return default
    decoded = unquote(urlsplit(candidate).path)
    if decoded.startswith("//") or "\\" in decoded:
        return default
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    return candidate


def _is_local_path(candidate: str) -> bool:
    if not candidate.startswith("/") or candidate.startswith("//"):
        return False
    if "\\" in candidate or not all(0x21 <= ord(char) <= 0x7E for char in candidate):
        return False  # backslash, space, control or non-ASCII (look-alike slashes, dots)
    parts = urlsplit(candidate)
    return not parts.scheme and not parts.netloc
