"""Mastodon: ``POST /api/v1/statuses`` with an ``Idempotency-Key`` (the server returns the
same status for a repeated key), media through ``POST /api/v2/media``."""

from __future__ import annotations

import time

from syndication.adapters.base import Adapter, Outgoing, PermanentError, Published
from syndication.models import Platform

MEDIA_POLLS = 5


class MastodonAdapter(Adapter):
    platform = Platform.MASTODON
    idempotent = True

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}

    def publish(self, outgoing: Outgoing) -> Published:
        data: dict = {"status": outgoing.text, "visibility": "public", "language": "en"}
        if outgoing.image is not None:
            data["media_ids"] = [self._upload(outgoing)]
        response = self.request(
            "POST",
            f"{self.base_url}/api/v1/statuses",
            json=data,
            headers={**self._auth(), "Idempotency-Key": outgoing.idempotency_key},
        )
        status = response.json()
        return Published(remote_id=str(status["id"]), remote_url=status.get("url") or "")

    def _upload(self, outgoing: Outgoing) -> str:
        image = outgoing.image
        response = self.request(
            "POST",
            f"{self.base_url}/api/v2/media",
            files={"file": (image.filename, image.data, image.content_type)},
            data={"description": image.alt},
            headers=self._auth(),
        )
        media = response.json()
        # 202: still processing; a status may only attach it once it has a URL.
        polls = 0
        while response.status_code == 202 and not media.get("url"):
            polls += 1
            if polls > MEDIA_POLLS:
                raise PermanentError("The image was not processed in time.")
            time.sleep(polls)
            response = self.request(
                "GET", f"{self.base_url}/api/v1/media/{media['id']}", headers=self._auth()
            )
            media = response.json()
        return str(media["id"])

    def delete(self, remote_id: str) -> None:
        self.request("DELETE", f"{self.base_url}/api/v1/statuses/{remote_id}", headers=self._auth())
