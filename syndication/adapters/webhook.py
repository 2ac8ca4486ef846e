"""Generic webhook: JSON POSTed to the channel's URL, signed with HMAC-SHA256 over
``timestamp.body`` (header ``X-Portal-Signature: sha256=<hex>``). The receiver may
de-duplicate on ``X-Portal-Delivery``, but we cannot know it does: not idempotent."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from syndication.adapters.base import Adapter, Outgoing, Published
from syndication.models import Platform


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class WebhookAdapter(Adapter):
    platform = Platform.WEBHOOK
    sends_image = False

    def _send(self, payload: dict, delivery_key: str):
        body = json.dumps(payload, sort_keys=True).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Portal-Timestamp": timestamp,
            "X-Portal-Delivery": delivery_key,
            "X-Portal-Signature": signature(self.secret, timestamp, body),
        }
        return self.request("POST", self.base_url, data=body, headers=headers)

    def publish(self, outgoing: Outgoing) -> Published:
        payload = {
            "event": "post.publish",
            "id": outgoing.idempotency_key,
            "text": outgoing.text,
            "link": outgoing.link,
            "title": outgoing.title,
            "image_alt": outgoing.image.alt if outgoing.image else "",
        }
        response = self._send(payload, outgoing.idempotency_key)
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        return Published(
            remote_id=str(answer.get("id") or outgoing.idempotency_key),
            remote_url=str(answer.get("url") or ""),
        )

    def delete(self, remote_id: str) -> None:
        self._send({"event": "post.delete", "id": remote_id}, f"delete-{remote_id}")
