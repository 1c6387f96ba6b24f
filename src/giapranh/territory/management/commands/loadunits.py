"""`giapranh loadunits`: load administrative units and the 2025 succession from vietnamadminunits."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from giapranh.territory.choices import Edition, UnitLevel
from giapranh.territory.loading import DatasetError, LoadResult, units_load

PLURALS = {UnitLevel.PROVINCE: "provinces", UnitLevel.DISTRICT: "districts", UnitLevel.COMMUNE: "communes"}


def _levels(counts: Any, edition: str) -> str:
    parts = [
        f"{counts[(edition, level.value)]} {PLURALS[level]}"
        for level in UnitLevel if counts[(edition, level.value)]
    ]
    return ", ".join(parts) or "nothing"


def summary(result: LoadResult) -> list[str]:
    """The lines the command prints after a load."""
    lines = []
    if result.changed:
        for label, counter in (("created", result.created), ("updated", result.updated)):
            lines.append(f"{label}: " + "; ".join(
                f"{edition}: {_levels(counter, edition)}" for edition in Edition.values
            ) + f"; successions: {getattr(result, 'successions_' + label)}")
    else:
        lines.append("Nothing changed: the units and successions were already up to date.")
    lines.append("in database: " + "; ".join(
        f"{edition}: {_levels(result.counts, edition)}" for edition in Edition.values
    ) + f"; successions: {result.successions}")
    return lines


class Command(BaseCommand):
    help = "Load the 63-province and 34-province administrative units and their official succession."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--provinces", default=None,
            help="Comma-separated legacy province codes (e.g. 26,08): load only these and "
                 "the reform provinces that succeeded them.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        provinces = options["provinces"].split(",") if options["provinces"] else None
        started = time.monotonic()
        try:
            result = units_load(
                provinces=provinces, progress=not options["no_progress"] and options["verbosity"] > 0
            )
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary(result):
            self.stdout.write(line)
        if result.without_successor:
            self.stderr.write(self.style.WARNING(
                f"{len(result.without_successor)} legacy commune(s) have no successor:"
            ))
            for unit in result.without_successor:
                self.stderr.write(f"  {unit.code} {unit.full_name}")
        else:
            self.stdout.write("Every legacy commune loaded has a successor.")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
