from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.selectors import user_roles
from portal.accounts.services import RoleError, role_grant, role_revoke, roles_sync


class Command(BaseCommand):
    help = "Grant, remove or show roles. Every change is recorded in the audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        for verb in ("grant", "revoke"):
            p = sub.add_parser(verb, help=f"{verb} a role")
            p.add_argument("email")
            p.add_argument("role", help=f"one of: {', '.join(Role.values)}")
            p.add_argument("--by", dest="actor_email", help="email of the person acting")
        show = sub.add_parser("show", help="list a user's roles")
        show.add_argument("email")
        sub.add_parser("list", help="list the roles")
        sub.add_parser(
            "sync",
            help="apply portal/accounts/roles.py: each role's permissions, page-tree and "
            "image/document collection permissions (adds what is missing)",
        )

    def handle(self, *args, verb: str, **options) -> None:
        if verb == "list":
            self.stdout.write("\n".join(Role.values))
            return
        if verb == "sync":
            roles_sync()
            self.stdout.write("Roles synced with portal/accounts/roles.py.")
            return
        user = self._user(options["email"])
        if verb == "show":
            self.stdout.write(", ".join(user_roles(user=user)) or "(no roles)")
            return
        actor = self._user(options["actor_email"]) if options.get("actor_email") else None
        service = role_grant if verb == "grant" else role_revoke
        try:
            changed = service(user=user, role=options["role"], actor=actor, via="command")
        except RoleError as exc:
            raise CommandError(str(exc)) from exc
        state = "done" if changed else "no change"
        self.stdout.write(f"{verb} {options['role']} for {user.email}: {state}")

    @staticmethod
    def _user(email: str) -> User:
        try:
            return User.objects.get(email__iexact=email)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with email {email!r}.") from exc
