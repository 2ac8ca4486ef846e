from __future__ import annotations

from django.forms.models import modelformset_factory
from machina.apps.forum_conversation.forum_attachments.forms import (
    AttachmentForm as MachinaAttachmentForm,
)
from machina.apps.forum_conversation.forum_attachments.forms import BaseAttachmentFormset
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.conf import settings as machina_settings

from forums.uploads import clean_upload


class AttachmentForm(MachinaAttachmentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "content_type"):
            return upload  # unchanged existing file
        return clean_upload(upload)


AttachmentFormset = modelformset_factory(
    Attachment,
    AttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)
