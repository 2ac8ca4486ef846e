"""The crawl acceptance test of issue 13: canary words in a private group's topic title, posts
and attachment, in a members-only group, and in a held and a rejected post. A crawler acting
as an anonymous visitor, a patient, a member of another private group and a moderator whose
session skipped MFA visits every page, feed, sitemap, search, suggestion, profile,
attachment, opaque email link and media file it can reach, and finds none of them; no email
the run sent carries any. The same crawler, as a member of the private group, does find the
group's canaries (so the test cannot pass by crawling nothing)."""

from __future__ import annotations

import email
import gzip
import io
import zipfile
from email import policy
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.urls import reverse
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.models import Post, Topic

from forums.models import GroupKind, GroupSubscription
from forums.moderation.models import ItemKind, ItemStatus, ModerationItem, OnCallModerator
from forums.moderation.services import item_reject
from forums.notifications import send_daily_digests
from physicians.models import BlogIndexPage
from portal.accounts.models import User
from tests.clients import LoginClient
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.forums.conftest import join, make_group, make_topic
from tests.helpers import form_token
from tests.moderation.conftest import send, trusted_member
from tests.notifications.email_checks import email_links
from tests.security.crawler import Crawl, CrawlCapReached

pytestmark = pytest.mark.django_db

CANARIES = {
    "title": "Quokkatitlecanary",  # A: the private topic's title
    "post": "Quokkapostcanary",  # B: its first post and a reply
    "file": "Quokkafilecanary",  # C: the attachment's bytes, uploaded name and comment
    "members": "Quokkamemberscanary",  # D: a members-only group's post
    "held": "Quokkaheldcanary",  # E: a post held by screening
    "rejected": "Quokkarejectedcanary",  # F: a post a moderator rejected
}
PDF = f"%PDF-1.4\n% {CANARIES['file']}\n%%EOF\n".encode()
PHONE = "ring me on (555) 201-3344 any evening"
CRISIS = "I can't go on anymore, I just want to end it all tonight."
CAP = 400
MIN_VISITS = 120
SEED_KINDS = {
    "home",
    "groups",
    "search",
    "suggest",
    "sitemap",
    "feed",
    "profile",
    "member posts",
    "attachment",
    "topic link",
    "post link",
    "moderation",
    "media",
    "email link",
    "account",
    "data download",
}


def _topic_create(client, group, *, subject: str, content: str):
    forum = group.forum
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    response = send(client, url, content, subject=subject)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Topic.objects.get(subject=subject)


def _reply_url(topic) -> str:
    forum = topic.forum
    return reverse(
        "forum_conversation:post_create", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )


