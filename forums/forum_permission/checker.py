from __future__ import annotations

from django.conf import settings
from machina.apps.forum.models import Forum
from machina.apps.forum_permission.checker import (
    ForumPermissionChecker as MachinaForumPermissionChecker,
)

from forums.limits import approved_post_count
from forums.models import MembershipStatus, SupportGroup
from forums.moderation.selectors import write_refusal
from forums.permissions import group_permissions
from forums.selectors import is_group_moderator, member_has_current_guidelines


class ForumPermissionChecker(MachinaForumPermissionChecker):
    """Support groups follow the portal's rules; any other forum keeps machina's."""

    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        forums = list(forums)
        forum_ids = [forum.pk for forum in forums if isinstance(forum, Forum)]
        groups = {
            group.forum_id: group for group in SupportGroup.objects.filter(forum_id__in=forum_ids)
        }
        others = [forum for forum in forums if forum is None or forum.id not in groups]
        result = super().get_perms_for_forumlist(others, perm_codenames) if others else {}
        member_of = self._active_group_ids()
        moderator = self._is_moderator()
        may_post = self._accepted_guidelines()
        for forum in forums:
            group = groups.get(getattr(forum, "id", None))
            if group is not None:
                perms = set(
                    group_permissions(
                        group.kind,
                        is_member=group.pk in member_of,
                        is_moderator=moderator,
                        may_post=may_post,
                    )
                )
                if moderator or ("can_start_new_topics" in perms and self._trusted()):
                    perms.add("can_post_without_approval")
                if not settings.PORTAL_GROUPS_ATTACHMENTS_ENABLED:
                    perms.discard("can_attach_file")
                result[forum] = perms
        return result

    def _trusted(self) -> bool:
        """Past the held-posts limit: posts go live without a moderator's approval."""
        if not hasattr(self, "_is_trusted"):
            self._is_trusted = approved_post_count(self.user) >= settings.PORTAL_GROUPS_HELD_POSTS
        return self._is_trusted

    def _active_group_ids(self) -> set[int]:
        if not hasattr(self, "_member_of"):
            self._member_of = (
                set(
                    self.user.group_memberships.filter(status=MembershipStatus.ACTIVE).values_list(
                        "group_id", flat=True
                    )
                )
                if self.user.is_authenticated
                else set()
            )
        return self._member_of

    def _accepted_guidelines(self) -> bool:
        """A new guidelines version must be accepted before the next post, and a silenced or
        suspended member writes nothing on any of machina's write paths."""
        if not hasattr(self, "_accepted"):
            self._accepted = (
                self.user.is_authenticated
                and member_has_current_guidelines(self.user)
                and not write_refusal(self.user)
            )
        return self._accepted

    def _is_moderator(self) -> bool:
        if not hasattr(self, "_moderator"):
            self._moderator = is_group_moderator(self.user)
        return self._moderator
