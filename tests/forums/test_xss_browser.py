"""No script runs in Chromium for a corpus of at least 50 XSS payloads posted and then
viewed as post and as preview; pathological inputs give a form error or a render in under
200 ms, never a 500."""

from __future__ import annotations

import math
import re
import statistics
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from machina.apps.forum_conversation.models import Post
from machina.conf import settings as machina_settings
from playwright.sync_api import expect

from forums.models import MemberProfile
from forums.rendering import TOO_MUCH_MARKUP_MESSAGE, render_member_text
from portal.accounts.roles import Role
from tests.browser_helpers import log_in, reset_rate_limits
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.forums.browser_steps import (
    assert_no_script_ran,
    assert_not_a_server_error,
    install_tripwire,
    message_box,
    reply_url,
    server_milliseconds,
    submit_reply_form,
    topic_url,
)
from tests.forums.conftest import join, make_group, make_topic
from tests.forums.test_safe_rendering import XSS_PAYLOADS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The nastiest payloads, sent through machina's real reply form (the whole corpus is also
# previewed through it, and stored as posts).
FORM_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    '![x" onerror="alert(1)](https://example.org/a.png)',
    '[x](https://example.org/" onmouseover="alert(1))',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
]
RENDER_BUDGET_MS = 200
# Allowance on the browser-side measurement for loopback latency and request upload only;
# the render itself is held to RENDER_BUDGET_MS in process.
NETWORK_MARGIN_MS = 150

PATHOLOGICAL = {
    "100k characters": "a" * 100_000,
    "backtick run": "`" * 19_000,
    "bracket run": "[" * 19_000,
    "deep quotes": ">" * 19_000,
    "deep nested quotes": "\n".join("> " * depth + "quote" for depth in range(1, 40)),
    "deep lists": "\n".join("  " * level + "- item" for level in range(40)),
    "list markers on one line": "- " * 9_000 + "x",
    "nested links": "[" * 3_000 + "x" + "](y)" * 3_000,
    "emphasis run": "*a" * 9_000,
}
# What each is expected to give: a form error with this message, or a rendered post.
EXPECTED_ERROR = {
    "100k characters": "Posts can be at most 20,000 characters (this one has 100,000).",
    "deep quotes": "Quotes and lists can be nested at most 8 levels deep.",
    "deep nested quotes": "Quotes and lists can be nested at most 8 levels deep.",
    "deep lists": "Quotes and lists can be nested at most 8 levels deep.",
    "list markers on one line": "Quotes and lists can be nested at most 8 levels deep.",
    "bracket run": TOO_MUCH_MARKUP_MESSAGE,
    "nested links": TOO_MUCH_MARKUP_MESSAGE,
    "emphasis run": TOO_MUCH_MARKUP_MESSAGE,
    "image-link opener run": TOO_MUCH_MARKUP_MESSAGE,
}


@pytest.fixture
def world(home):
    """A public group; a trusted member (joined two days ago, three approved posts, so no
    new-member hold, link limit or daily quota applies); a topic for replies."""
    group = make_group("Open circle")
    member = UserFactory(roles=[Role.PATIENT])
    join(member, group)
    MemberProfile.objects.filter(user=member).update(
        display_name="Steady Heron", created_at=timezone.now() - timedelta(days=2)
    )
    warm_up = make_topic(group, poster=member, subject="Introductions", text="Hello")
    for index in range(2):
        Post.objects.create(
            topic=warm_up, poster=member, subject="Re", content=f"More {index}", approved=True
        )
    replies = make_topic(group, poster=member, subject="Replies here", text="Go ahead")
    return {"group": group, "member": member, "replies": replies}


def _sign_in(page, member) -> None:
    install_tripwire(page)
    reset_rate_limits()
    log_in(page, email=member.email, password=DEFAULT_PASSWORD)
    assert_no_script_ran(page, "after signing in")


