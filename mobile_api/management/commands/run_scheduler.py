import contextlib
import signal

from django.core.management.base import BaseCommand

from mobile_api.scheduler import build_scheduler


class Command(BaseCommand):
    help = "Run the scheduler process (recurring jobs). Stop it with SIGTERM or Ctrl-C."

    def handle(self, *args, **options):
        scheduler = build_scheduler()

        def stop(signum, frame):
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        for job in scheduler.get_jobs():
            self.stdout.write(f"scheduled: {job.id} ({job.trigger})")
        with contextlib.suppress(KeyboardInterrupt):
            scheduler.start()
