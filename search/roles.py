"""What each role may do with search (granted by migration 0002): read the query reports
and manage promoted results."""

_EDITORIAL = [
    "portal_search.view_search_reports",
    "portal_search.add_promotion",
    "portal_search.change_promotion",
    "portal_search.delete_promotion",
    "portal_search.view_promotion",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "Editor": list(_EDITORIAL),
    "Administrator": list(_EDITORIAL),
}
