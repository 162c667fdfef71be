"""`dieuhanh serve [--port N]`: serve the site with waitress (a production WSGI server)."""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site on http://HOST:PORT with waitress."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        import waitress
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()

        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Serving on http://{options['host']}:{options['port']}/ (Ctrl+C to stop)"
        )
        self.stdout.flush()
        waitress.serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="dieuhanh",
            # waitress buffers a body before Django sees it: refuse what no path accepts.
            max_request_body_size=max(
                [settings.REQUEST_MAX_BYTES, *settings.REQUEST_MAX_BYTES_BY_PATH.values()]
            ),
        )
