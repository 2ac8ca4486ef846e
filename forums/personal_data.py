"""The support groups' section of a person's data download, and its erasure."""

from forums.selectors import member_groups_export
from forums.services import member_groups_erase
from portal.accounts.personal_data import register_personal_data


def register() -> None:
    register_personal_data(
        section="support_groups", export=member_groups_export, erase=member_groups_erase
    )
