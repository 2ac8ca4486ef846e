"""The adapter contract: one class per platform, each a small HTTP client of the
platform's documented API. Adapters raise these errors; the delivery engine decides
what they mean for the delivery (retry, stop, or reconcile)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import requests
from django.utils import timezone

from syndication import app_settings

USER_AGENT = "PatientPortalSyndication/1.0"


@dataclass(frozen=True)
class Image:
    data: bytes
    filename: str
    content_type: str
    alt: str


@dataclass(frozen=True)
class Outgoing:
    """Everything needed to post once. ``idempotency_key`` and ``record_key`` are the same
    on every attempt for one delivery."""

    text: str  # the status as posted (link included where the platform shows it in text)
    body: str  # the text without the link
    link: str
    title: str
    description: str
    idempotency_key: str
    record_key: str
    image: Image | None = None


@dataclass(frozen=True)
class Published:
    remote_id: str
    remote_url: str


class AdapterError(Exception):
    def __init__(self, detail: str, *, status: int | None = None):
        super().__init__(detail)
        self.detail = detail[:900]
        self.status = status


class TransientError(AdapterError):
    """Worth retrying later (timeouts before sending, 5xx, 429)."""

    def __init__(self, detail: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(detail, status=status)
        self.retry_after = retry_after


class AmbiguousError(TransientError):
    """The request may have reached the platform (e.g. no answer in time): only an
    idempotent platform may simply retry."""


class PermanentError(AdapterError):
    """Retrying cannot help (401, 403, other 4xx, missing credentials)."""


class DuplicateError(PermanentError):
    """The platform says this post already exists."""


class Adapter:
    platform: str = ""
    #: Retrying with the same keys can never create a second post.
    idempotent: bool = False
    #: The platform lets us delete a post through its API.
    supports_delete: bool = True
    #: The image is attached (otherwise the platform shows the page's link card only).
    sends_image: bool = True

    def __init__(self, channel, *, session: requests.Session | None = None):
        self.channel = channel
        self.base_url = channel.base_url.rstrip("/")
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT

    @property
    def secret(self) -> str:
        value = os.environ.get(self.channel.credentials_env_var, "")
        if not value and self.channel.is_demo:
            from syndication.fake_platform import DEMO_TOKEN

            return DEMO_TOKEN  # demo channels only ever talk to the local fake platform
        if not value:
            raise PermanentError(
                f"Credentials missing: set the environment variable "
                f"{self.channel.credentials_env_var}."
            )
        return value

    def publish(self, outgoing: Outgoing) -> Published:
        raise NotImplementedError

    def delete(self, remote_id: str) -> None:
        raise PermanentError(f"{self.platform} posts cannot be deleted through the API.")

    # --- HTTP --------------------------------------------------------------------------

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        """One HTTP request; network trouble and error statuses become adapter errors."""
        timeout = app_settings.http_timeout()
        try:
            response = self.session.request(method, url, timeout=(5, timeout), **kwargs)
        except (requests.ConnectTimeout, requests.ConnectionError) as error:
            if isinstance(error, requests.ConnectTimeout) or _not_sent(error):
                raise TransientError(f"Could not connect: {error}") from error
            raise AmbiguousError(f"Connection lost: {error}") from error
        except requests.Timeout as error:
            raise AmbiguousError(f"No answer within {timeout} s.") from error
        if response.status_code >= 400:
            self.raise_for_status(response)
        return response

    def raise_for_status(self, response: requests.Response) -> None:
        status, detail = response.status_code, self.error_detail(response)
        if status == 429:
            raise TransientError(
                f"Rate limited: {detail}",
                status=status,
                retry_after=retry_after_seconds(response.headers.get("Retry-After")),
            )
        if status >= 500:
            raise TransientError(f"Server error {status}: {detail}", status=status)
        if status in (401, 403):
            raise PermanentError(f"Not authorised ({status}): {detail}", status=status)
        raise PermanentError(f"Refused ({status}): {detail}", status=status)

    def error_detail(self, response: requests.Response) -> str:
        try:
            payload = response.json()
        except ValueError:
            return response.text[:300]
        if isinstance(payload, dict):
            for key in ("error_description", "error", "message", "detail", "title"):
                value = payload.get(key)
                if isinstance(value, str) and value:
                    return value[:300]
                if isinstance(value, dict) and value.get("message"):
                    return str(value["message"])[:300]
        return str(payload)[:300]


def _not_sent(error: Exception) -> bool:
    text = str(error)
    return any(s in text for s in ("Connection refused", "Name or service", "NewConnectionError"))


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds, from either form the header takes (seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - timezone.now()).total_seconds())
