"""A message of concern: only approved wording, sent on the site and by email, never the
post; the first outreach is recorded and audited; only its recipient can read it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from forums.moderation.models import (
    MemberMessage,
    MemberMessageKind,
    MessageLanguage,
    ModerationItem,
    SanctionKind,
)
from forums.moderation.services import (
    ModerationError,
    TemplateNotApproved,
    concern_message_send,
    member_sanction,
    post_hold,
)
from portal.audit.models import AuditEvent
from tests.factories import MessageTemplateFactory, UserFactory
from tests.helpers import form_token
from tests.moderation.conftest import live_reply
from tests.moderation.crisis_helpers import POST_TEXT, approved_template, crisis_item

pytestmark = pytest.mark.django_db


def _send(world, item, template, capture):
    with capture(execute=True):
        return concern_message_send(
            item_id=item.pk, moderator=world["moderator"], template_id=template.pk
        )


def test_an_approved_template_reaches_the_member_on_the_site_and_by_email(
    world, django_capture_on_commit_callbacks
):
    item = crisis_item(world)
    template = approved_template()
    mail.outbox.clear()
    message = _send(world, item, template, django_capture_on_commit_callbacks)
    assert (message.recipient, message.kind, message.item) == (
        world["member"],
        MemberMessageKind.CONCERN,
        item,
    )
    assert message.body == template.body
    [email] = mail.outbox
    assert email.to == [world["member"].email]
    assert email.subject == template.subject
    assert template.body in email.body
    assert "988" in email.body
    assert reverse("moderation_message", args=[message.pk]) in email.body


def test_the_post_is_never_quoted_in_the_message_or_the_email(
    world, django_capture_on_commit_callbacks
):
    item = crisis_item(world)
    mail.outbox.clear()
    message = _send(world, item, approved_template(), django_capture_on_commit_callbacks)
    distinctive = ("Zephyrquartz", "blue tin", POST_TEXT)
    [email] = mail.outbox
    for text in distinctive:
        assert text not in message.subject and text not in message.body
        assert text not in email.subject and text not in email.body


def test_an_unapproved_template_is_refused_and_nothing_is_sent(
    world, django_capture_on_commit_callbacks
):
    item = crisis_item(world)
    draft = MessageTemplateFactory()  # nobody approved it
    mail.outbox.clear()
    with pytest.raises(TemplateNotApproved):
        _send(world, item, draft, django_capture_on_commit_callbacks)
    assert not MemberMessage.objects.exists()
    assert mail.outbox == []
    assert ModerationItem.objects.get(pk=item.pk).first_outreach_at is None


def test_the_form_offers_approved_templates_only_and_a_forged_choice_is_refused(client, world):
    item = crisis_item(world)
    approved = approved_template(name="Approved check-in")
    draft = MessageTemplateFactory(name="Draft check-in")
    client.force_login(world["moderator"])
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "Approved check-in" in page
    assert "Draft check-in" not in page
    response = client.post(
        reverse("moderation_concern", args=[item.pk]),
        {"template": draft.pk, **form_token(client, "moderation.concern")},
    )
    assert response.status_code == 400
    assert not MemberMessage.objects.exists()
    response = client.post(
        reverse("moderation_concern", args=[item.pk]),
        {"template": approved.pk, **form_token(client, "moderation.concern")},
    )
    assert response.status_code == 302
    assert MemberMessage.objects.get().template == approved


def test_a_concern_form_without_its_one_time_token_sends_nothing(client, world):
    item = crisis_item(world)
    template = approved_template()
    client.force_login(world["moderator"])
    client.post(reverse("moderation_concern", args=[item.pk]), {"template": template.pk})
    assert not MemberMessage.objects.exists()


def test_the_first_outreach_time_is_recorded_once_and_audited(
    world, django_capture_on_commit_callbacks
):
    item = crisis_item(world)
    template = approved_template()
    first = _send(world, item, template, django_capture_on_commit_callbacks)
    _send(world, item, template, django_capture_on_commit_callbacks)
    item.refresh_from_db()
    assert item.first_outreach_at == first.created_at
    events = AuditEvent.objects.filter(action="moderation.concern_sent", target_id=str(item.pk))
    assert events.count() == 2
    assert events.first().actor == world["moderator"]
    assert events.first().data["template"] == template.pk


def test_only_crisis_items_get_messages_of_concern(world, django_capture_on_commit_callbacks):
    post = live_reply(world, poster=world["member"], text="Demo: my phone is (555) 010-0199")
    item = post_hold(post=post, kind="phi")
    with pytest.raises(ModerationError):
        _send(world, item, approved_template(), django_capture_on_commit_callbacks)


def test_a_member_cannot_send_a_message_of_concern(world):
    from django.core.exceptions import PermissionDenied

    item = crisis_item(world)
    with pytest.raises(PermissionDenied):
        concern_message_send(
            item_id=item.pk, moderator=world["other"], template_id=approved_template().pk
        )


def test_the_member_reads_it_signed_in_and_the_unread_count_goes_down(
    client, world, django_capture_on_commit_callbacks
):
    item = crisis_item(world)
    message = _send(world, item, approved_template(), django_capture_on_commit_callbacks)
    client.force_login(world["member"])
    account = client.get(reverse("accounthub_index")).content.decode()
    assert reverse("moderation_inbox") in account
    assert '1<span class="visually-hidden"> unread</span>' in account
    inbox = client.get(reverse("moderation_inbox")).content.decode()
    assert message.subject in inbox
    assert "Unread" in inbox
    page = client.get(reverse("moderation_message", args=[message.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "we read what you shared" in html
    assert "988" in html  # the crisis resources beside the message
    assert "Zephyrquartz" not in html
    message.refresh_from_db()
    assert message.read_at is not None
    assert (
        AuditEvent.objects.filter(action="moderation.message_read", actor=world["member"]).count()
        == 1
    )
    after = client.get(reverse("accounthub_index")).content.decode()
    assert 'visually-hidden"> unread' not in after


def test_no_one_else_can_read_the_message(client, world, django_capture_on_commit_callbacks):
    item = crisis_item(world)
    message = _send(world, item, approved_template(), django_capture_on_commit_callbacks)
    url = reverse("moderation_message", args=[message.pk])
    client.force_login(world["other"])
    assert client.get(url).status_code == 404
    assert message.subject not in client.get(reverse("moderation_inbox")).content.decode()
    client.force_login(world["moderator"])
    assert client.get(url).status_code == 404
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    message.refresh_from_db()
    assert message.read_at is None


def test_a_suspended_member_still_reads_the_moderators_messages(
    client, world, django_capture_on_commit_callbacks
):
    item = crisis_item(world)
    message = _send(world, item, approved_template(), django_capture_on_commit_callbacks)
    member_sanction(
        member=world["member"],
        moderator=world["moderator"],
        kind=SanctionKind.SUSPEND,
        reason="Demo suspension.",
        duration=None,
    )
    client.force_login(world["member"])
    assert client.get(reverse("moderation_message", args=[message.pk])).status_code == 200


def test_the_spanish_template_is_marked_as_spanish_for_screen_readers(
    client, world, django_capture_on_commit_callbacks
):
    item = crisis_item(world)
    template = approved_template(
        language=MessageLanguage.SPANISH,
        subject="Un mensaje de los moderadores",
        body="Texto de demostración: llame al 988 y oprima el 2.",
    )
    message = _send(world, item, template, django_capture_on_commit_callbacks)
    client.force_login(world["member"])
    html = client.get(reverse("moderation_message", args=[message.pk])).content.decode()
    assert 'lang="es">Un mensaje de los moderadores' in html


def test_the_default_templates_exist_in_english_and_spanish_with_the_crisis_line():
    from forums.moderation.models import MessageTemplate

    defaults = MessageTemplate.objects.filter(name__contains="default") | (
        MessageTemplate.objects.filter(name__contains="predeterminado")
    )
    assert sorted(defaults.values_list("language", flat=True)) == ["en", "es"]
    for template in defaults:
        assert "988" in template.body
        template.full_clean()


def test_a_template_without_the_crisis_line_is_invalid():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        MessageTemplateFactory.build(body="Demo wording with no help line.").full_clean()


def _admin_data(template, **changes) -> dict:
    data = {
        "name": template.name,
        "purpose": template.purpose,
        "language": template.language,
        "subject": template.subject,
        "body": template.body,
    }
    return {**data, **changes}


def _edit_url(template) -> str:
    return reverse("wagtailsnippets_moderation_messagetemplate:edit", args=[template.pk])


def test_changing_the_wording_in_the_admin_withdraws_the_approval(client, world):
    template = approved_template()
    client.force_login(world["moderator"])
    response = client.post(
        _edit_url(template), _admin_data(template, body=template.body + " Demo edit.")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    template.refresh_from_db()
    assert not template.is_approved
    assert AuditEvent.objects.filter(action="moderation.template_unapproved").exists()


def test_a_moderator_cannot_approve_a_template_but_an_administrator_can(client, world):
    from tests.moderation.crisis_helpers import approver

    draft = MessageTemplateFactory()
    client.force_login(world["moderator"])
    client.post(_edit_url(draft), _admin_data(draft, approve="on"))
    draft.refresh_from_db()
    assert not draft.is_approved
    admin = approver()
    client.force_login(admin)
    response = client.post(_edit_url(draft), _admin_data(draft, approve="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert (draft.approved_by, draft.is_approved) == (admin, True)
    assert AuditEvent.objects.filter(action="moderation.template_approved", actor=admin).exists()


def test_members_cannot_open_the_template_admin(client, world):
    client.force_login(world["member"])
    response = client.get(reverse("wagtailsnippets_moderation_messagetemplate:list"))
    assert response.status_code in (302, 403)


def test_an_account_without_the_member_gets_no_message(world, django_capture_on_commit_callbacks):
    poster = UserFactory(roles=["Patient"])
    item = crisis_item(world, poster=poster)
    poster.is_active = False
    poster.save()
    with pytest.raises(ModerationError):
        _send(world, item, approved_template(), django_capture_on_commit_callbacks)
