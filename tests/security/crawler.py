"""A breadth-first crawler over Django's test client, for canary tests: it follows every
on-site link it can reach (HTML ``href``/``src``, redirects, sitemap ``<loc>``, feed
``<link>``, URLs in JSON), reads every body it gets (gzip and zip archives unpacked) with its
headers, and records where each canary word appeared.

A page that echoes the visitor's own query (``/search/?q=<canary>``) would always show the
word; such a URL is also fetched with a control word of the same shape in its place, and only
more occurrences of the canary than of the control word count as a finding."""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

SITE_HOSTS = {"", "testserver", "localhost", "127.0.0.1"}
SKIP_WORDS = ("logout", "delete")  # never follow: they end the session or destroy data
SKIP_PREFIXES = ("/static/",)  # the project's own files: no member text can be there
LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>", re.IGNORECASE)
RSS_LINK = re.compile(r"<link>\s*([^<\s]+)\s*</link>", re.IGNORECASE)
TEXT_URL = re.compile(r"https?://[^\s<>\"']+")


class CrawlCapReached(AssertionError):
    pass


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        # Form actions are not crawled: forms are POSTed.
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


@dataclass
class Finding:
    viewer: str
    url: str
    canary: str
    status: int

    def __str__(self) -> str:
        return f"{self.viewer} saw {self.canary!r} at {self.url} (HTTP {self.status})"


@dataclass
class Crawl:
    viewer: str
    client: object
    canaries: dict[str, str]
    cap: int = 400
    visited: dict[str, int] = field(default_factory=dict)
    kinds_visited: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    _queue: deque = field(default_factory=deque)
    _seen: set = field(default_factory=set)

    def add(self, url: str, kind: str = "link", *, method: str = "get") -> None:
        """Queue a URL once; ``method="post"`` for the few reads that are POSTed (a data
        download), given as seeds: links found on pages are only ever fetched with GET."""
        normal = normalise(url, base="/")
        if normal is None or (normal, method) in self._seen:
            return
        self._seen.add((normal, method))
        self._queue.append((normal, kind, method))

    def run(self) -> Crawl:
        while self._queue:
            if len(self.visited) >= self.cap:
                raise CrawlCapReached(
                    f"{self.viewer}: crawl cap of {self.cap} URLs reached with "
                    f"{len(self._queue)} still queued (raise the cap)"
                )
            url, kind, method = self._queue.popleft()
            self._visit(url, kind, method)
        return self

    def found(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.canary == self.canaries[name]]

    def _visit(self, url: str, kind: str, method: str) -> None:
        response = getattr(self.client, method)(url)
        self.visited[url if method == "get" else f"{method.upper()} {url}"] = response.status_code
        self.kinds_visited[kind] = self.kinds_visited.get(kind, 0) + 1
        headers, body = read_response(response)
        text = f"{headers}\n{body}".lower()
        control_text = None
        for canary in self.canaries.values():
            hits = text.count(canary.lower())
            if hits and canary.lower() in unquote(url).lower():
                control_text = control_text if control_text is not None else self._control(url)
                hits -= control_text.count(CONTROL_WORD)
            if hits > 0:
                self.findings.append(Finding(self.viewer, url, canary, response.status_code))
        for link in links_in(response, body, url):
            self.add(link)

    def _control(self, url: str) -> str:
        """The same URL with every canary replaced by the control word: what the page shows
        of a query that matches nothing."""
        swapped = unquote(url)
        for canary in self.canaries.values():
            swapped = re.sub(re.escape(canary), CONTROL_WORD, swapped, flags=re.IGNORECASE)
        parts = urlsplit(swapped)
        swapped = urlunsplit(parts._replace(query=quote(parts.query, safe="=&")))
        headers, body = read_response(self.client.get(swapped))
        return f"{headers}\n{body}".lower()


CONTROL_WORD = "qqqcontrolwordnowhere"


def normalise(url: str, *, base: str) -> str | None:
    """An on-site path with its query, no fragment; None for anything not to crawl."""
    url = url.strip()
    if not url or url.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
        return None
    parts = urlsplit(urljoin(base, url))
    if parts.scheme not in ("", "http", "https") or parts.hostname not in SITE_HOSTS | {None}:
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PREFIXES) or any(word in path.lower() for word in SKIP_WORDS):
        return None
    # ``next`` only echoes where the visitor came from: one login page, not one per page.
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "next"])
    return path + (f"?{query}" if query else "")


def read_response(response) -> tuple[str, str]:
    """Headers and body, decoded (gzip and zip archives unpacked)."""
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"\n".join(
                name.encode() + b"\n" + archive.read(name) for name in archive.namelist()
            )
    headers = "\n".join(f"{key}: {value}" for key, value in response.items())
    return headers, body.decode("utf-8", errors="replace")


def links_in(response, body: str, url: str) -> list[str]:
    """Redirects, HTML links, sitemap and feed links, URLs in JSON or plain text."""
    links = [response["Location"]] if response.get("Location") else []
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        links += _html_links(body)
    elif "xml" in content_type:
        links += LOC.findall(body) + RSS_LINK.findall(body) + _html_links(body)
    elif "json" in content_type:
        links += [s for s in _json_strings(body) if s.startswith(("/", "http"))]
    else:
        links += TEXT_URL.findall(body)
    return [urljoin(url, link) for link in links]


def _html_links(text: str) -> list[str]:
    parser = _Links()
    parser.feed(text)
    return parser.links


def _json_strings(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return TEXT_URL.findall(text)
    found: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            found.append(item)
    return found
