"""A local fake social platform for the demo (``manage.py syndication_fake_server``): the
Mastodon statuses and media API (honouring Idempotency-Key) and a signed-webhook
receiver. Everything stays in memory and on 127.0.0.1; nothing reaches a real network.
Posts are listed at ``/`` so the demo's remote links lead somewhere."""

from __future__ import annotations

import json
import threading
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from syndication.adapters.webhook import signature

DEMO_TOKEN = "demo-token-not-secret"  # noqa: S105 (public token of the local fake only)


class FakePlatform:
    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = DEMO_TOKEN,
        public_url: str = "",
    ):
        self.token, self.public_url = token, public_url
        self.statuses: dict[str, dict] = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, port), self._handler())
        self.thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakePlatform:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _create(self, key: str, text: str) -> dict:
        with self.lock:
            if key not in self.statuses:
                status_id = str(1000 + len(self.statuses))
                url = f"{self.public_url or self.base_url}/@demo/{status_id}"
                self.statuses[key] = {"id": status_id, "url": url, "content": text}
            return self.statuses[key]

    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                return

            def _send(self, status: int, payload: dict | str, content_type="application/json"):
                body = payload if isinstance(payload, str) else json.dumps(payload)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.end_headers()
                self.wfile.write(body.encode())

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_GET(self):
                items = "".join(
                    f'<li id="{s["id"]}">{escape(s["content"])}</li>'
                    for s in platform.statuses.values()
                )
                self._send(200, f"<h1>Fake platform (demo)</h1><ol>{items}</ol>", "text/html")

            def do_POST(self):
                body = self._body()
                if self.path == "/webhook":
                    return self._webhook(body)
                if self.headers.get("Authorization") != f"Bearer {platform.token}":
                    return self._send(401, {"error": "The access token is invalid"})
                if self.path == "/api/v2/media":
                    return self._send(200, {"id": "1", "type": "image", "url": "/media/1"})
                if self.path != "/api/v1/statuses":
                    return self._send(404, {"error": "Record not found"})
                key = self.headers.get("Idempotency-Key") or ""
                text = json.loads(body or b"{}").get("status", "")
                if not key or not text:
                    return self._send(422, {"error": "Validation failed: Text can't be blank"})
                return self._send(200, platform._create(key, text))

            def do_DELETE(self):
                if self.headers.get("Authorization") != f"Bearer {platform.token}":
                    return self._send(401, {"error": "The access token is invalid"})
                status_id = self.path.rsplit("/", 1)[-1]
                with platform.lock:
                    for key, status in list(platform.statuses.items()):
                        if status["id"] == status_id:
                            del platform.statuses[key]
                            return self._send(200, status)
                return self._send(404, {"error": "Record not found"})

            def _webhook(self, body: bytes):
                timestamp = self.headers.get("X-Portal-Timestamp", "")
                expected = signature(platform.token, timestamp, body)
                if self.headers.get("X-Portal-Signature") != expected:
                    return self._send(401, {"error": "bad signature"})
                payload = json.loads(body)
                if payload.get("event") != "post.publish":
                    return self._send(200, {"ok": True})
                status = platform._create(payload["id"], payload.get("text", ""))
                return self._send(200, {"id": status["id"], "url": status["url"]})

        return Handler
