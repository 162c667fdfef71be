"""The `dieuhanh` console command: Django's management commands under one name.

`dieuhanh demo`, `dieuhanh orgunits show 633 --on 2021-07-01 --json`, `dieuhanh users add ...`,
and every Django command (`dieuhanh migrate`, `dieuhanh createsuperuser`, ...).

A read command starts in well under a second: it loads settings, apps and models, and nothing of
the pages, the API or the admin (issue 20; `python -m bench --only cli` measures it). The domain
commands skip Django's system checks, which import the URLconf (`core.commands.DomainCommand`),
and the commands below skip the admin's discovery of every app's `admin` module.
"""

from __future__ import annotations

import os
import sys

# Domain commands that never touch the admin site. Not `demo` (it serves the site), nor Django's
# own (`check` checks the admin registrations, `shell` may use them).
WITHOUT_ADMIN = frozenset(
    {
        "periods",
        "orgunits",
        "values",
        "validate",
        "export",
        "import",
        "rollups",
        "ntm",
        "cases",
        "trace",
        "checkins",
        "tasks",
        "report",
        "users",
        "backup",
        "restore",
        "worker",
    }
)


# Read commands that use neither the admin nor django-axes: the settings leave both apps out
# (importing them is about 0.3 s of a 0.65 s start; issue 20 asks ≤ 0.5 s).
LEAN = frozenset({"periods", "orgunits", "values", "validate", "export", "rates"})
LEAN_FLAG = "DIEUHANH_LEAN_CONSOLE"
"""Set for the settings module only; it pops it, so no child process inherits it."""


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.config.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in LEAN:
        os.environ[LEAN_FLAG] = "1"
    elif args and args[0] in WITHOUT_ADMIN:
        from dieuhanh.core.app_configs import AdminConfig

        AdminConfig.autodiscover = False
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["dieuhanh", *args])
    finally:
        os.environ.pop(LEAN_FLAG, None)  # settings already loaded (tests): do not leak it


if __name__ == "__main__":
    main()
