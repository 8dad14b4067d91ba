import contextlib
import signal

from django.conf import settings
from django.core.management.base import BaseCommand

from mobile_api.push.backends import push_backend
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
        backend = push_backend()  # fails here, at start, when FCM is misconfigured
        if backend.name == "log":
            self.stdout.write(
                "push: log only (no FIREBASE_CREDENTIALS_FILE configured): every push is "
                "written to this log and lands in the app's notification list"
            )
        else:
            self.stdout.write(
                f"push: {backend.name} (Firebase project {settings.FIREBASE_PROJECT_ID})"
            )
        self.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            scheduler.start()