def _open_reply_form(page, topic) -> None:
    response = page.goto(reply_url(topic))
    assert_not_a_server_error(page, response, "reply form")
    expect(message_box(page)).to_be_visible()
    assert_no_script_ran(page, "reply form")


def test_stored_corpus_runs_no_script_on_any_topic_page(page, world):
    """Every payload stored as a post (via machina's models, rendered on save) is viewed on
    the topic's pages, all of them, by a signed-in member: no script runs."""
    assert len(set(XSS_PAYLOADS)) >= 50
    assert set(FORM_PAYLOADS) <= set(XSS_PAYLOADS)
    member = world["member"]
    topic = make_topic(world["group"], poster=member, subject="Corpus", text="Corpus follows")
    for payload in XSS_PAYLOADS:
        Post.objects.create(
            topic=topic,
            poster=member,
            subject=payload[:255],
            content=payload,
            approved=True,
        )
    total = 1 + len(XSS_PAYLOADS)
    per_page = machina_settings.TOPIC_POSTS_NUMBER_PER_PAGE
    pages = math.ceil(total / per_page)
    assert pages > 1

    _sign_in(page, member)
    seen = 0
    for number in range(1, pages + 1):
        response = page.goto(f"{topic_url(topic)}?page={number}")
        assert_not_a_server_error(page, response, f"topic page {number}")
        posts = page.locator("li.post")
        expect(posts.first).to_be_visible()
        seen += posts.count()
        assert_no_script_ran(page, f"topic page {number}")
    assert seen == total, f"saw {seen} of {total} posts over {pages} pages"

    # The reply form shows the latest posts again (its "topic review"): no script there.
    _open_reply_form(page, topic)


@pytest.fixture(autouse=True)
def _previews_not_rate_limited(settings):
    """This file previews the whole corpus in a minute: lift the members' preview limit
    (its own tests are in tests/moderation/test_preview_limits.py)."""
    settings.PORTAL_GROUPS_PREVIEWS_PER_MINUTE = 10_000


def test_corpus_previewed_and_posted_through_the_reply_form_runs_no_script(page, world):
    """Every payload is previewed with the form's Preview button; the nastiest are also
    submitted and then viewed on the topic page. The preview shows; no script runs."""
    topic = world["replies"]
    _sign_in(page, world["member"])
    _open_reply_form(page, topic)

    for index, payload in enumerate(XSS_PAYLOADS):
        what = f"preview of payload {index} {payload!r}"
        message_box(page).fill(payload)
        response = submit_reply_form(page, "Preview")
        assert_not_a_server_error(page, response, what)
        assert response.status == 200, what
        preview = page.locator(".post-preview")
        expect(preview).to_be_visible()
        expect(preview.get_by_role("heading", name=re.compile(r"^Preview:"))).to_be_visible()
        expect(message_box(page)).to_have_value(payload)
        assert_no_script_ran(page, what)

    for payload in FORM_PAYLOADS:
        what = f"posted payload {payload!r}"
        _open_reply_form(page, topic)
        message_box(page).fill(payload)
        response = submit_reply_form(page, "Submit")
        assert response.status == 302, f"{what}: HTTP {response.status}"
        post = Post.objects.filter(topic=topic).latest("pk")
        assert post.approved, what
        assert str(post.content) == payload
        expect(page).to_have_url(re.compile(rf"\?post={post.pk}#{post.pk}$"))
        expect(page.locator(f"[id='{post.pk}'].post .post-body")).to_be_attached()
        assert_no_script_ran(page, what)

    # All of them at once, as the topic shows them.
    page.goto(topic_url(topic))
    assert_no_script_ran(page, "topic with the posted payloads")