def _reply_with_file(client, topic, *, content: str):
    upload = SimpleUploadedFile(f"{CANARIES['file']}_scan.pdf", PDF, "application/pdf")
    data = {
        "subject": f"Re: {topic.subject}",
        "content": content,
        "attachment-TOTAL_FORMS": "1",
        "attachment-INITIAL_FORMS": "0",
        "attachment-MIN_NUM_FORMS": "0",
        "attachment-MAX_NUM_FORMS": "15",
        "attachment-0-file": upload,
        "attachment-0-comment": f"{CANARIES['file']} comment",
        **form_token(client, "forums.reply"),
    }
    response = client.post(_reply_url(topic), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def world(site_pages, make_education, make_blog_post, committed, settings, tmp_path):
    """Everything through the portal's own forms and services: posts submitted through the
    reply and topic forms (so screening holds them for real), a moderator's rejection, the
    notification and digest emails, and search indexing run on commit."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_GROUPS_ATTACHMENTS_ENABLED = True
    make_education("Living well with asthma", text="Breathing exercises for every day.")
    make_blog_post("Sleep after surgery", text="Rest helps recovery.")
    public = make_group("Open circle")
    members_group = make_group("Members circle", GroupKind.MEMBERS_ONLY)
    private = make_group("Closed circle", GroupKind.PRIVATE)
    other = make_group("Other circle", GroupKind.PRIVATE)
    on_call = with_mfa(UserFactory(roles=["Moderator"]))
    OnCallModerator.objects.create(user=on_call)

    public_poster = trusted_member(public)
    make_topic(public, poster=public_poster, subject="Walking together", text="Sundays at ten.")
    public_follower = UserFactory(roles=["Patient"])
    join(public_follower, public)
    GroupSubscription.objects.create(user=public_follower, group=public, digest=False)
    author = trusted_member(private)
    member = UserFactory(roles=["Patient"])  # reads the private group: the sanity viewer
    join(member, private)
    digest_reader = UserFactory(roles=["Patient"])
    join(digest_reader, private)
    GroupSubscription.objects.create(user=digest_reader, group=private, digest=True)
    members_poster = trusted_member(members_group)
    outsider = UserFactory(roles=["Patient"])
    join(outsider, other)

    poster = LoginClient()
    with committed():
        poster.force_login(author)
        topic = _topic_create(
            poster,
            private,
            subject=f"{CANARIES['title']} plans",
            content=f"First {CANARIES['post']} words",
        )
        topic.subscribers.add(member)
        _reply_with_file(poster, topic, content=f"Reply {CANARIES['post']} words")
        poster.force_login(members_poster)
        _topic_create(
            poster,
            members_group,
            subject=f"{CANARIES['members']} chat",
            content=f"Inside {CANARIES['members']} words",
        )
        poster.force_login(public_poster)
        walking = Topic.objects.get(subject="Walking together")
        held = send(
            poster,
            _reply_url(walking),
            f"{CANARIES['held']} {PHONE}",
            subject=f"{CANARIES['held']} subject",
            post_anyway="on",
        )
        assert held.status_code == 302
        send(
            poster,
            _reply_url(walking),
            f"{CANARIES['rejected']} {CRISIS}",
            subject=f"{CANARIES['rejected']} subject",
        )
    # The crisis alert goes out when the member's post commits, before a moderator decides.
    with committed():
        crisis = ModerationItem.objects.get(post__content__contains=CANARIES["rejected"])
        item_reject(
            item_id=crisis.pk, moderator=on_call, reason="Unsafe", outcome_note="Resources sent."
        )
        send(poster, _reply_url(walking), "See you on Sunday.", subject="Re: Walking together")
        send_daily_digests()

    held_item = ModerationItem.objects.get(post__content__contains=CANARIES["held"])
    assert (held_item.kind, held_item.status) == (ItemKind.PHI, ItemStatus.OPEN)
    assert not held_item.post.approved
    assert ModerationItem.objects.get(pk=crisis.pk).status == ItemStatus.REJECTED
    assert Attachment.objects.filter(post__topic=topic).count() == 1
    assert Post.objects.filter(topic=topic, approved=True).count() == 2
    assert Post.objects.filter(content__contains=CANARIES["members"], approved=True).exists()
    return {
        "member": member,
        "patient": UserFactory(roles=["Patient"]),
        "outsider": outsider,
        "moderator": UserFactory(roles=["Moderator"]),
        "moderator with authenticator": with_mfa(UserFactory(roles=["Moderator"])),
        "topic": topic,
    }


def _feed_urls() -> list[str]:
    urls = [reverse("forum_feeds:latest_topics")]
    for forum in Forum.objects.all():
        args = [forum.slug, forum.pk]
        urls.append(reverse("forum_feeds:forum_latest_topics", args=args))
        urls.append(reverse("forum_feeds:forum_latest_topics_with_descendants", args=args))
    for index in BlogIndexPage.objects.live():
        urls += [f"{index.url}feeds/rss/", f"{index.url}feeds/atom/"]
    return urls


def _media_urls() -> list[str]:
    """Every file on disk under the public and the private media roots, asked for under
    /media/ by its relative path and its bare name, and the uploaded file's own name."""
    urls = [f"/media/{CANARIES['file']}_scan.pdf"]
    for root in (settings.MEDIA_ROOT, settings.PORTAL_PRIVATE_MEDIA_ROOT):
        for path in Path(root).rglob("*"):
            if path.is_file():
                relative = path.relative_to(root).as_posix()
                urls += [f"/media/{relative}", f"/media/{path.name}"]
    return urls


def _seeds() -> list[tuple[str, str]]:
    seeds = [("/", "home"), ("/groups/", "groups"), ("/sitemap.xml", "sitemap")]
    for word in [*CANARIES.values(), "asthma", "circle"]:
        seeds += [(f"/search/?q={word}", "search"), (f"/search/suggest/?q={word}", "suggest")]
        seeds.append((f"/search/suggest/?q={word[:8]}", "suggest"))
    seeds += [(url, "feed") for url in _feed_urls()]
    for user_id in User.objects.values_list("pk", flat=True):
        seeds += [
            (reverse("forum_member:profile", args=[user_id]), "profile"),
            (reverse("forum_member:user_posts", args=[user_id]), "member posts"),
            (reverse("moderation_member", args=[user_id]), "moderation"),
        ]
    last_attachment = Attachment.objects.order_by("-pk").values_list("pk", flat=True).first()
    for pk in range(1, (last_attachment or 0) + 2):
        seeds.append((reverse("forum_conversation:attachment", args=[pk]), "attachment"))
    seeds += [(reverse("group_topic_link", args=[pk]), "topic link") for pk in _ids(Topic)]
    seeds += [(reverse("group_post_link", args=[pk]), "post link") for pk in _ids(Post)]
    for pk in _ids(ModerationItem):
        seeds.append((reverse("moderation_item", args=[pk]), "moderation"))
    seeds.append((reverse("moderation_queue"), "moderation"))
    seeds += [(url, "media") for url in _media_urls()]
    seeds += [(url, "email link") for message in mail.outbox for url in email_links(message)]
    seeds.append(("/account/", "account"))
    return seeds


def _ids(model) -> list[int]:
    return list(model.objects.values_list("pk", flat=True))


def _crawl(viewer: str, world) -> Crawl:
    client = LoginClient()
    if viewer != "anonymous":
        client.force_login_password_only(world[viewer])
    crawl = Crawl(viewer=viewer, client=client, canaries=CANARIES, cap=CAP)
    for url, kind in _seeds():
        crawl.add(url, kind)
    crawl.add(reverse("accounthub_data_download"), "data download", method="post")
    return crawl.run()


def email_text(message) -> str:
    """Subject, body, HTML alternatives, headers and every decoded MIME part, as sent."""
    raw = message.message().as_string()
    parts = [message.subject, message.body, raw, *map(str, message.extra_headers.values())]
    parts += [content for content, _type in getattr(message, "alternatives", [])]
    parsed = email.message_from_string(raw, policy=policy.default)
    parts += [str(value) for value in parsed.values()]
    parts += [part.get_content() for part in parsed.walk() if not part.is_multipart()]
    return "\n".join(str(part) for part in parts).lower()


def _leaks_in_outbox() -> list[str]:
    return [
        f"email to {message.to} ({message.subject!r}) carries {canary!r}"
        for message in mail.outbox
        for canary in CANARIES.values()
        if canary.lower() in email_text(message)
    ]


@pytest.mark.parametrize(
    "viewer",
    ["anonymous", "patient", "outsider", "moderator", "moderator with authenticator"],
)
def test_no_crawl_finds_a_canary(world, viewer):
    """Nothing private, members-only, held or rejected is reachable by these viewers (the
    moderators' sessions skipped MFA, so they hold no staff privilege)."""
    crawl = _crawl(viewer, world)
    assert not crawl.findings, "\n".join(map(str, crawl.findings))
    assert len(crawl.visited) >= MIN_VISITS, f"{viewer} visited only {len(crawl.visited)}"
    assert set(crawl.kinds_visited) >= SEED_KINDS, SEED_KINDS - set(crawl.kinds_visited)
    assert not _leaks_in_outbox(), "\n".join(_leaks_in_outbox())


def test_a_member_of_the_group_finds_its_canaries_with_the_same_crawler(world):
    """The control case: the crawler does reach the private topic, its posts and the file
    when the viewer may read them, and still no members-only, held or rejected post."""
    crawl = _crawl("member", world)
    topic = world["topic"]
    topic_url = reverse(
        "forum_conversation:topic", args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk]
    )
    for name in ("title", "post"):
        assert topic_url in {f.url for f in crawl.found(name)}, name
    assert any("/groups/attachment/" in f.url for f in crawl.found("file"))
    assert any(f.url.startswith("/search/?") for f in crawl.found("post"))
    readable = {CANARIES["title"], CANARIES["post"], CANARIES["file"]}
    leaks = [finding for finding in crawl.findings if finding.canary not in readable]
    assert not leaks, "\n".join(map(str, leaks))


