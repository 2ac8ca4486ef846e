"""LinkedIn: the versioned Posts API, ``POST /rest/posts`` with ``LinkedIn-Version`` and
``X-Restli-Protocol-Version: 2.0.0``; the page link is an article card. No idempotency
key: an attempt whose outcome is unknown waits for reconciliation."""

from __future__ import annotations

import re
from urllib.parse import quote

from syndication import app_settings
from syndication.adapters.base import Adapter, DuplicateError, Outgoing, Published
from syndication.models import Platform

# Characters LinkedIn's "little text" format reserves; unescaped they break the post.
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def escape_commentary(text: str) -> str:
    return _RESERVED.sub(r"\\\1", text)


class LinkedInAdapter(Adapter):
    platform = Platform.LINKEDIN
    sends_image = False

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.secret}",
            "LinkedIn-Version": app_settings.linkedin_version(),
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def publish(self, outgoing: Outgoing) -> Published:
        body = {
            "author": self.channel.account_id,
            "commentary": escape_commentary(outgoing.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "content": {
                "article": {
                    "source": outgoing.link,
                    "title": outgoing.title,
                    "description": outgoing.description,
                }
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        response = self.request(
            "POST", f"{self.base_url}/rest/posts", json=body, headers=self._headers()
        )
        urn = response.headers.get("x-restli-id", "")
        return Published(remote_id=urn, remote_url=f"https://www.linkedin.com/feed/update/{urn}/")

    def raise_for_status(self, response) -> None:
        if response.status_code == 422 and "duplicate" in response.text.lower():
            raise DuplicateError("LinkedIn refused a duplicate post.", status=422)
        super().raise_for_status(response)

    def delete(self, remote_id: str) -> None:
        self.request(
            "DELETE",
            f"{self.base_url}/rest/posts/{quote(remote_id, safe='')}",
            headers=self._headers(),
        )
