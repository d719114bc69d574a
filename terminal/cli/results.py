"""`diagnum results ...`: purge, export, import, backup and restore the saved results."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from terminal.cli.base import EXIT_BAD_INPUT, confirmed, fail, note
from terminal.printable import printable

if TYPE_CHECKING:
    from storage import ImportReport, ResultStore
    from terminal.settings.model import KioskConfig


def results_command(args: argparse.Namespace, config: KioskConfig) -> int:
    from storage import ResultStore, StorageError

    actions = {
        "purge": purge_command,
        "export": export_command,
        "import": import_command,
        "backup": backup_command,
        "restore": restore_command,
    }
    try:
        store = ResultStore(config.data_dir)
        code = actions[args.action](store, args, config)
    except StorageError as error:
        return fail(str(error))
    for problem in store.problems:
        note(problem)
    return code


def purge_command(store: ResultStore, args: argparse.Namespace, config: KioskConfig) -> int:
    """Say what will be deleted, and why it may be a mistake, then ask (or take --yes)."""
    from storage import parse_age
    from storage.retention import automatic_purge_refusal
    from terminal.services.retention import purge

    try:
        cutoff = parse_age(args.older_than or f"{config.retention_months}m")
    except ValueError as error:
        return fail(str(error))
    plan = store.purge_plan(cutoff)
    print(
        f"Results dated before {cutoff.isoformat()}: {plan.to_delete} of {plan.total} "
        "(log entries before that date are deleted too)."
    )
    warning = automatic_purge_refusal(plan, date.today())
    if warning and plan.to_delete:
        print(f"Warning: {warning}.")
    if plan.to_delete and not args.yes and not confirmed("Delete them? [y/N] "):
        return fail("nothing deleted: confirm with y, or add --yes.")
    removed = purge(store, config.data_dir, plan)
    print(f"{removed} result(s) from before {cutoff.isoformat()} deleted.")
    return 0


def export_command(store: ResultStore, args: argparse.Namespace, config: KioskConfig) -> int:
    """To standard output, or to a file that appears only once it is complete; month
    by month, so memory stays flat whatever the number of results."""
    from storage import export_file, export_store

    if args.output is None:
        export_store(store, args.format, sys.stdout, args.since, args.until)
        return 0
    count = export_file(store, args.format, args.output, args.since, args.until)
    print(f"{count} result(s) written to {printable(str(args.output))}.", file=sys.stderr)
    return 0


def import_command(store: ResultStore, args: argparse.Namespace, config: KioskConfig) -> int:
    """Add an export's results; a damaged line is named and skipped, the rest imported."""
    from storage import read_export

    report = store.import_records(read_export(args.file))
    for line, problem in report.damaged:
        note(f"line {line}: {problem}; skipped.")
    print(import_summary(report))
    return EXIT_BAD_INPUT if report.damaged else 0


def import_summary(report: ImportReport) -> str:
    words = (
        f"{report.added} result(s) imported, {report.already_here} already here"
        + (
            f", {report.differs} kept as on this PC (a different result has the code)"
            if report.differs
            else ""
        )
        + (f", {len(report.damaged)} damaged line(s) skipped" if report.damaged else "")
    )
    return words + "."


def backup_command(store: ResultStore, args: argparse.Namespace, config: KioskConfig) -> int:
    report = store.backup(args.folder)
    where = printable(str(report.path))
    print(f"{report.results} result(s) of {len(report.months)} month(s) copied to {where}.")
    for name in report.set_aside:
        note(f"the damaged file {name}, set aside earlier, was not copied.")
    return 0


def restore_command(store: ResultStore, args: argparse.Namespace, config: KioskConfig) -> int:
    from terminal.services.retention import retention_cutoff

    cutoff = retention_cutoff(config.retention_months, date.today())
    report = store.restore(args.backup, force=args.force, older_than=cutoff)
    print(
        f"{report.added} result(s) restored, {report.skipped_identical} already there, "
        f"{report.replaced} replaced; {report.skipped_expired} past the retention period "
        "left out."
    )
    return 0
