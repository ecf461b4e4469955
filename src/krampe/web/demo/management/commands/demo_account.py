"""``manage.py demo_account``: what ``krampe demo`` runs once the database is ready."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from krampe.domain.vocab import LANGS, TRIAL_KINDS, one_of
from krampe.web.demo.account import DemoAccountError, check_demo_account, reset_demo_account


class Command(BaseCommand):
    help = "Create (or reset) the demo account; prints the number of nights."

    def add_arguments(self, parser: CommandParser) -> None:
        # Checked in handle(), not by argparse: call_command passes a required
        # option's value as a separate word, and a password starting with "-"
        # (token_urlsafe makes one about once in 64) would read as an option.
        parser.add_argument("--username")
        parser.add_argument("--password")
        parser.add_argument("--trial", choices=TRIAL_KINDS, default="open")
        parser.add_argument("--lang", choices=LANGS, default="da")
        parser.add_argument("--force", action="store_true")

    def handle(self, *args: Any, **options: Any) -> str:
        translation.activate("en")  # the command line speaks English
        for name in ("username", "password"):
            if not options[name]:
                raise CommandError(f"--{name} is required")
        try:
            check_demo_account(options["username"], options["password"], options["force"])
        except DemoAccountError as exc:
            raise CommandError(str(exc)) from None
        count = reset_demo_account(
            options["username"],
            options["password"],
            one_of(TRIAL_KINDS, options["trial"], "--trial"),
            one_of(LANGS, options["lang"], "--lang"),
        )
        return str(count)
