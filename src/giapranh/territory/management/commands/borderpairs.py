"""`giapranh borderpairs A B`: candidate commune pairs across the line between two units."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from giapranh.territory.choices import Edition, UnitLevel
from giapranh.territory.selectors import border_commune_pairs, unit_get


class Command(BaseCommand):
    help = (
        "List the communes of two districts or provinces (by official code) that lie within "
        "--max-km of each other, nearest first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code_a", help="Code of the first district or province, e.g. 253 (Sông Lô).")
        parser.add_argument("code_b", help="Code of the second district or province, e.g. 076 (Sơn Dương).")
        parser.add_argument("--max-km", type=float, default=10.0, help="Largest distance listed (default 10).")
        parser.add_argument(
            "--edition", default=Edition.LEGACY_63, choices=Edition.values,
            help="Which list the codes refer to (default legacy63).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sides = []
        for code in (options["code_a"], options["code_b"]):
            try:
                sides.append(unit_get(
                    edition=options["edition"], code=code,
                    levels=(UnitLevel.DISTRICT, UnitLevel.PROVINCE),
                ))
            except Http404:
                raise CommandError(
                    f"No district or province with code {code} in {options['edition']}. "
                    "Run `giapranh loadunits` first?"
                ) from None
        side_a, side_b = sides
        pairs = border_commune_pairs(side_a=side_a, side_b=side_b, max_km=options["max_km"])
        self.stdout.write(f"{side_a.full_name}  ↔  {side_b.full_name}  (≤ {options['max_km']:g} km)")
        if not pairs:
            self.stdout.write("No pair of communes within that distance.")
            return
        width_a = max(len(p.commune_a.name) for p in pairs) + 8
        width_b = max(len(p.commune_b.name) for p in pairs) + 8
        self.stdout.write(f"{'A':<{width_a}}{'B':<{width_b}}{'km':>6}")
        for pair in pairs:
            self.stdout.write(
                f"{pair.commune_a.code} {pair.commune_a.name:<{width_a - 6}}"
                f"{pair.commune_b.code} {pair.commune_b.name:<{width_b - 6}}"
                f"{pair.distance_km:>6.2f}"
            )
        self.stdout.write(f"{len(pairs)} pair(s).")
