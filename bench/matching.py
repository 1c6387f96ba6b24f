"""The same-person matcher: precision / recall / F1 beside Splink, the on-link check, the full `match` run.

Usage:

    # quality on labelled pairs (no database): ours beside Splink (DuckDB), on the same records
    .venv/bin/python bench/matching.py quality --persons 2000 10000
    # the on-link check and `giapranh match` over N persons of one cluster's six communes
    DATABASE_URL=sqlite:////tmp/bench_match.sqlite3 .venv/bin/python bench/matching.py scale --persons 100000

`quality` draws the labelled set of `people.namegen`: commune A records N
persons, commune B records 40% of them again as its officers type them (no
diacritics, đ as d, one typo or two swapped letters, middle name dropped or
changed, year only, day and month swapped, ID missing or one digit wrong,
home commune unknown) and 60% others, a tenth of them namesakes of A's persons.
Ours is `people.matching.match_records` (blocking + `compare`) at
`ALERT_THRESHOLD`; Splink 5 runs on DuckDB as its documentation recommends for
a link-only job: standardised columns (folded names split into family / middle
/ given), `ForenameSurnameComparison`, `DateOfBirthComparison`, Levenshtein on
the ID, exact home commune and gender, with blocking rules that admit the same
noisy pairs ours does; λ from deterministic rules, u by random sampling (10
million pairs), m by expectation maximisation in three sessions (blocked on the
date of birth, on the given name and year, on the ID). Both are scored at our
`ALERT_THRESHOLD` and at the threshold that gives each its best F1 (which only
a labelled set reveals).

`scale` puts N persons in the six communes of the bench cluster (5% of them a
second record of an earlier one, typed again by another commune), then times
`match_candidates` (the on-link check) for 200 persons and runs
`giapranh match --cluster` in a child process, reporting its time and peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

BATCH = 10_000


def _scores(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _best(scored: list[tuple[str, str, float]], truth: set[tuple[str, str]]) -> tuple[float, tuple[float, float, float]]:
    best = (0.0, (0.0, 0.0, 0.0))
    for step in range(5, 100):
        threshold = step / 100
        result = _scores({(a, b) for a, b, s in scored if s >= threshold}, truth)
        if result[2] > best[1][2]:
            best = (threshold, result)
    return best


def ours(labelled: Any) -> tuple[list[tuple[str, str, float]], float]:
    from giapranh.people.matching import match_records

    started = time.perf_counter()
    found = match_records(labelled.a, labelled.b, threshold=0.0)
    elapsed = time.perf_counter() - started
    return [(labelled.a[i].key, labelled.b[j].key, c.score) for i, j, c in found], elapsed


def splink(labelled: Any) -> tuple[list[tuple[str, str, float]], float]:
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from giapranh.core.text import fold

    def rows(records: list[Any]) -> pa.Table:
        out = []
        for r in records:
            words = fold(r.full_name).split()
            out.append({
                "unique_id": r.key, "family_name": words[0] if words else None,
                "middle_name": " ".join(words[1:-1]) or None, "given_name": words[-1] if len(words) > 1 else None,
                "full_name": " ".join(words), "dob": r.birth_date, "birth_year": r.birth_year,
                "id_number": r.id_number or None, "home_commune": r.home_commune_id, "gender": r.gender,
            })
        return pa.Table.from_pylist(out)

    started = time.perf_counter()
    con = duckdb.connect()
    db_api = DuckDBAPI(con)
    left = db_api.register(rows(labelled.a), table_name="commune_a")
    right = db_api.register(rows(labelled.b), table_name="commune_b")
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.ForenameSurnameComparison("given_name", "family_name", forename_surname_concat_col_name="full_name"),
            cl.LevenshteinAtThresholds("middle_name", 1),
            cl.DateOfBirthComparison("dob", input_is_string=False),
            cl.ExactMatch("birth_year"),
            cl.LevenshteinAtThresholds("id_number", 1),
            cl.ExactMatch("home_commune"),
            cl.ExactMatch("gender"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "birth_year"),
            block_on("family_name", "birth_year"),
            block_on("family_name", "given_name"),
            block_on("id_number"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)
    linker = Linker([left, right], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("id_number"), block_on("full_name", "dob")], recall=0.6,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    # Each comparison is trained in at least one session that does not block on it.
    for rule in (block_on("dob"), block_on("given_name", "birth_year"), block_on("id_number")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.05)
    result = []
    for row in predictions.as_record_list():
        left_id, right_id = row["unique_id_l"], row["unique_id_r"]
        if left_id.startswith("b"):
            left_id, right_id = right_id, left_id
        result.append((left_id, right_id, float(row["match_probability"])))
    return result, time.perf_counter() - started


def quality(sizes: list[int], seed: int) -> None:
    from giapranh.people.matching import ALERT_THRESHOLD
    from giapranh.people.namegen import labelled_set

    print(f"| persons (A / B records) | true pairs | matcher | at {ALERT_THRESHOLD}: precision / recall / F1 | best F1 (threshold) | time |")
    print("|---|---|---|---|---|---|")
    for size in sizes:
        labelled = labelled_set(seed=seed, persons=size)
        truth = labelled.true_pairs()
        for name, engine in (("ours", ours), ("Splink", splink)):
            try:
                scored, elapsed = engine(labelled)
            except Exception as error:  # noqa: BLE001 - report and go on with the next engine
                print(f"| {size:,} | {len(truth):,} | {name} | failed: {type(error).__name__}: {error} | | |")
                continue
            at = _scores({(a, b) for a, b, s in scored if s >= ALERT_THRESHOLD}, truth)
            threshold, best = _best(scored, truth)
            print(
                f"| {size:,} ({len(labelled.a):,} / {len(labelled.b):,}) | {len(truth):,} | {name} | "
                f"{at[0]:.3f} / {at[1]:.3f} / {at[2]:.3f} | {best[2]:.3f} ({threshold:.2f}) | {elapsed:.1f} s |",
                flush=True,
            )


# --- scale ---------------------------------------------------------------------------------


def generate_cluster(n: int, world: dict[str, Any], rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from giapranh.people.models import NameToken, Person, PersonNameToken
    from giapranh.people.namegen import NameGenerator, Record, citizen_id, typed
    from giapranh.people.search import name_tokens

    names = NameGenerator(rng)
    cluster_agencies = [world["agencies"][i] for i in (0, 1, 2, 20, 21, 22)]
    communes = [a.jurisdiction_id for a in cluster_agencies]
    earlier: list[tuple[Record, int]] = []
    vocabulary: set[str] = set()
    now = timezone.now()
    done = 0
    started = time.perf_counter()
    while done < n:
        size = min(BATCH, n - done)
        persons = []
        for _ in range(size):
            if earlier and rng.random() < 0.05:
                record, where = rng.choice(earlier)
                record = typed(rng, record, names, noise=0.15)
                where = rng.choice([i for i in range(len(cluster_agencies)) if i != where])
            else:
                gender = "male" if rng.random() < 0.55 else "female"
                year = max(1935, min(2010, int(rng.gauss(1984, 14))))
                where = rng.randrange(len(cluster_agencies))
                record = Record(
                    key="", identity=0, full_name=names.name(gender), gender=gender,
                    birth_date=dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29)) if rng.random() < 0.7 else None,
                    birth_year=year, id_number=citizen_id(rng, year, gender) if rng.random() < 0.6 else "",
                    home_commune_id=communes[where] if rng.random() < 0.9 else rng.choice(communes),
                )
                if len(earlier) < 200_000:
                    earlier.append((record, where))
            person = Person(
                public_id=uuid.uuid4(), owner_agency=cluster_agencies[where], full_name=record.full_name,
                gender=record.gender, birth_date=record.birth_date, birth_year=record.birth_year, nationality="VN",
                id_number=record.id_number, home_commune_id=record.home_commune_id, created_at=now, updated_at=now,
            )
            person.search_key = person.build_search_key()
            persons.append(person)
        with transaction.atomic():
            Person.objects.bulk_create(persons, batch_size=BATCH)
            tokens = []
            for person in persons:
                for token in name_tokens(person.search_key):
                    tokens.append(PersonNameToken(person_id=person.pk, token=token, owner_agency_id=person.owner_agency_id))
                    vocabulary.add(token)
            PersonNameToken.objects.bulk_create(tokens, batch_size=BATCH)
        done += size
        print(f"\r  {done:>9,} persons  ({done / (time.perf_counter() - started):,.0f}/s)", end="", flush=True)
    NameToken.objects.bulk_create([NameToken(token=t) for t in sorted(vocabulary)], ignore_conflicts=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def scale(n: int, seed: int, reuse: bool, url: str, *, generate_only: bool = False) -> None:
    from person_search import build_world, percentile, prepare_database, setup_django

    prepare_database(url, reuse=reuse)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from giapranh.people.matching import match_candidates
    from giapranh.people.models import Person, PersonMatch

    print(f"database: {connection.vendor}, persons in the cluster's communes: {n:,}")
    call_command("migrate", verbosity=0)
    if reuse and Person.objects.count() == n:
        print("  reusing the generated persons")
    else:
        started = time.perf_counter()
        world = build_world(random.Random(seed))
        generate_cluster(n, world, random.Random(seed))
        print(f"  generated in {time.perf_counter() - started:.0f} s")
    if generate_only:
        return
    rng = random.Random(seed + 1)
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    sample = list(Person.objects.filter(id__in={rng.randrange(1, top + 1) for _ in range(400)})[:200])
    for person in sample[:10]:
        match_candidates(person)
    timings, cpu, hits = [], [], 0
    for person in sample:
        c0, t0 = time.process_time(), time.perf_counter()
        hits += bool(match_candidates(person))
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    print(f"  on-link check, {len(timings)} persons: p50 {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms, "
          f"max {max(timings):.1f} ms (cpu p50 {percentile(cpu, 50):.1f}, p95 {percentile(cpu, 95):.1f}); {hits} had a probable match")
    PersonMatch.objects.all().delete()
    env = dict(os.environ, DATABASE_URL=url)
    for run in ("first", "second (idempotent)"):
        t0 = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - our own console command
            [str(ROOT / ".venv/bin/giapranh"), "match", "--cluster", "cum-thu-nghiem", "--no-progress"],
            env=env, capture_output=True, text=True, check=True,
        )
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"  giapranh match, {run} run: {time.perf_counter() - t0:.0f} s (children's cpu so far {usage.ru_utime + usage.ru_stime:.0f} s), "
              f"peak memory {usage.ru_maxrss / 1024:.0f} MB; {done.stdout.strip()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["quality", "scale"])
    parser.add_argument("--persons", type=int, nargs="+", default=[2000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--generate-only", action="store_true", help="scale: build the database and stop")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giapranh.settings")
    if args.what == "quality":
        import django

        django.setup()
        quality(args.persons, args.seed)
    else:
        url = os.environ.get("DATABASE_URL") or "sqlite:////tmp/bench_match.sqlite3"
        scale(args.persons[0], args.seed, args.reuse, url, generate_only=args.generate_only)


if __name__ == "__main__":
    main()
