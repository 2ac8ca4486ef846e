"""What each role may do with physicians' content (granted by migration 0003)."""

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "Editor": [
        "physicians.add_specialty",
        "physicians.change_specialty",
        "physicians.view_specialty",
    ],
    "Administrator": [
        "physicians.verify_physician",
        "physicians.add_specialty",
        "physicians.change_specialty",
        "physicians.delete_specialty",
        "physicians.view_specialty",
    ],
}

# Page-tree permissions on the root page: physicians add pages (limited by the
# before_create_page hook to their own profile and posts) and edit only pages they own.
ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {"Physician": ["add_page"]}
