"""`python -m etl users add|disable|enable|reset|list`: local accounts from the command line.

A password is never an argument (it would stay in the shell history and the process list): it is
asked for twice on a terminal, or read as one line from standard input when none is attached.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from ipmonitor.store import db
from ipmonitor.store.analyst_accounts import (ROLES, AccountError, add_account, load_accounts, reset_password,
                                              set_disabled)
from ipmonitor.i18n import t
from ipmonitor.numbers import format_utc_as_vietnam_time
from ipmonitor.progress.tables import wait_in_force


def add_users_parser(commands, common: argparse.ArgumentParser) -> None:
    """The `users` command and its actions."""
    users = commands.add_parser("users", parents=[common], help="manage analyst and admin accounts")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", parents=[common], help="create an account (the password is asked for)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    for action, text in (("disable", "stop an account from signing in"), ("enable", "allow it again"),
                         ("reset", "set a new password and lift a lock")):
        actions.add_parser(action, parents=[common], help=text).add_argument("name")
    actions.add_parser("list", parents=[common], help="list the accounts")


def read_new_password(lang: str) -> str:
    """Twice on a terminal; one line from standard input otherwise."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("cli.users_password", lang))
    second = getpass.getpass(t("cli.users_password_again", lang))
    if first != second:
        raise AccountError("passwords_differ")
    return first


def run_users(args: argparse.Namespace, actor: str) -> int:
    """Run one account action; 0 on success, 1 with the reason when the rules refuse it."""
    lang = args.lang
    try:
        with db.open_database(args.db) as con:
            db.apply_migrations(con)
            if args.action == "list":
                _print_accounts(con, lang)
            elif args.action == "add":
                add_account(con, args.name, args.role, read_new_password(lang), actor=actor)
                print(t("accounts.added", lang, name=args.name.strip().lower()))
            elif args.action == "reset":
                reset_password(con, args.name, read_new_password(lang), actor=actor)
                print(t("accounts.reset_done", lang, name=args.name))
            else:
                set_disabled(con, args.name, args.action == "disable", actor=actor)
                print(t("accounts.disabled" if args.action == "disable" else "accounts.enabled", lang, name=args.name))
    except AccountError as refused:
        print(t(f"accounts.{refused.code}", lang, **refused.params), file=sys.stderr)
        return 1
    return 0


def _print_accounts(con, lang: str) -> None:
    accounts = load_accounts(con)
    if accounts.empty:
        print(t("cli.users_none", lang))
        return
    for row in accounts.itertuples(index=False):
        state = t("accounts.state_disabled" if row.disabled else "accounts.state_active", lang)
        wait = (t("accounts.wait_until", lang) + " " + format_utc_as_vietnam_time(row.wait_until.to_pydatetime(), lang)
                if wait_in_force(row.wait_until) else "")
        print(" · ".join(part for part in (row.name, t(f"sign_in.role_{row.role}", lang), state, wait) if part))
