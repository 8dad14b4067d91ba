from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo municipalities Zeventerpen and Oosterdijk with people and "
        "content. Safe to run repeatedly; refused in production mode."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production mode (DIENST_DNA_ENV).")
        for loader_path in settings.DEMO_DATA_LOADERS:
            import_string(loader_path)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
