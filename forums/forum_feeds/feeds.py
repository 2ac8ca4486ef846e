from __future__ import annotations

from django.http import Http404
from machina.apps.forum.models import Forum
from machina.apps.forum_feeds.feeds import LastTopicsFeed as MachinaLastTopicsFeed

from forums.selectors import private_group_hidden_from


class LastTopicsFeed(MachinaLastTopicsFeed):
    def get_object(self, request, *args, **kwargs):
        forum = Forum.objects.filter(pk=kwargs.get("forum_pk")).first()
        if forum is not None:
            checker = request.forum_permission_handler._get_checker(request.user)
            if private_group_hidden_from(forum, checker=checker):
                raise Http404("No such group")
        return super().get_object(request, *args, **kwargs)
