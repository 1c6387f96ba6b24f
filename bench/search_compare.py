"""Side by side: our person search, a pg_trgm similarity query and rapidfuzz over all names.

Usage (the database is thrown away and rebuilt: its name must contain "bench"):

    DATABASE_URL=sqlite:////tmp/bench_compare.sqlite3 .venv/bin/python bench/search_compare.py --persons 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_compare .venv/bin/python bench/search_compare.py --persons 100000

It builds the province of `person_search.py` (200 communes, their police, one
officer and the provincial superior) and N persons named by `people.namegen`
(Kinh names and the Tày, Dao, Nùng and San Dìu names of the border districts,
birth dates or years, CCCDs), indexed as the services index them. It then asks
for persons as they are really typed: exactly, without diacritics (đ as d),
with one typo (a swap of neighbouring letters included), with the middle name
dropped or another one, and two of these at once; each with and without the
birth year. For each engine it reports how often the person is in the top 1 /
5 / 20, and the latency (p50 / p95), as the commune officer (targets among the
persons the officer sees) and as the provincial superior (everyone).

- ours: `people.selectors.person_search` (the picker's call, 20 results).
- pg_trgm (PostgreSQL only): `search_key % query ORDER BY similarity(search_key, query) DESC LIMIT 20`
  with a GIN trigram index on the folded name column `search_key`, the same visibility and the same
  birth-year rule (±1 or unknown) as ours. The extension and index are created in the benchmark
  database only.
- rapidfuzz: `process.extract(query, names, scorer=WRatio, limit=20)` over the folded names the
  user sees, held in memory (pre-grouped by year for the year queries); loading them is not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from person_search import build_world, percentile, prepare_database, setup_django  # noqa: E402

BATCH = 10_000
LIMIT = 20
KINDS = ["exact", "folded", "typo", "middle", "two"]


def generate(n: int, world: dict[str, Any], rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from giapranh.people.models import (
        NameToken,
        Person,
        PersonNameToken,
        Supervision,
        SupervisionBasis,
    )
    from giapranh.people.namegen import NameGenerator, citizen_id
    from giapranh.people.search import name_tokens

    names = NameGenerator(rng)
    communes, agencies = world["communes"], world["agencies"]
    basis = SupervisionBasis.objects.order_by("order").first()
    vocabulary: set[str] = set()
    now = timezone.now()
    started = time.perf_counter()
    done = 0
    while done < n:
        size = min(BATCH, n - done)
        persons = []
        for _ in range(size):
            gender = "male" if rng.random() < 0.55 else "female"
            where = rng.randrange(len(agencies))
            year = max(1935, min(2010, int(rng.gauss(1984, 14))))
            known_year = rng.random() < 0.93
            birth_date = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29)) if known_year and rng.random() < 0.7 else None
            person = Person(
                public_id=uuid.uuid4(), owner_agency=agencies[where], full_name=names.name(gender), gender=gender,
                birth_year=year if known_year else None, birth_date=birth_date, nationality="VN",
                id_number=citizen_id(rng, year, gender) if rng.random() < 0.6 else "",
                home_commune=communes[where] if rng.random() < 0.9 else rng.choice(communes),
                created_at=now, updated_at=now,
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
            # A supervision for 1% of the persons, a third of them shared with the cluster: persons
            # visible through linked records (the second half of the visibility rule) are exercised.
            supervisions = [
                Supervision(
                    public_id=uuid.uuid4(), owner_agency_id=p.owner_agency_id, commune_id=p.owner_agency.jurisdiction_id,
                    shared_with_cluster=rng.random() < 0.33, person_id=p.pk, basis=basis, number="",
                    starts_on=dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(500)), status="active",
                )
                for p in persons if rng.random() < 0.01
            ]
            Supervision.objects.bulk_create(supervisions, batch_size=BATCH)
        done += size
        print(f"\r  {done:>9,} persons  ({done / (time.perf_counter() - started):,.0f}/s)", end="", flush=True)
    NameToken.objects.bulk_create([NameToken(token=t) for t in sorted(vocabulary)], ignore_conflicts=True)
    print()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("CREATE INDEX IF NOT EXISTS bench_person_key_trgm ON people_person USING gin (search_key gin_trgm_ops)")
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def noisy(rng: random.Random, full_name: str, kind: str) -> str:
    from giapranh.people.namegen import MIDDLE, _typo, strip_marks

    words = full_name.split()
    if kind == "exact":
        return full_name
    if kind == "folded":
        return strip_marks(full_name).lower()
    if kind == "typo":
        words = strip_marks(full_name).lower().split()
        long = [i for i, w in enumerate(words) if len(w) >= 3] or [0]
        i = rng.choice(long)
        words[i] = _typo(rng, words[i])
        return " ".join(words)
    if kind == "middle":
        if len(words) >= 3 and rng.random() < 0.5:
            return " ".join([words[0], *words[2:]])
        middles = [m for m, _ in MIDDLE["male" if rng.random() < 0.5 else "female"]]
        return " ".join([words[0], rng.choice([m for m in middles if m not in words]), *words[-1:]])
    # two at once: the middle name and a typo, without diacritics
    return noisy(rng, strip_marks(noisy(rng, full_name, "middle")), "typo")


def plan(rng: random.Random, user: Any, count: int) -> list[tuple[int, str, int | None, str]]:
    from giapranh.people.models import Person

    visible = Person.objects.visible_to(user)
    top = visible.order_by("-id").values_list("id", flat=True).first() or 0
    low = visible.order_by("id").values_list("id", flat=True).first() or 0
    sample = {rng.randrange(low, top + 1) for _ in range(count * 5)}
    targets = list(visible.filter(id__in=sample).values_list("id", "full_name", "birth_year")[: count * 2])
    if len(targets) < count:
        targets = list(visible.values_list("id", "full_name", "birth_year")[: count * 2])
    result = []
    for i in range(count):
        pid, name, year = rng.choice(targets)
        kind = KINDS[i % len(KINDS)]
        with_year = (i // len(KINDS)) % 2 == 0
        result.append((pid, noisy(rng, name, kind), year if with_year else None, kind))
    return result


class Rapidfuzz:
    def __init__(self, user: Any) -> None:
        from giapranh.people.models import Person

        rows = list(Person.objects.visible_to(user).values_list("id", "search_key", "birth_year"))
        self.ids = [r[0] for r in rows]
        self.names = [r[1] for r in rows]
        self.by_year: dict[int | None, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            self.by_year[row[2]].append(index)

    def search(self, q: str, year: int | None) -> list[int]:
        from rapidfuzz import fuzz, process

        from giapranh.core.text import fold

        if year is None:
            found = process.extract(fold(q), self.names, scorer=fuzz.WRatio, limit=LIMIT)
            return [self.ids[index] for _name, _score, index in found]
        indexes = [i for y in (year - 1, year, year + 1, None) for i in self.by_year.get(y, ())]
        names = [self.names[i] for i in indexes]
        found = process.extract(fold(q), names, scorer=fuzz.WRatio, limit=LIMIT)
        return [self.ids[indexes[index]] for _name, _score, index in found]


def trigram(user: Any, q: str, year: int | None) -> list[int]:
    from django.contrib.postgres.search import TrigramSimilarity

    from giapranh.core.text import fold
    from giapranh.people.models import Person
    from giapranh.people.search import year_q

    folded = fold(q)
    queryset = Person.objects.visible_to(user).filter(year_q(year))
    queryset = queryset.extra(where=["people_person.search_key %% %s"], params=[folded])  # noqa: S610 - the bench's own SQL
    queryset = queryset.annotate(similarity=TrigramSimilarity("search_key", folded)).order_by("-similarity", "id")
    return list(queryset.values_list("id", flat=True)[:LIMIT])


def ours(user: Any, q: str, year: int | None) -> list[int]:
    from giapranh.people.selectors import person_search

    return [p.pk for p in person_search(user=user, q=q, birth_year=year, limit=LIMIT)]


def run(engine: str, user: Any, queries: list[tuple[int, str, int | None, str]], call: Any) -> dict[str, Any]:
    for _pid, q, year, _kind in queries[:10]:  # warm the caches as a running server is warm
        call(user, q, year)
    ranks: dict[tuple[str, bool], list[int | None]] = defaultdict(list)
    timings: list[float] = []
    cpu: list[float] = []
    for pid, q, year, kind in queries:
        user = type(user).objects.select_related("agency").get(pk=user.pk)
        c0, t0 = time.process_time(), time.perf_counter()
        ids = call(user, q, year)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        rank = ids.index(pid) if pid in ids else None
        ranks[(kind, year is not None)].append(rank)
        ranks[("all", year is not None)].append(rank)
    return {"engine": engine, "ranks": ranks, "timings": timings, "cpu": cpu}


def ceiling(user: Any, queries: list[tuple[int, str, int | None, str]]) -> float:
    """The best top-20 share with the year any engine could reach: the person meant is one of k indistinguishable.

    A query spelling the whole name (exactly, without diacritics, or with a typo) with the year
    says nothing that tells the person meant from the others of the same folded name born that
    year: among k of them, a top 20 holds the one meant with a chance of at most 20 / k. Queries
    with a middle name dropped or changed are counted as always found (a generous bound).
    """
    from giapranh.people.models import Person

    visible = Person.objects.visible_to(user)
    shares = []
    for pid, _q, year, kind in queries:
        if year is None:
            continue
        if kind in ("exact", "folded", "typo"):
            target = Person.objects.get(pk=pid)
            k = visible.filter(search_key=target.search_key, birth_year=target.birth_year).count()
            shares.append(min(1.0, LIMIT / max(1, k)))
        else:
            shares.append(1.0)
    return sum(shares) / max(1, len(shares))


def report(label: str, result: dict[str, Any], *, by_kind: bool) -> None:
    def share(values: list[int | None], k: int) -> float:
        return sum(1 for r in values if r is not None and r < k) / max(1, len(values))

    timings = result["timings"]
    cpu = result["cpu"]
    line = f"  {label:<11} {result['engine']:<10} p50 {percentile(timings, 50):7.1f} ms  p95 {percentile(timings, 95):7.1f} ms"
    # CPU time of this process: the whole search on SQLite; on PostgreSQL the server's share is not in it.
    line += f" (cpu p50 {percentile(cpu, 50):.1f} p95 {percentile(cpu, 95):.1f})"
    for with_year in (True, False):
        values = result["ranks"][("all", with_year)]
        line += f" | {'year' if with_year else 'no year'}: top1 {share(values, 1):.2f} top5 {share(values, 5):.2f} top20 {share(values, 20):.2f}"
    print(line, flush=True)
    if by_kind:
        for kind in KINDS:
            parts = []
            for with_year in (True, False):
                values = result["ranks"][(kind, with_year)]
                parts.append(f"{'year' if with_year else 'no year'} top20 {share(values, 20):.2f} (n={len(values)})")
            print(f"      {kind:<7} " + ", ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already holds the persons")
    parser.add_argument("--engines", default="ours,pg_trgm,rapidfuzz")
    parser.add_argument("--by-kind", action="store_true", help="top-20 share per kind of typing noise")
    parser.add_argument("--users", default="officer,superior", help="whose searches to run (officer, superior)")
    parser.add_argument("--generate-only", action="store_true", help="build the database and stop")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or "sqlite:////tmp/bench_compare.sqlite3"
    rng = random.Random(args.seed)
    prepare_database(url, reuse=args.reuse)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from giapranh.accounts.models import User
    from giapranh.people.models import Person

    print(f"database: {connection.vendor}, persons: {args.persons:,}")
    call_command("migrate", verbosity=0)
    if args.reuse and Person.objects.count() == args.persons:
        print("  reusing the generated persons")
    else:
        started = time.perf_counter()
        world = build_world(rng)
        generate(args.persons, world, rng)
        print(f"  generated in {time.perf_counter() - started:.0f} s")
    if args.generate_only:
        return
    engines = args.engines.split(",")
    if connection.vendor != "postgresql" and "pg_trgm" in engines:
        engines.remove("pg_trgm")
        print("  pg_trgm: PostgreSQL only, not run")
    for username, label in (("bench_officer", "officer"), ("bench_superior", "superior")):
        if label not in args.users.split(","):
            continue
        user = User.objects.select_related("agency").get(username=username)
        queries = plan(random.Random(args.seed + 1), user, args.searches)
        print(f"  {label:<11} ceiling for any engine, top 20 with the year: {ceiling(user, queries):.3f}")
        for engine in engines:
            if engine == "ours":
                result = run(engine, user, queries, ours)
            elif engine == "pg_trgm":
                result = run(engine, user, queries, trigram)
            else:
                t0 = time.perf_counter()
                index = Rapidfuzz(user)
                print(f"  ({label}: rapidfuzz loaded {len(index.names):,} names in {time.perf_counter() - t0:.1f} s)")
                result = run(engine, user, queries, lambda _u, q, y, index=index: index.search(q, y))
            report(label, result, by_kind=args.by_kind)


if __name__ == "__main__":
    main()
