from wagtail.models import PagePermissionTester


class ReviewedPagePermissionTester(PagePermissionTester):
    """Nobody publishes reviewed content directly, superusers included: the review
    workflow's finish action is the only way it goes live."""

    def can_publish(self) -> bool:
        return False

    def can_publish_subpage(self) -> bool:
        return False

    def can_copy(self) -> bool:
        # Copying another author's content would make it "theirs"; only the owner may copy.
        return self.can_edit() and (self.user.is_superuser or self.page.owner_id == self.user.pk)


class ReviewedSectionPermissionTester(PagePermissionTester):
    """For index pages whose children are reviewed types: the index itself follows the
    usual rules, but nothing may be published *into* it (Wagtail's create view decides
    whether to offer and perform 'Publish' from the parent's can_publish_subpage)."""

    def can_publish_subpage(self) -> bool:
        return False
