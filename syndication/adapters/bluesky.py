"""Bluesky (AT Protocol): ``com.atproto.server.createSession`` with an app password, then
``com.atproto.repo.createRecord`` with a record key derived from the delivery, so a
retry finds (``getRecord``) or creates the one record and never a second one."""

from __future__ import annotations

import re

from django.utils import timezone

from syndication.adapters.base import Adapter, Outgoing, PermanentError, Published
from syndication.models import Platform
from syndication.text import URL_RE

COLLECTION = "app.bsky.feed.post"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def deterministic_tid(*, micros: int, clock_id: int) -> str:
    """A record key in the TID format (53-bit microsecond timestamp, 10-bit clock id,
    base32-sortable), the same for every attempt of one delivery."""
    value = ((micros & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def link_facets(text: str) -> list[dict]:
    """Rich-text link facets; offsets are UTF-8 byte offsets, as the protocol requires."""
    facets = []
    for match in URL_RE.finditer(text):
        start = len(text[: match.start()].encode())
        end = start + len(match.group().encode())
        facets.append(
            {
                "index": {"byteStart": start, "byteEnd": end},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": match.group()}],
            }
        )
    return facets


class BlueskyAdapter(Adapter):
    platform = Platform.BLUESKY
    idempotent = True

    def _session(self) -> dict:
        response = self.request(
            "POST",
            f"{self.base_url}/xrpc/com.atproto.server.createSession",
            json={"identifier": self.channel.account_id, "password": self.secret},
        )
        return response.json()

    def publish(self, outgoing: Outgoing) -> Published:
        session = self._session()
        auth = {"Authorization": f"Bearer {session['accessJwt']}"}
        did, rkey = session["did"], outgoing.record_key
        existing = self._existing(did, rkey, auth)
        if existing is not None:
            return self._published(session, existing)
        record = {
            "$type": COLLECTION,
            "text": outgoing.text,
            "createdAt": timezone.now().isoformat().replace("+00:00", "Z"),
            "langs": ["en"],
            "facets": link_facets(outgoing.text),
            "embed": self._embed(outgoing, auth),
        }
        body = {"repo": did, "collection": COLLECTION, "rkey": rkey, "record": record}
        try:
            response = self.request(
                "POST",
                f"{self.base_url}/xrpc/com.atproto.repo.createRecord",
                json=body,
                headers=auth,
            )
        except PermanentError as error:
            found = self._existing(did, rkey, auth) if error.status in (400, 409) else None
            if found is None:
                raise
            return self._published(session, found)
        return self._published(session, response.json()["uri"])

    def _existing(self, did: str, rkey: str, auth: dict) -> str | None:
        """The record's URI if a previous attempt created it."""
        try:
            response = self.request(
                "GET",
                f"{self.base_url}/xrpc/com.atproto.repo.getRecord",
                params={"repo": did, "collection": COLLECTION, "rkey": rkey},
                headers=auth,
            )
        except PermanentError as error:
            if error.status in (400, 404) and re.search("not ?found", error.detail, re.I):
                return None
            raise
        return response.json()["uri"]

    def _embed(self, outgoing: Outgoing, auth: dict) -> dict:
        if outgoing.image is not None:
            blob = self._upload(outgoing, auth)
            return {
                "$type": "app.bsky.embed.images",
                "images": [{"image": blob, "alt": outgoing.image.alt}],
            }
        external = {
            "uri": outgoing.link,
            "title": outgoing.title,
            "description": outgoing.description,
        }
        return {"$type": "app.bsky.embed.external", "external": external}

    def _upload(self, outgoing: Outgoing, auth: dict) -> dict:
        image = outgoing.image
        response = self.request(
            "POST",
            f"{self.base_url}/xrpc/com.atproto.repo.uploadBlob",
            data=image.data,
            headers={**auth, "Content-Type": image.content_type},
        )
        return response.json()["blob"]

    def _published(self, session: dict, uri: str) -> Published:
        rkey = uri.rsplit("/", 1)[-1]
        handle = session.get("handle") or session["did"]
        return Published(remote_id=uri, remote_url=f"https://bsky.app/profile/{handle}/post/{rkey}")

    def delete(self, remote_id: str) -> None:
        session = self._session()
        rkey = remote_id.rsplit("/", 1)[-1]
        self.request(
            "POST",
            f"{self.base_url}/xrpc/com.atproto.repo.deleteRecord",
            json={"repo": session["did"], "collection": COLLECTION, "rkey": rkey},
            headers={"Authorization": f"Bearer {session['accessJwt']}"},
        )
