from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from portal.screening.evaluation import CorpusError, Report, evaluate, load_corpus

HELDOUT_REFUSAL = (
    "--show-misses prints the texts of missed posts, and this part includes the held-out "
    "posts. The held-out part is for measurement only and is never used for tuning: reading "
    "its misses while changing the rules would make its figures meaningless. Use --part dev "
    "to study misses, or add --i-am-not-tuning if you are checking the corpus itself."
)


class Command(BaseCommand):
    help = (
        "Screen the labelled corpus (tests/screening/corpus/) and print crisis recall, PHI "
        "recall, false holds, concern held and a per-category table. With --check, exit "
        "non-zero when a target is missed (crisis recall >= 95%, PHI recall >= 95%, false "
        "holds <= 5%)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--part", choices=("dev", "heldout", "all"), default="dev")
        parser.add_argument(
            "--category",
            help="Only this category (e.g. crisis:slang) or label (e.g. phi) in the table "
            "and the misses; the headline figures stay those of the whole part.",
        )
        parser.add_argument(
            "--show-misses", action="store_true", help="Print the text of each missed post."
        )
        parser.add_argument(
            "--i-am-not-tuning",
            action="store_true",
            help="Allow --show-misses on the held-out part (for checking the corpus only).",
        )
        parser.add_argument(
            "--check", action="store_true", help="Exit with status 1 when a target is missed."
        )

    def handle(self, *args, part: str, category: str | None, **options) -> None:
        if options["show_misses"] and part != "dev" and not options["i_am_not_tuning"]:
            raise CommandError(HELDOUT_REFUSAL)
        try:
            report = evaluate(load_corpus(part), part=part)
        except CorpusError as error:
            raise CommandError(f"Corpus problem: {error}") from error
        wanted = _category_filter(report, category)
        self._headline(report)
        self._kinds(report)
        self._categories(report, wanted)
        self._misses(report, wanted, with_texts=options["show_misses"])
        missed = report.missed_targets()
        if options["check"] and missed:
            names = ", ".join(
                f"{check.name} {check.rate} (target {check.target})" for check in missed
            )
            raise CommandError(f"Targets missed: {names}", returncode=1)

    def _headline(self, report: Report) -> None:
        self.stdout.write(f"Screening evaluation, part {report.part}: {report.posts} posts")
        for check in report.targets():
            status = "ok" if check.met else "MISSED"
            self.stdout.write(
                f"  {check.name:<14} {check.rate!s:<22} target {check.target:<6} {status}"
            )
        self.stdout.write(f"  {'concern held':<14} {report.concern_held!s:<22} (no target yet)")

    def _kinds(self, report: Report) -> None:
        self.stdout.write("PHI found, by kind (a match of that exact kind; not a target):")
        for kind, rate in report.phi_by_kind.items():
            self.stdout.write(f"  {kind:<20} {rate}")

    def _categories(self, report: Report, wanted: Callable[[str], bool]) -> None:
        self.stdout.write("Per category (share screened as expected):")
        for figure in report.categories:
            if wanted(figure.category):
                self.stdout.write(f"  {figure.category:<36} {figure.rate}")

    def _misses(self, report: Report, wanted: Callable[[str], bool], *, with_texts: bool) -> None:
        misses = [miss for miss in report.misses if wanted(miss.post.category)]
        self.stdout.write(f"Misses: {len(misses)}")
        for miss in misses:
            line = (
                f"  {miss.post.id} [{miss.post.category}] {miss.reason}, decision {miss.decision}"
            )
            self.stdout.write(f"{line}: {miss.post.text}" if with_texts else line)


def _category_filter(report: Report, category: str | None) -> Callable[[str], bool]:
    """A predicate on category names; an unknown category is an error, not an empty table."""
    if category is None:
        return lambda name: True
    names = [figure.category for figure in report.categories]
    if category in names:
        return lambda name: name == category
    if any(name.startswith(f"{category}:") for name in names):
        return lambda name: name.startswith(f"{category}:")
    raise CommandError(f"No category {category!r} in this part. Known: {', '.join(names)}")