def _in_process_render_ms(text: str) -> float:
    """render_member_text's time, best of three (the machine may be busy with other work)."""
    best = math.inf
    for _ in range(3):
        started = time.perf_counter()
        render_member_text(text)
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def _preview(page, topic, text: str, what: str):
    _open_reply_form(page, topic)
    message_box(page).fill(text)
    response = submit_reply_form(page, "Preview")
    assert_not_a_server_error(page, response, what)
    assert response.status == 200, f"{what}: HTTP {response.status}"
    assert_no_script_ran(page, f"preview of {what}")
    expect(message_box(page)).to_have_value(text)
    return response


def _baseline_server_ms(page, topic) -> float:
    """The same preview request with a short text: the page's fixed cost (session, queries,
    template), after a warm-up."""
    timings = [
        server_milliseconds(_preview(page, topic, "A short, ordinary reply.", "baseline"))
        for _ in range(4)
    ]
    return statistics.median(timings[1:])


def _check_pathological(page, topic, name: str, text: str, baseline: float) -> list[str]:
    """Refused with its message and the text kept (on Preview and on Submit), or previewed
    and posted, rendering within budget in process and as the browser measures it (best of
    up to three requests, to see past a busy machine). Returns the budget failures."""
    failures = []
    response = _preview(page, topic, text, name)
    if name in EXPECTED_ERROR:
        error = page.locator("#id_content-errors")  # tied to the field by aria-describedby
        expect(error).to_have_text(EXPECTED_ERROR[name])
        expect(page.locator(".post-preview")).to_have_count(0)
        response = submit_reply_form(page, "Submit")
        assert_not_a_server_error(page, response, name)
        assert response.status == 200, f"{name}: submit gave HTTP {response.status}"
        expect(error).to_have_text(EXPECTED_ERROR[name])
        expect(message_box(page)).to_have_value(text)
        assert not Post.objects.filter(content=text).exists(), name
        return failures

    render_ms = _in_process_render_ms(text)
    if render_ms >= RENDER_BUDGET_MS:
        failures.append(f"{name}: render_member_text took {render_ms:.0f} ms in process")
    expect(page.locator(".post-preview")).to_be_visible()
    allowed = baseline + RENDER_BUDGET_MS + NETWORK_MARGIN_MS
    preview_ms = server_milliseconds(response)
    for _ in range(2):
        if preview_ms < allowed:
            break
        preview_ms = min(preview_ms, server_milliseconds(submit_reply_form(page, "Preview")))
    if preview_ms >= allowed:
        failures.append(
            f"{name}: the preview was answered in {preview_ms:.0f} ms "
            f"(baseline {baseline:.0f} ms, allowed {allowed:.0f} ms)"
        )

    response = submit_reply_form(page, "Submit")
    assert response.status == 302, f"{name}: submit gave HTTP {response.status}"
    post = Post.objects.filter(topic=topic).latest("pk")
    assert str(post.content) == text, name
    expect(page).to_have_url(re.compile(rf"\?post={post.pk}#{post.pk}$"))
    expect(page.locator(f"[id='{post.pk}'].post .post-body")).to_be_attached()
    assert_no_script_ran(page, f"posted {name}")
    return failures


def test_pathological_inputs_give_a_form_error_or_a_fast_render_never_a_500(page, world):
    """Through the real reply form: each input is refused with its message and the typed
    text kept, or is previewed and posted, rendering in under 200 ms."""
    topic = world["replies"]
    _sign_in(page, world["member"])
    baseline = _baseline_server_ms(page, topic)
    failures = []
    for name, text in PATHOLOGICAL.items():
        failures += _check_pathological(page, topic, name, text, baseline)
    assert not failures, "\n".join(failures)


def test_a_run_of_image_link_openers_is_refused_or_renders_within_budget(page, world):
    """ "![" repeated to just under the length limit (it once took ~250 ms to render): a form
    error now, with the text kept."""
    topic = world["replies"]
    _sign_in(page, world["member"])
    baseline = _baseline_server_ms(page, topic)
    failures = _check_pathological(page, topic, "image-link opener run", "![" * 9_999, baseline)
    assert not failures, "\n".join(failures)