def test_no_email_the_run_sent_carries_a_canary(world):
    """Every email (notifications, digest, crisis alert, rejection, review workflow): links
    only, never what a member wrote."""
    subjects = " | ".join(message.subject for message in mail.outbox)
    for expected in ("New activity", "digest", "URGENT"):
        assert expected.lower() in subjects.lower(), (expected, subjects)
    assert len(mail.outbox) >= 5, subjects
    assert not _leaks_in_outbox(), "\n".join(_leaks_in_outbox())


class _FakeSite:
    """A client over a dict of canned responses (no database): for the crawler's own
    checks."""

    def __init__(self, pages: dict) -> None:
        self.pages = pages

    def get(self, url: str):
        return self.pages.get(url) or HttpResponseNotFound()


@pytest.mark.django_db(databases=[])
def test_the_crawler_reads_inside_compressed_and_archived_bodies():
    """A canary inside a gzip body, a zip member or a header is found; so is one on a page
    reached only through a link, a redirect or a sitemap."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("posts.json", CANARIES["post"])
    header = HttpResponse("plain")
    header["Content-Disposition"] = f'attachment; filename="{CANARIES["file"]}.pdf"'
    site = _FakeSite(
        {
            "/": HttpResponse('<a href="/moved/">x</a><link href="/sitemap.xml">'),
            "/moved/": HttpResponseRedirect("/zip/"),
            "/sitemap.xml": HttpResponse(
                "<urlset><url><loc>http://testserver/gz/</loc></url></urlset>",
                content_type="application/xml",
            ),
            "/zip/": HttpResponse(archive.getvalue(), content_type="application/zip"),
            "/gz/": HttpResponse(gzip.compress(CANARIES["title"].encode()), content_type="x/y"),
            "/header/": header,
        }
    )
    crawl = Crawl(viewer="test", client=site, canaries=CANARIES)
    crawl.add("/")
    crawl.add("/header/")
    crawl.run()
    found = {(f.url, f.canary) for f in crawl.findings}
    assert found == {
        ("/zip/", CANARIES["post"]),
        ("/gz/", CANARIES["title"]),
        ("/header/", CANARIES["file"]),
    }


@pytest.mark.django_db(databases=[])
def test_the_crawler_fails_loudly_at_its_cap():
    """Reaching the page cap is a failure, never a silently partial crawl."""
    pages = {f"/{i}/": HttpResponse(f'<a href="/{i + 1}/">next</a>') for i in range(10)}
    crawl = Crawl(viewer="test", client=_FakeSite(pages), canaries=CANARIES, cap=5)
    crawl.add("/0/")
    with pytest.raises(CrawlCapReached, match="cap of 5"):
        crawl.run()
