"""Local stand-ins for the platforms (on pytest-httpserver). Each checks method, path,
headers, authentication and body as the platform documents them, answers a mismatch
with 418 and the reason (so the test fails saying why), and counts remote posts."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field

from werkzeug import Request, Response

TOKEN = "test-token-123"


def _json(payload: dict, status: int = 200, headers: dict | None = None) -> Response:
    return Response(
        json.dumps(payload), status=status, headers=headers, mimetype="application/json"
    )


def _bad(reason: str) -> Response:
    return Response(f"fake server: {reason}", status=418)


@dataclass
class Fault:
    """Answers to give instead of the normal one, in order (status, headers, body)."""

    queue: list[tuple[int, dict, dict]] = field(default_factory=list)

    def next(self) -> Response | None:
        if not self.queue:
            return None
        status, headers, body = self.queue.pop(0)
        return _json(body, status, headers)


class FakeMastodon:
    """``POST /api/v1/statuses`` honouring ``Idempotency-Key``; ``POST /api/v2/media``."""

    def __init__(self, httpserver, token: str = TOKEN):
        self.token, self.statuses, self.media, self.faults = token, {}, [], Fault()
        self.requests: list[Request] = []
        httpserver.expect_request("/api/v1/statuses", method="POST").respond_with_handler(
            self._status
        )
        httpserver.expect_request("/api/v2/media", method="POST").respond_with_handler(self._media)
        httpserver.expect_request(
            re.compile(r"^/api/v1/statuses/\d+$"), method="DELETE"
        ).respond_with_handler(self._delete)

    @property
    def posts(self) -> int:
        return len(self.statuses)

    def _auth_ok(self, request: Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    def _status(self, request: Request) -> Response:
        self.requests.append(request)
        if not self._auth_ok(request):
            return _json({"error": "The access token is invalid"}, 401)
        fault = self.faults.next()
        if fault is not None:
            return fault
        key = request.headers.get("Idempotency-Key")
        body = request.get_json(silent=True) or {}
        if not key or not body.get("status") or body.get("visibility") != "public":
            return _bad("status, visibility=public and Idempotency-Key are required")
        if key not in self.statuses:
            status_id = str(100 + len(self.statuses))
            self.statuses[key] = {
                "id": status_id,
                "url": f"https://social.example/@clinic/{status_id}",
                "content": body["status"],
                "media_ids": body.get("media_ids", []),
            }
        return _json(self.statuses[key])

    def _media(self, request: Request) -> Response:
        if not self._auth_ok(request):
            return _json({"error": "The access token is invalid"}, 401)
        upload = request.files.get("file")
        if upload is None or not request.form.get("description"):
            return _bad("multipart 'file' and 'description' (alt text) are required")
        self.media.append({"description": request.form["description"], "size": len(upload.read())})
        media_id = str(900 + len(self.media))
        return _json({"id": media_id, "type": "image", "url": f"https://files.example/{media_id}"})

    def _delete(self, request: Request) -> Response:
        if not self._auth_ok(request):
            return _json({"error": "The access token is invalid"}, 401)
        status_id = request.path.rsplit("/", 1)[-1]
        for key, status in list(self.statuses.items()):
            if status["id"] == status_id:
                del self.statuses[key]
                return _json(status)
        return _json({"error": "Record not found"}, 404)


class FakeBluesky:
    """createSession, getRecord, createRecord (record key required: a second record with
    the same key is refused, as a PDS does) and deleteRecord."""

    DID, HANDLE, JWT = "did:plc:clinicexample", "clinic.example", "access-jwt-1"

    def __init__(self, httpserver, identifier: str, password: str = TOKEN):
        self.identifier, self.password = identifier, password
        self.records: dict[str, dict] = {}
        self.faults = Fault()
        self.misses = 0  # getRecord answers "not found" this many more times
        xrpc = "/xrpc/com.atproto."
        httpserver.expect_request(
            f"{xrpc}server.createSession", method="POST"
        ).respond_with_handler(self._session)
        httpserver.expect_request(f"{xrpc}repo.getRecord", method="GET").respond_with_handler(
            self._get
        )
        httpserver.expect_request(f"{xrpc}repo.createRecord", method="POST").respond_with_handler(
            self._create
        )
        httpserver.expect_request(f"{xrpc}repo.deleteRecord", method="POST").respond_with_handler(
            self._delete
        )

    @property
    def posts(self) -> int:
        return len(self.records)

    def _session(self, request: Request) -> Response:
        body = request.get_json(silent=True) or {}
        if body != {"identifier": self.identifier, "password": self.password}:
            return _json({"error": "AuthenticationRequired", "message": "Invalid password"}, 401)
        return _json(
            {"accessJwt": self.JWT, "refreshJwt": "r", "did": self.DID, "handle": self.HANDLE}
        )

    def _authorised(self, request: Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.JWT}"

    def _uri(self, rkey: str) -> str:
        return f"at://{self.DID}/app.bsky.feed.post/{rkey}"

    def _get(self, request: Request) -> Response:
        args = request.args
        if args.get("repo") != self.DID or args.get("collection") != "app.bsky.feed.post":
            return _bad("repo and collection are required")
        record = self.records.get(args.get("rkey", ""))
        if self.misses:
            self.misses, record = self.misses - 1, None
        if record is None:
            return _json({"error": "RecordNotFound", "message": "Could not locate record"}, 400)
        return _json({"uri": self._uri(args["rkey"]), "cid": "bafy", "value": record})

    def _create(self, request: Request) -> Response:
        if not self._authorised(request):
            return _json({"error": "AuthenticationRequired"}, 401)
        fault = self.faults.next()
        if fault is not None:
            return fault
        body = request.get_json(silent=True) or {}
        problem = self._invalid(body)
        if problem:
            return _bad(problem)
        rkey = body["rkey"]
        if rkey in self.records:
            return _json({"error": "InvalidRequest", "message": "Record already exists"}, 400)
        self.records[rkey] = body["record"]
        return _json({"uri": self._uri(rkey), "cid": "bafy"})

    def _invalid(self, body: dict) -> str:
        record = body.get("record", {})
        if body.get("repo") != self.DID or body.get("collection") != "app.bsky.feed.post":
            return "repo and collection"
        if not re.fullmatch(r"[2-7a-z]{13}", body.get("rkey", "")):
            return "rkey must be a TID"
        if record.get("$type") != "app.bsky.feed.post" or not record.get("createdAt"):
            return "record $type and createdAt"
        text = record.get("text", "").encode()
        for facet in record.get("facets", []):
            start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
            if text[start:end].decode() != facet["features"][0]["uri"]:
                return "facet byte offsets do not cover the link"
        return ""

    def _delete(self, request: Request) -> Response:
        if not self._authorised(request):
            return _json({"error": "AuthenticationRequired"}, 401)
        self.records.pop((request.get_json() or {}).get("rkey"), None)
        return _json({})


class CountingEndpoint:
    """A non-idempotent platform endpoint: every accepted request is one more post."""

    def __init__(self, httpserver, path: str, *, check, answer, method: str = "POST"):
        self.created: list[dict] = []
        self.check, self.answer, self.faults = check, answer, Fault()
        httpserver.expect_request(path, method=method).respond_with_handler(self._handle)

    @property
    def posts(self) -> int:
        return len(self.created)

    def _handle(self, request: Request) -> Response:
        problem = self.check(request)
        if problem:
            return problem if isinstance(problem, Response) else _bad(problem)
        fault = self.faults.next()
        if fault is not None:
            return fault
        self.created.append({"body": request.get_data(as_text=True)})
        return self.answer(len(self.created))


def webhook_signature_ok(request: Request, secret: str = TOKEN) -> bool:
    timestamp = request.headers.get("X-Portal-Timestamp", "")
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + request.get_data(), hashlib.sha256
    )
    given = request.headers.get("X-Portal-Signature", "")
    return hmac.compare_digest(given, "sha256=" + expected.hexdigest())
