"""Attachments live in a private storage outside the public media root, under random names
that reveal nothing; they are served only by the permission-checked attachment view."""

from __future__ import annotations

import os
import secrets

from django.core.files.storage import FileSystemStorage, storages

STORAGE_ALIAS = "private_attachments"


class PrivateStorage(FileSystemStorage):
    """Files with no public URL (``url`` refuses): the only way out is a view that checks
    permissions."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through their view.")


def private_name(instance, filename: str) -> str:
    """A random stored name: no member's file name (which may carry a name) is kept."""
    return os.path.join("attachments", secrets.token_hex(16))


def install() -> None:
    """Point machina's Attachment.file at the private storage with random names. Done at
    start-up rather than in a model (machina's model and migrations stay as they are), so
    the migration state keeps describing the field as machina declares it."""
    from machina.apps.forum_conversation.forum_attachments.models import Attachment

    field = Attachment._meta.get_field("file")
    field.storage = storages[STORAGE_ALIAS]
    declared = field.deconstruct

    def deconstruct():
        name, path, args, kwargs = declared()
        kwargs.pop("storage", None)
        return name, path, args, kwargs

    field.deconstruct = deconstruct
    Attachment.get_file_upload_to = private_name
