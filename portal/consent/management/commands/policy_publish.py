"""Publish the next version of the terms of use or the privacy notice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.audit.context import audit_context
from portal.consent.models import PolicyKind
from portal.consent.services import ConsentError, policy_publish


class Command(BaseCommand):
    help = (
        "Publish a new version of a policy document. Logged-in people are asked to accept "
        "it (with the summary) from its effective date."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=PolicyKind.values)
        parser.add_argument("--title", required=True)
        parser.add_argument("--summary", required=True, help="What changed, in plain words.")
        parser.add_argument("--body-file", help="A plain-text file with the full text.")
        parser.add_argument("--url", default="", help="Or the address of the full text.")
        parser.add_argument(
            "--effective-at", help="ISO date-time from which it is current (default: now)."
        )

    def handle(self, *args, **options) -> None:
        body = Path(options["body_file"]).read_text() if options["body_file"] else ""
        if not body and not options["url"]:
            raise CommandError("Give the full text with --body-file or --url.")
        effective_at = None
        if options["effective_at"]:
            try:
                effective_at = datetime.fromisoformat(options["effective_at"])
            except ValueError as error:
                raise CommandError(f"--effective-at: {error}") from error
            if timezone.is_naive(effective_at):
                effective_at = timezone.make_aware(effective_at)
        try:
            with audit_context(actor=None, via="policy_publish"):
                document = policy_publish(
                    kind=options["kind"],
                    title=options["title"],
                    summary=options["summary"],
                    body=body,
                    url=options["url"],
                    effective_at=effective_at,
                )
        except ConsentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Published {document} (effective {document.effective_at:%Y-%m-%d %H:%M})."
        )
