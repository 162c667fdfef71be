"""The `dieuhanh` console command: Django's management commands under one name.

`dieuhanh demo`, `dieuhanh orgunits show 633 --on 2021-07-01 --json`, `dieuhanh users add ...`,
and every Django command (`dieuhanh migrate`, `dieuhanh createsuperuser`, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["dieuhanh", *args])


if __name__ == "__main__":
    main()
