"""Syndication permissions per role (granted by this app's data migration)."""

from portal.accounts.roles import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.EDITOR: [
        "syndication.add_syndicationpost",
        "syndication.change_syndicationpost",
        "syndication.view_syndicationpost",
        "syndication.recall_syndicationpost",
        "syndication.reconcile_syndicationpost",
        "syndication.view_channel",
    ],
    Role.COMPLIANCE_REVIEWER: [
        "syndication.view_syndicationpost",
        "syndication.approve_syndicationpost",
        "syndication.export_syndicationpost",
        "syndication.view_channel",
    ],
    Role.ADMINISTRATOR: [
        "syndication.add_syndicationpost",
        "syndication.change_syndicationpost",
        "syndication.view_syndicationpost",
        "syndication.export_syndicationpost",
        "syndication.recall_syndicationpost",
        "syndication.reconcile_syndicationpost",
        "syndication.add_channel",
        "syndication.change_channel",
        "syndication.delete_channel",
        "syndication.view_channel",
    ],
}
