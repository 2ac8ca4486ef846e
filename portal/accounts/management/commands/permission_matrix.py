from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.accounts.permission_matrix import readme_section, readme_with_table, render_table


class Command(BaseCommand):
    help = (
        "Print the README's role and permission table, generated from "
        "portal/accounts/permission_matrix.py (--check: fail if the README differs; "
        "--write: rewrite it between the permission-matrix markers)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--check", action="store_true", help="exit 1 if README differs")
        group.add_argument("--write", action="store_true", help="rewrite the README table")
        parser.add_argument("--readme", type=Path, default=Path(settings.BASE_DIR) / "README.md")

    def handle(self, *args, check: bool, write: bool, readme: Path, **options) -> None:
        if not (check or write):
            self.stdout.write(render_table())
            return
        text = readme.read_text(encoding="utf-8")
        try:
            current = readme_section(text)
        except ValueError as error:
            raise CommandError(f"{readme}: permission-matrix markers not found") from error
        if check:
            if current != render_table():
                raise CommandError(
                    f"{readme}: the permission table differs from permission_matrix.py; "
                    "run `manage.py permission_matrix --write`."
                )
            self.stdout.write("README permission table is up to date.")
            return
        readme.write_text(readme_with_table(text), encoding="utf-8")
        self.stdout.write(f"Wrote the permission table to {readme}.")
