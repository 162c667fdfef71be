"""`dieuhanh users add|token`: the accounts an administrator hands out, and their API tokens
(`token NAME [--days N]` prints a new token on stdout, its expiry on stderr)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import token_find
from dieuhanh.accounts.services import token_issue, user_create
from dieuhanh.core.commands import DomainCommand, parse_day


class Command(DomainCommand):
    help = "Create users with a role and scopes; issue API tokens."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="create a user")
        add.add_argument("name")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument(
            "--capture",
            action="append",
            default=[],
            metavar="CODE",
            help="unit (with its subtree) the user enters data for; repeatable",
        )
        add.add_argument(
            "--view",
            action="append",
            default=[],
            metavar="CODE",
            help="unit (with its subtree) the user may view; repeatable",
        )
        add.add_argument("--on", help="date on which the unit codes are resolved (default: today)")
        add.add_argument("--full-name", default="")
        add.add_argument(
            "--password-stdin",
            action="store_true",
            required=True,
            help="read the password from the first line of standard input",
        )
        token = sub.add_parser("token", help="print a new API token for a user")
        token.add_argument("name")
        token.add_argument(
            "--days",
            type=int,
            default=None,
            help="how long the token lasts (default: DIEUHANH_API_TOKEN_DAYS, 90; at most "
            "DIEUHANH_API_TOKEN_MAX_DAYS, 365)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "add":
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("Chưa nhập mật khẩu trên stdin / No password on standard input")
            user = user_create(
                username=options["name"],
                role=options["role"],
                password=password,
                capture_codes=options["capture"],
                view_codes=options["view"],
                on=parse_day(options["on"]),
                full_name=options["full_name"],
            )
            self.stdout.write(f"Created user {user.username} ({user.role}).")
            return
        found = User.objects.filter(username=options["name"]).first()
        if found is None:
            raise CommandError(
                f"Không có người dùng {options['name']!r} / No user {options['name']!r}"
            )
        raw = token_issue(user=found, days=options["days"])
        self.stdout.write(raw)  # the token alone on stdout, for scripts
        issued = token_find(raw=raw)
        if issued is not None:  # a note for the person, on stderr, unstyled (not an error)
            expires = timezone.localtime(issued.expires_at)
            self.stderr.write(f"Hết hạn / expires {expires:%Y-%m-%d %H:%M %z}", style_func=str)
