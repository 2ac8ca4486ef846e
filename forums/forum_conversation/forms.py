from __future__ import annotations

from django.core.exceptions import ValidationError
from machina.apps.forum_conversation.forms import PostForm as MachinaPostForm
from machina.apps.forum_conversation.forms import TopicForm as MachinaTopicForm

from forums.limits import check_post


class MemberRulesMixin:
    """Applies the content rules and new-member limits; on refusal the form is re-shown
    with the member's text still in it."""

    creates_topic = False

    def clean(self):
        cleaned = super().clean()
        content = cleaned.get("content")
        if content is not None and self.user is not None and self.user.is_authenticated:
            try:
                check_post(
                    user=self.user,
                    content=str(content),
                    new_topic=self.creates_topic and not self.instance.pk,
                    editing=bool(self.instance.pk),
                )
            except ValidationError as error:
                self.add_error("content", error)
        return cleaned


class PostForm(MemberRulesMixin, MachinaPostForm):
    pass


class TopicForm(MemberRulesMixin, MachinaTopicForm):
    creates_topic = True
