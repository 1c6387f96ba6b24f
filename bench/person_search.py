"""Benchmark of the person search: N persons with realistic Vietnamese names, ~200 searches.

Usage (the database is thrown away and rebuilt: its name must contain "bench"):

    DATABASE_URL=sqlite:////tmp/bench_people.sqlite3 .venv/bin/python bench/person_search.py --persons 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_people .venv/bin/python bench/person_search.py --persons 1000000

It creates the database, runs the migrations, bulk-inserts a province of 10
districts x 20 communes with their police agencies, a cluster of six communes,
N persons (names drawn from Vietnamese family / middle / given name frequencies,
birth years, home communes), a supervision for 1% of them (a third shared with
the cluster, so that visibility through linked records is exercised), then
times searches made as one commune officer: exact, without diacritics, with a
typo, partial, still being typed, with and without the birth year. Persons are
inserted in batches of 10,000 through the ORM, indexed with the same functions
the services use (`Person.build_search_key`, `people.search.name_tokens`).
`--reuse` skips the generation when the database already holds N persons.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

BATCH = 10_000
LIMIT = 20  # results per search, as the picker asks

FAMILY = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 35), ("Huỳnh", 15), ("Phan", 45),
    ("Vũ", 25), ("Võ", 14), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
    ("Lý", 5), ("Đinh", 6), ("Trịnh", 5), ("Đoàn", 5), ("Lâm", 4), ("Mai", 4), ("Tô", 3), ("Lương", 4),
    ("Hà", 4), ("Cao", 3), ("Tạ", 2), ("Vương", 2), ("Triệu", 2), ("Chu", 2), ("Khổng", 1), ("La", 1),
    ("Kiều", 1), ("Quách", 1), ("Thái", 1), ("Từ", 1), ("Nông", 2), ("Lò", 1), ("Ma", 1), ("Hứa", 1),
]
MIDDLE_MALE = [
    ("Văn", 450), ("Đức", 60), ("Minh", 60), ("Quang", 45), ("Hữu", 45), ("Công", 40), ("Xuân", 35),
    ("Thành", 30), ("Ngọc", 30), ("Duy", 25), ("Anh", 20), ("Tiến", 20), ("Trọng", 20), ("Hoàng", 20),
    ("Thanh", 25), ("Mạnh", 15), ("Đình", 30), ("Bá", 15), ("Viết", 10), ("Quốc", 20), ("Hải", 10),
]
MIDDLE_FEMALE = [
    ("Thị", 600), ("Ngọc", 50), ("Thu", 40), ("Thanh", 40), ("Minh", 25), ("Phương", 20), ("Hồng", 25),
    ("Kim", 20), ("Thúy", 15), ("Bích", 15), ("Mai", 10), ("Hải", 10), ("Diệu", 8), ("Khánh", 8), ("Mỹ", 10),
]
GIVEN_MALE = (
    "Anh Bình Cường Dũng Đức Duy Hải Hùng Huy Hưng Khánh Khoa Long Minh Nam Phong Phúc Quân Quang Sơn Tài "
    "Thắng Thành Tiến Toàn Trung Tuấn Tùng Việt Vinh Đạt Hiếu Hoàng Kiên Lâm Lộc Mạnh Nghĩa Nhân Phát Tâm "
    "Thái Thịnh Trí Trọng Tú Tuyến Vũ Chiến Công Định Giang Hà Hậu Hòa Học Khải Lợi Luân Năm Ngọc Phú Quý "
    "Sáng Tân Thanh Thuận Tín Toản Trường Xuân Bảo Cảnh Chính Doanh Đông Dương Hạnh Hiệp Hoan Khôi Linh Lực "
    "Nguyên Nhật Quyết Sỹ Thạch Thiện Thông Thụ Tĩnh Tuệ Tường Uy Vĩnh Đăng Điệp Giáp Hợp Kha Mạnh Thuấn"
).split()
GIVEN_FEMALE = (
    "An Anh Bích Chi Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Huệ Hương Huyền Lan Liên Linh Loan Mai Ngân "
    "Ngọc Nhung Oanh Phương Quyên Quỳnh Tâm Thảo Thu Thủy Trang Trinh Tuyết Uyên Vân Xuân Yến Nga Nhàn Hoài "
    "Lệ My Nhi Thư Vy Hậu Lụa Sen Đào Cúc Diệp Gấm Hạnh Hòa Hường Khuê Lài Lý Mận Mơ Nguyệt Nhàn Nương Phượng "
    "Quế Sương Tâm Thắm Thêu Thoa Thơm Thùy Tiên Trâm Tươi Vui Xoan Yên"
).split()
# Hmong, Dao and Tày names of the northern border communes (Sùng A Páo, Lò Văn Pủa).
MINORITY_FAMILY = ["Sùng", "Giàng", "Vàng", "Thào", "Lò", "Ma", "Triệu", "Bàn", "Lý", "Hầu", "Mùa"]
MINORITY_GIVEN = "Páo Sử Dế Chứ Mỷ Dua Tủa Xá Pủa Chở Mua Sình Cháng Lềnh Khua Mí Sếnh Tỏa Dình Cở Chúa Lử".split()


def zipf(items: list[str], s: float = 0.9) -> list[tuple[str, float]]:
    return [(item, 1 / (rank + 1) ** s) for rank, item in enumerate(dict.fromkeys(items))]


class NameGenerator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.family = [n for n, _ in FAMILY], [w for _, w in FAMILY]
        self.middle = {
            "male": ([n for n, _ in MIDDLE_MALE], [w for _, w in MIDDLE_MALE]),
            "female": ([n for n, _ in MIDDLE_FEMALE], [w for _, w in MIDDLE_FEMALE]),
        }
        self.given = {}
        for gender, names in (("male", GIVEN_MALE), ("female", GIVEN_FEMALE)):
            weighted = zipf(names)
            self.given[gender] = ([n for n, _ in weighted], [w for _, w in weighted])

    def _pick(self, pair: tuple[list[str], list[float]]) -> str:
        return self.rng.choices(pair[0], pair[1])[0]

    def person(self) -> tuple[str, str]:
        gender = "male" if self.rng.random() < 0.55 else "female"
        if self.rng.random() < 0.03:
            middle = "A" if gender == "male" else "Thị"
            name = f"{self.rng.choice(MINORITY_FAMILY)} {middle} {self.rng.choice(MINORITY_GIVEN)}"
            return name, gender
        parts = [self._pick(self.family), self._pick(self.middle[gender])]
        if self.rng.random() < 0.15:
            parts.append(self._pick(self.middle[gender] if gender == "female" else self.given[gender]))
        parts.append(self._pick(self.given[gender]))
        return " ".join(dict.fromkeys(parts)), gender


# --- database ------------------------------------------------------------------------------


def prepare_database(url: str, *, reuse: bool) -> None:
    parsed = urlparse(url)
    name = Path(parsed.path).name if parsed.scheme.startswith("sqlite") else parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to rebuild {name!r}: use a throwaway database whose name contains 'bench'")
    if reuse:
        return
    if parsed.scheme.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.path + suffix).unlink(missing_ok=True)
        return
    import psycopg

    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giapranh.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


def build_world(rng: random.Random) -> dict[str, Any]:
    from giapranh.accounts.models import Agency, User
    from giapranh.territory.models import AdminUnit, Cluster

    def unit(**kw: Any) -> AdminUnit:
        u = AdminUnit(edition="legacy63", valid_to=dt.date(2025, 6, 30), latitude=21.5, longitude=105.4, **kw)
        u.search_key = u.build_search_key()
        u.save()
        return u

    province = unit(level="province", unit_type="tinh", code="99", name="Tỉnh Thử Nghiệm", short_name="Thử Nghiệm")
    province_police = Agency.objects.create(name="Công an tỉnh Thử Nghiệm", code="TN", kind="province_police", jurisdiction=province)
    communes, agencies = [], []
    for d in range(10):
        district = unit(level="district", unit_type="huyen", code=f"9{d:02d}", name=f"Huyện Số {d + 1}", short_name=f"Số {d + 1}", parent=province)
        district_police = Agency.objects.create(
            name=f"Công an huyện Số {d + 1}", code=f"H{d:02d}", kind="district_police", jurisdiction=district, parent=province_police,
        )
        for c in range(20):
            commune = unit(level="commune", unit_type="xa", code=f"9{d:02d}{c:02d}", name=f"Xã Thử {d + 1}-{c + 1}", short_name=f"Thử {d + 1}-{c + 1}", parent=district)
            communes.append(commune)
            agencies.append(Agency.objects.create(
                name=f"Công an xã Thử {d + 1}-{c + 1}", code=f"X{d:02d}{c:02d}", kind="commune_police", jurisdiction=commune, parent=district_police,
            ))
    cluster = Cluster.objects.create(name="Cụm thử nghiệm", slug="cum-thu-nghiem")
    # Six communes on both sides of a district line.
    cluster.communes.set([communes[0], communes[1], communes[2], communes[20], communes[21], communes[22]])
    officer = User.objects.create(username="bench_officer", agency=agencies[0], role="commune_officer")
    superior = User.objects.create(username="bench_superior", agency=province_police, role="superior")
    return {"communes": communes, "agencies": agencies, "officer": officer, "superior": superior}


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
            full_name, gender = names.person()
            where = rng.randrange(len(agencies))
            year = max(1935, min(2010, int(rng.gauss(1984, 14))))
            person = Person(
                public_id=uuid.uuid4(), owner_agency=agencies[where], full_name=full_name, gender=gender,
                birth_year=year, nationality="VN",
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
        rate = done / (time.perf_counter() - started)
        print(f"\r  {done:>9,} persons  ({rate:,.0f}/s)", end="", flush=True)
    NameToken.objects.bulk_create([NameToken(token=t) for t in sorted(vocabulary)], ignore_conflicts=True)
    print()
    with connection.cursor() as cursor:
        # What an operator runs after a bulk load (autovacuum gets there later on its own):
        # fresh statistics, and a visibility map that lets index-only scans skip the table.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- queries -------------------------------------------------------------------------------


def typo(rng: random.Random, word: str) -> str:
    """One edit (substitution, deletion or insertion) in a syllable of four letters or more."""
    i = rng.randrange(1, len(word))
    letters = "abcdeghiklmnopqrstuvxy"
    kind = rng.choice(["sub", "del", "ins"])
    if kind == "sub":
        return word[:i] + rng.choice([c for c in letters if c != word[i]]) + word[i + 1:]
    if kind == "del":
        return word[:i] + word[i + 1:]
    return word[:i] + rng.choice(letters) + word[i:]


def make_query(rng: random.Random, full_name: str, kind: str) -> str:
    from giapranh.core.text import fold

    words = full_name.split()
    if kind == "exact":
        return full_name
    if kind == "folded":
        return fold(full_name)
    if kind == "typo":
        folded = fold(full_name).split()
        candidates = [i for i, w in enumerate(folded) if len(w) >= 4] or [i for i, w in enumerate(folded) if len(w) >= 3]
        if candidates:
            i = rng.choice(candidates)
            folded[i] = typo(rng, folded[i])
        return " ".join(folded)
    if kind == "partial":
        return " ".join(words[-2:]) if rng.random() < 0.6 else words[-1]
    # "typing": the last syllable cut short
    last = fold(words[-1])
    return " ".join([*fold(" ".join(words[:-1])).split(), last[: max(1, len(last) - 2)]])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def run_searches(world: dict[str, Any], rng: random.Random, count: int, user: Any, *, show_misses: bool = False) -> None:
    from giapranh.core.text import fold
    from giapranh.people.models import Person
    from giapranh.people.search import index_stats, vocabulary, vocabulary_forget
    from giapranh.people.selectors import person_search

    officer = world["officer"]
    own = list(Person.objects.filter(owner_agency=officer.agency).values_list("id", "full_name", "birth_year")[:5000])
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    sample = {rng.randrange(1, top + 1) for _ in range(400)}
    others = list(Person.objects.exclude(owner_agency=officer.agency).filter(id__in=sample).values_list("id", "full_name", "birth_year"))
    kinds = ["exact", "folded", "typo", "partial", "typing"]
    plan = []
    for i in range(count):
        pid, name, year = rng.choice(own) if i % 10 else rng.choice(others)
        kind = kinds[i % len(kinds)]
        plan.append((pid, make_query(rng, name, kind), year if rng.random() < 0.5 else None, kind, i % 10 != 0))

    vocabulary_forget()
    started = time.perf_counter()
    vocabulary()
    cold = (time.perf_counter() - started) * 1000
    stats = index_stats()
    print(f"  index: {stats['rows']:,} syllable rows, vocabulary of {stats['syllables']:,} syllables; cold vocabulary load {cold:.0f} ms")
    # Warm the database cache the way a running server is warm.
    for _pid, q, year, _kind, _own in plan[:20]:
        person_search(user=user, q=q, birth_year=year, limit=LIMIT)

    timings: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    hits: Counter[str] = Counter()
    crowded: Counter[str] = Counter()
    tries: Counter[str] = Counter()
    leaked = 0
    for pid, q, year, kind, visible in plan:
        # Each search is a request: the user is loaded afresh, with none of the per-request caches.
        user = type(user).objects.select_related("agency").get(pk=user.pk)
        t0 = time.perf_counter()
        found = person_search(user=user, q=q, birth_year=year, limit=LIMIT)
        ms = (time.perf_counter() - t0) * 1000
        timings.append(ms)
        by_kind[kind].append(ms)
        ids = [p.pk for p in found]
        if visible:
            tries[kind] += 1
            hits[kind] += pid in ids
            # Missed only because more than a page of persons match as well as the target does:
            # namesakes (exact queries without a year) or one given name (partial queries).
            is_crowded = pid not in ids and len(found) == LIMIT and all(fold(q) in fold(p.full_name) for p in found)
            crowded[kind] += is_crowded
            if show_misses and pid not in ids and not is_crowded:
                target = Person.objects.get(pk=pid)
                print(f"    missed [{kind}] {q!r} (year {year}) → {target.full_name} {target.birth_year}: "
                      f"{len(found)} results, first {[p.full_name for p in found[:3]]}")
        elif pid in ids and user.pk == officer.pk:
            leaked += 1
    print(f"  {len(timings)} searches as {user.username}: p50 {percentile(timings, 50):.1f} ms, "
          f"p95 {percentile(timings, 95):.1f} ms, max {max(timings):.1f} ms, mean {statistics.mean(timings):.1f} ms")
    for kind in kinds:
        values = by_kind[kind]
        print(f"    {kind:8} p50 {percentile(values, 50):6.1f}  p95 {percentile(values, 95):6.1f}  "
              f"found {hits[kind]}/{tries[kind]} of the visible targets"
              + (f" (+{crowded[kind]} behind a full page of equally good matches)" if crowded[kind] else ""))
    if user.pk == officer.pk:
        print(f"  persons of other communes found by the officer: {leaked} (must be 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already holds the persons")
    parser.add_argument("--superior", action="store_true", help="also time the searches as the provincial superior")
    parser.add_argument("--show-misses", action="store_true", help="print the queries whose target was not found")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or "sqlite:////tmp/bench_people.sqlite3"
    rng = random.Random(args.seed)

    prepare_database(url, reuse=args.reuse)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from giapranh.accounts.models import User
    from giapranh.people.models import Person

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), persons: {args.persons:,}")
    call_command("migrate", verbosity=0)
    if args.reuse and Person.objects.count() == args.persons:
        communes = None
        world = {"officer": User.objects.get(username="bench_officer"), "superior": User.objects.get(username="bench_superior"), "communes": communes}
        print("  reusing the generated persons")
    else:
        started = time.perf_counter()
        world = build_world(rng)
        generate(args.persons, world, rng)
        print(f"  generated in {time.perf_counter() - started:.0f} s")
    # The searches draw from their own generator: a run on a reused database asks the same questions.
    run_searches(world, random.Random(args.seed + 1), args.searches, world["officer"], show_misses=args.show_misses)
    if args.superior:
        run_searches(world, random.Random(args.seed + 1), args.searches, world["superior"], show_misses=args.show_misses)


if __name__ == "__main__":
    main()
