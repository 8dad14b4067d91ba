from django.core.management.base import BaseCommand, CommandError

from backend.organisations.employee_import import ImportFileError, import_employees
from backend.organisations.models import Organisation


class Command(BaseCommand):
    help = "Import or update employees of one organisation from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="short name (slug) of the organisation")
        parser.add_argument("csv_file")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="create departments and locations named in the file that do not exist yet",
        )
        parser.add_argument(
            "--deactivate-absent",
            action="store_true",
            help="the file lists all staff: deactivate active employees who are not in it",
        )

    def handle(self, *args, organisation, csv_file, create_missing, deactivate_absent, **options):
        try:
            target = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist as exc:
            raise CommandError(f"No organisation with short name {organisation!r}.") from exc
        with open(csv_file, "rb") as handle:
            data = handle.read()
        try:
            report = import_employees(
                organisation=target,
                data=data,
                create_missing=create_missing,
                deactivate_absent=deactivate_absent,
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for error in report.errors:
            column = f" [{error.column}]" if error.column else ""
            self.stderr.write(f"line {error.line}{column}: {error.message}")
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
            f"deactivated {report.deactivated}, rows with errors {len(report.failed_lines)}"
        )
