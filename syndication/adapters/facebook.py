"""Facebook Page: Graph API ``POST /{page-id}/feed`` with a Page access token. No
idempotency key: an attempt whose outcome is unknown waits for reconciliation."""

from __future__ import annotations

from syndication.adapters.base import (
    Adapter,
    DuplicateError,
    Outgoing,
    PermanentError,
    Published,
    TransientError,
)
from syndication.models import Platform

# Graph API error codes: throttling (retry later), expired or invalid token, duplicate.
THROTTLED = {4, 17, 32, 613}
AUTH = {102, 190}
DUPLICATE = 506


class FacebookAdapter(Adapter):
    platform = Platform.FACEBOOK
    sends_image = False

    def publish(self, outgoing: Outgoing) -> Published:
        response = self.request(
            "POST",
            f"{self.base_url}/{self.channel.account_id}/feed",
            data={"message": outgoing.text, "link": outgoing.link, "access_token": self.secret},
        )
        post_id = str(response.json()["id"])
        return Published(remote_id=post_id, remote_url=f"https://www.facebook.com/{post_id}")

    def raise_for_status(self, response) -> None:
        try:
            error = response.json().get("error", {})
        except ValueError:
            error = {}
        code, message = error.get("code"), error.get("message", "")
        if code == DUPLICATE:
            raise DuplicateError(f"Facebook refused a duplicate post: {message}", status=400)
        if code in THROTTLED:
            raise TransientError(f"Facebook throttled: {message}", status=response.status_code)
        if code in AUTH:
            raise PermanentError(f"Not authorised: {message}", status=response.status_code)
        super().raise_for_status(response)

    def delete(self, remote_id: str) -> None:
        self.request("DELETE", f"{self.base_url}/{remote_id}", params={"access_token": self.secret})
