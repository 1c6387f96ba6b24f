from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from giapranh.people.choices import MatchStatus
from giapranh.people.matching import (
    ALERT_THRESHOLD,
    cluster_agency_ids,
    match_cluster,
    pairs_remembered,
)
from giapranh.people.models import PersonMatch
from giapranh.people.services import person_match_remember
from giapranh.territory.models import Cluster

BATCH = 5_000


class Command(BaseCommand):
    help = (
        "Find the persons of a cluster's communes probably recorded twice by different agencies and remember "
        "the pairs. Idempotent: a rerun finds the same pairs; confirmed and rejected pairs keep their decision. "
        "Prints counts only, never names."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--cluster", required=True, help="the cluster's slug")
        parser.add_argument("--threshold", type=float, default=ALERT_THRESHOLD, help=f"minimum score (default {ALERT_THRESHOLD})")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        cluster = Cluster.objects.filter(slug=options["cluster"]).first()
        if cluster is None:
            raise CommandError(f"No cluster with the slug {options['cluster']!r}.")
        started = time.perf_counter()
        quiet = options["no_progress"] or options["verbosity"] == 0

        def progress(items: Any) -> Any:
            return tqdm(items, desc="persons", unit=" persons", disable=quiet, file=self.stderr._out, mininterval=1)

        pending: list[tuple[int, int, float, dict[str, str]]] = []
        stored = new = 0
        for first, second, comparison in match_cluster(cluster=cluster, threshold=options["threshold"], progress=progress):
            pending.append((first, second, comparison.score, dict(comparison.agreements)))
            if len(pending) >= BATCH:
                counts = person_match_remember(pairs=pending)
                stored, new = stored + counts[0], new + counts[1]
                pending = []
        counts = person_match_remember(pairs=pending)
        stored, new = stored + counts[0], new + counts[1]
        pairs = PersonMatch.objects.filter(first__owner_agency_id__in=cluster_agency_ids(cluster=cluster))
        confirmed = pairs.filter(status=MatchStatus.CONFIRMED).count()
        rejected = pairs.filter(status=MatchStatus.REJECTED).count()
        raised = sum(pairs_remembered(cluster=cluster))
        self.stdout.write(
            f"{stored} probable matches at score ≥ {options['threshold']} ({new} new); remembered decisions: "
            f"{confirmed} confirmed, {rejected} rejected; {raised} alerts raised; {time.perf_counter() - started:.1f} s"
        )
