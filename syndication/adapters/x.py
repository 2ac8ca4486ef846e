"""X: API v2 ``POST /2/tweets`` with an OAuth 2.0 user access token (Bearer). X has no
idempotency key: an attempt whose outcome is unknown waits for reconciliation."""

from __future__ import annotations

from syndication.adapters.base import Adapter, DuplicateError, Outgoing, Published
from syndication.models import Platform


class XAdapter(Adapter):
    platform = Platform.X

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}

    def publish(self, outgoing: Outgoing) -> Published:
        body: dict = {"text": outgoing.text}
        if outgoing.image is not None:
            body["media"] = {"media_ids": [self._upload(outgoing)]}
        response = self.request(
            "POST", f"{self.base_url}/2/tweets", json=body, headers=self._auth()
        )
        tweet_id = str(response.json()["data"]["id"])
        handle = self.channel.account_name.lstrip("@") or "i"
        return Published(remote_id=tweet_id, remote_url=f"https://x.com/{handle}/status/{tweet_id}")

    def _upload(self, outgoing: Outgoing) -> str:
        image = outgoing.image
        response = self.request(
            "POST",
            f"{self.base_url}/2/media/upload",
            files={"media": (image.filename, image.data, image.content_type)},
            data={"media_category": "tweet_image"},
            headers=self._auth(),
        )
        media_id = str(response.json()["data"]["id"])
        self.request(
            "POST",
            f"{self.base_url}/2/media/metadata",
            json={"id": media_id, "metadata": {"alt_text": {"text": image.alt[:1000]}}},
            headers=self._auth(),
        )
        return media_id

    def raise_for_status(self, response) -> None:
        if response.status_code == 403 and "duplicate" in response.text.lower():
            raise DuplicateError("X refused a duplicate post.", status=403)
        super().raise_for_status(response)

    def delete(self, remote_id: str) -> None:
        self.request("DELETE", f"{self.base_url}/2/tweets/{remote_id}", headers=self._auth())
