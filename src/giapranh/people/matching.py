"""Same-person matching across a cluster's communes (the hit / no-hit alerts).

`compare(a, b)` weighs the evidence of two person records attribute by
attribute, Fellegi–Sunter style: each attribute's level (the same, nearly the
same, different, unknown) adds a log-odds weight, and the sum becomes a
probability. The weights were set by hand and checked on the labelled sets of
`people.namegen` (tests/people/test_matching.py, bench/matching.py): names
typed without diacritics, with đ as d, with one typo or two swapped letters,
with the middle name dropped or changed; dates as a year only or with day and
month swapped; an ID missing or with one wrong digit. Namesakes stay apart
because a different birth year, ID number or gender outweighs an identical name.

Blocking: a person is compared only with persons whose given name is within
one edit of theirs and whose birth year is within one (or unknown), or with the
same ID or passport number; a person without a year needs the family name too.
The on-link check (`match_candidates`) asks the database for exactly that,
through the (given name, family name, birth year, agency) index of the folded
names stored on each person, so it does not grow with the whole table;
`match_cluster` does the same in memory for a whole cluster.

The matcher runs over persons the caller may not see. What it returns names no
one: a database id to remember the pair by, the score and the agreement flags.
Callers must show nothing else of the other person (DESIGN.md: hit / no-hit).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from django.db.models import Q
from rapidfuzz import process
from rapidfuzz.distance import OSA

from giapranh.core.text import fold
from giapranh.people.choices import MatchStatus
from giapranh.people.namegen import known_syllables
from giapranh.people.search import vocabulary, year_q

Agreement = Literal["agree", "disagree", "unknown"]
ATTRIBUTES = ("name", "birth", "id_number", "home_commune", "gender")

# An alert is raised at or above this probability: chosen for precision (≥ 0.97 on the
# labelled sets) with a recall of about 0.9; see bench/README.md for the curve.
ALERT_THRESHOLD = 0.95

PRIOR = -2.0
NAME_WEIGHTS = {
    "exact": 4.0,  # the same syllables, diacritics aside
    "typo": 3.0,  # the same but one syllable one edit away
    "middle_dropped": 1.5,  # family and given names the same, the middle name left out on one side
    "middle_changed": 0.5,  # family and given names the same, another middle name
    "middle_typo": 0.5,  # either of the above with one typo in the family or given name
    "different": -6.0,
}
# Per doubling of the namesakes among the candidates.
NAMESAKE_PENALTY = 1.0
BIRTH_WEIGHTS = {
    "date": 4.0,  # the same date of birth
    "swapped": 2.5,  # day and month swapped
    "year": 1.5,  # the same year, one side without a date
    "other_day": -2.0,  # the same year, another day
    "year_off_by_one": -3.0,
    "other_year": -8.0,
    "unknown": 0.0,
}
ID_WEIGHTS = {"same": 8.0, "one_digit": 3.0, "different": -8.0, "unknown": 0.0}
COMMUNE_WEIGHTS = {"same": 1.0, "different": -1.0, "unknown": 0.0}
GENDER_WEIGHTS = {"same": 0.2, "different": -5.0, "unknown": 0.0}
UNKNOWN_GENDER = ("", "unknown")
_WORDS = re.compile(r"[\W_]+")


class Comparable(Protocol):
    """What the matcher reads of a person (a `Person`, or a `namegen.Record`)."""

    @property
    def full_name(self) -> str: ...
    @property
    def gender(self) -> str: ...
    @property
    def birth_date(self) -> dt.date | None: ...
    @property
    def birth_year(self) -> int | None: ...
    @property
    def id_number(self) -> str: ...
    @property
    def passport_number(self) -> str: ...
    @property
    def home_commune_id(self) -> int | None: ...


@dataclass(frozen=True)
class MatchResult:
    """The evidence that `other_id` is the same person: for alerts and remembered pairs only.

    `other_id` is a database id to remember the pair by; nothing of that person may be shown.
    """

    other_id: int
    score: float
    agreements: dict[str, Agreement] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    score: float
    agreements: dict[str, Agreement]
    levels: dict[str, str]


def _syllable_level(a: str, b: str, raw: tuple[str, str] | None = None) -> float:
    """1 the same, 0.5 one typo apart, 0 different (two real names one letter apart, `An` / `Anh`, differ).

    With `raw` (both names typed with diacritics), `Hương` and `Hường` are two names, not one.
    """
    known = known_syllables()
    if a == b:
        if raw is None or raw[0] == raw[1]:
            return 1.0
        return 0.0 if raw[0] in known and raw[1] in known else 0.5
    if max(len(a), len(b)) >= 3 and OSA.distance(a, b, score_cutoff=1) <= 1 and not (a in known and b in known):
        return 0.5
    return 0.0


@functools.lru_cache(maxsize=200_000)
def _syllables(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Folded and raw (lowercase) syllables of a name; cached, since a cluster repeats its names."""
    raw = tuple(word for word in _WORDS.split(name.lower()) if word)
    return tuple(fold(word)[:40] for word in raw), raw


def _name_level(a: str, b: str) -> str:
    (sa, ra), (sb, rb) = _syllables(a), _syllables(b)
    if not sa or not sb:
        return "different"
    marked = ra != sa and rb != sb

    def level(i: int, j: int) -> float:
        return _syllable_level(sa[i], sb[j], (ra[i], rb[j]) if marked else None)

    if sa == sb and (not marked or ra == rb):
        return "exact"
    family = level(0, 0)
    given = level(-1, -1)
    if not family or not given or len(sa) == 1 or len(sb) == 1:
        return "different"
    typos = (family < 1) + (given < 1)
    middle_a, middle_b = sa[1:-1], sb[1:-1]
    if len(middle_a) == len(middle_b):
        middle = [level(i, i) for i in range(1, len(sa) - 1)]
        if all(middle) and typos + sum(m < 1 for m in middle) == 1:
            return "typo"
        if all(m == 1 for m in middle) and typos == 0:
            return "exact"
    # Dropped: one side has no middle name, or fewer middle names all found in the other's.
    dropped = not middle_a or not middle_b or set(middle_a) <= set(middle_b) or set(middle_b) <= set(middle_a)
    if typos == 0:
        return "middle_dropped" if dropped else "middle_changed"
    if typos == 1:
        return "middle_typo"
    return "different"


def _year(record: Comparable) -> int | None:
    if record.birth_date:
        return record.birth_date.year
    return record.birth_year


def _birth_level(a: Comparable, b: Comparable) -> str:
    ya, yb = _year(a), _year(b)
    if ya is None or yb is None:
        return "unknown"
    if ya != yb:
        return "year_off_by_one" if abs(ya - yb) == 1 else "other_year"
    da, db = a.birth_date, b.birth_date
    if da is None or db is None:
        return "year"
    if da == db:
        return "date"
    if da.day == db.month and da.month == db.day:
        return "swapped"
    return "other_day"


def _id_level(a: Comparable, b: Comparable) -> str:
    pairs = [(a.id_number, b.id_number), (a.passport_number, b.passport_number)]
    levels = []
    for x, y in pairs:
        if not x or not y:
            continue
        if x == y:
            return "same"
        if len(x) == len(y):
            levels.append("one_digit" if sum(c != d for c, d in zip(x, y, strict=True)) == 1 else "different")
        # A 9-digit CMND and a 12-digit CCCD cannot be compared.
    if "one_digit" in levels:
        return "one_digit"
    return "different" if levels else "unknown"


def _simple_level(x: Any, y: Any, unknown: Iterable[Any] = (None,)) -> str:
    if x in unknown or y in unknown:
        return "unknown"
    return "same" if x == y else "different"


def _flag(weight: float) -> Agreement:
    return "agree" if weight > 0 else "disagree" if weight < 0 else "unknown"


def compare(a: Comparable, b: Comparable, *, namesakes: int = 0) -> Comparison:
    """The probability that two person records are the same person, and which attributes agree.

    `namesakes`: how many other candidates of `a` bear the same family and given
    name as `b`; the more, the less a shared name says (Splink's term frequencies).
    """
    comparison = _compare(a, b, namesakes=namesakes, floor=None)
    assert comparison is not None  # noqa: S101 - without a floor there is always a result
    return comparison


def _compare(a: Comparable, b: Comparable, *, namesakes: int, floor: float | None) -> Comparison | None:
    """`compare`, or None when the score cannot reach `floor` whatever the names (skips the costly part)."""
    levels = {
        "birth": _birth_level(a, b),
        "id_number": _id_level(a, b),
        "home_commune": _simple_level(a.home_commune_id, b.home_commune_id),
        "gender": _simple_level(a.gender, b.gender, UNKNOWN_GENDER),
    }
    weights = {
        "birth": BIRTH_WEIGHTS[levels["birth"]],
        "id_number": ID_WEIGHTS[levels["id_number"]],
        "home_commune": COMMUNE_WEIGHTS[levels["home_commune"]],
        "gender": GENDER_WEIGHTS[levels["gender"]],
    }
    if floor is not None and PRIOR + NAME_WEIGHTS["exact"] + sum(weights.values()) < math.log(floor / (1 - floor)):
        return None
    levels["name"] = _name_level(a.full_name, b.full_name)
    name = NAME_WEIGHTS[levels["name"]]
    if name > 0 and namesakes:
        name = max(name - NAMESAKE_PENALTY * math.log2(1 + namesakes), 0.1)
    weights["name"] = name
    total = PRIOR + sum(weights.values())
    score = 1 / (1 + math.exp(-total))
    return Comparison(
        round(score, 4), {attribute: _flag(weights[attribute]) for attribute in ATTRIBUTES},
        {attribute: levels[attribute] for attribute in ATTRIBUTES},
    )


# --- blocking ------------------------------------------------------------------------------


def _given(record: Comparable) -> str:
    syllables = _syllables(record.full_name)[0]
    return syllables[-1] if syllables else ""


def _family(record: Comparable) -> str:
    syllables = _syllables(record.full_name)[0]
    return syllables[0] if syllables else ""


def _near(word: str, words: list[str]) -> set[str]:
    found = {w for w, _d, _i in process.extract(word, words, scorer=OSA.distance, score_cutoff=1, limit=None)}
    return {word} | found


@dataclass
class BlockingIndex:
    """Records by (given name, birth year, family name), by (given, family), and by number.

    In memory, the family name is part of the key too (within one typo, as `compare`
    requires of any pair that is not tied by a number): it keeps the blocks small
    enough for a whole cluster.
    """

    records: list[Comparable]
    by_key: dict[tuple[str, int | None, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_name: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_number: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    near_cache: dict[str, set[str]] = field(default_factory=dict)
    family_cache: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        givens: set[str] = set()
        families: set[str] = set()
        self.families_of: dict[str, set[str]] = defaultdict(set)
        for index, record in enumerate(self.records):
            given, family = _given(record), _family(record)
            givens.add(given)
            families.add(family)
            self.families_of[given].add(family)
            self.by_key[(given, _year(record), family)].append(index)
            self.by_name[(given, family)].append(index)
            for number in (record.id_number, record.passport_number):
                if number:
                    self.by_number[number].append(index)
        self.words = sorted(givens)
        self.families = sorted(families)

    def near(self, word: str) -> set[str]:
        if word not in self.near_cache:
            self.near_cache[word] = _given_variants(word, _near(word, self.words))
        return self.near_cache[word]

    def near_family(self, word: str) -> set[str]:
        if word not in self.family_cache:
            self.family_cache[word] = {w for w in _near(word, self.families) if _syllable_level(word, w)}
        return self.family_cache[word]

    def candidates(self, record: Comparable) -> set[int]:
        """Indexes of the records the blocking rule pairs with `record`."""
        found: set[int] = set()
        year = _year(record)
        families = self.near_family(_family(record))
        for given in self.near(_given(record)):
            # Only the (given, family) pairs that exist: most combinations of variants do not.
            for family in families & self.families_of.get(given, set()):
                if year is None:
                    found.update(self.by_name.get((given, family), ()))
                    continue
                for y in (year - 1, year, year + 1, None):
                    found.update(self.by_key.get((given, y, family), ()))
        for number in (record.id_number, record.passport_number):
            if number:
                found.update(self.by_number.get(number, ()))
        return found


def block_pairs(left: list[Comparable], right: list[Comparable]) -> Iterator[tuple[int, int]]:
    """The (left index, right index) pairs the blocking rule compares."""
    index = BlockingIndex(right)
    for i, record in enumerate(left):
        for j in index.candidates(record):
            yield i, j


def name_key(record: Comparable) -> tuple[str, str]:
    """Folded family and given names: who counts as a namesake."""
    syllables = _syllables(record.full_name)[0]
    return (syllables[0], syllables[-1]) if syllables else ("", "")


def _plausible(a: Comparable, b: Comparable, key_a: tuple[str, str], key_b: tuple[str, str]) -> bool:
    """Cheap checks that rule a pair out before `compare` (another family name or gender, no shared number)."""
    if (a.id_number and a.id_number == b.id_number) or (a.passport_number and a.passport_number == b.passport_number):
        return True
    if key_a[0] != key_b[0] and not _syllable_level(key_a[0], key_b[0]):
        return False
    return a.gender in UNKNOWN_GENDER or b.gender in UNKNOWN_GENDER or a.gender == b.gender


def compare_block(
    record: Comparable, candidates: list[Comparable], *, only: Callable[[int], bool] | None = None,
    floor: float | None = None,
) -> Iterator[tuple[int, Comparison]]:
    """`record` compared with its blocked candidates (those `only` accepts), namesakes among all counted.

    Pairs with another family name or gender are not compared: they could not reach an alert.
    """
    key = name_key(record)
    keys = [name_key(candidate) for candidate in candidates]
    same = sum(1 for k in keys if k == key)
    for index, candidate in enumerate(candidates):
        if only is not None and not only(index):
            continue
        if not _plausible(record, candidate, key, keys[index]):
            continue
        comparison = _compare(record, candidate, namesakes=same - (keys[index] == key), floor=floor)
        if comparison is not None:
            yield index, comparison


def match_records(left: list[Comparable], right: list[Comparable], *, threshold: float = ALERT_THRESHOLD) -> list[tuple[int, int, Comparison]]:
    """Blocked pairs of two lists of records scoring at least `threshold` (benchmarks and tests)."""
    index = BlockingIndex(right)
    found = []
    for i, record in enumerate(left):
        block = sorted(index.candidates(record))
        for position, comparison in compare_block(record, [right[j] for j in block], floor=threshold or None):
            if comparison.score >= threshold:
                found.append((i, block[position], comparison))
    return found


# --- the database --------------------------------------------------------------------------

# Apps that act on a cluster's remembered pairs (the exchange's alerts) register here; this app imports none of them.
_PAIRS_LISTENERS: list[Callable[..., int]] = []


def register_pairs_listener(listener: Callable[..., int]) -> None:
    """`listener(cluster=)` runs after `giapranh match` remembered a cluster's pairs; it returns a count to report."""
    if listener not in _PAIRS_LISTENERS:
        _PAIRS_LISTENERS.append(listener)


def pairs_remembered(*, cluster: Any) -> list[int]:
    """Tell the listeners a cluster's pairs are remembered; their counts, in order."""
    return [listener(cluster=cluster) for listener in _PAIRS_LISTENERS]



def cluster_agency_ids(*, cluster: Any) -> list[int]:
    """The agencies whose jurisdiction is one of the cluster's communes."""
    from giapranh.accounts.models import Agency

    return list(Agency.objects.filter(jurisdiction__in=cluster.communes.all()).values_list("pk", flat=True))


def partner_agency_ids(*, agency_id: int) -> list[int]:
    """The other agencies of every cluster that contains the agency's commune."""
    from giapranh.accounts.models import Agency
    from giapranh.territory.models import Cluster

    clusters = Cluster.objects.filter(communes__agencies__pk=agency_id)
    return list(
        Agency.objects.filter(jurisdiction__clusters__in=clusters).exclude(pk=agency_id).distinct().values_list("pk", flat=True)
    )


def _given_variants(given: str, near: Iterable[str]) -> set[str]:
    """The given names blocked with `given`: one typo away; a two-letter name only gains a last letter.

    (`an` → anh, ang; not `van` or `lan`, which would bring in half the men by their middle name.)
    """
    if len(given) >= 3:
        return {given, *near}
    return {given, *(word for word in near if len(word) == len(given) + 1 and word.startswith(given))}


MATCH_FIELDS = ("id", "full_name", "gender", "birth_date", "birth_year", "id_number", "passport_number", "home_commune_id")


@dataclass(frozen=True)
class Row:
    id: int
    full_name: str
    gender: str
    birth_date: dt.date | None
    birth_year: int | None
    id_number: str
    passport_number: str
    home_commune_id: int | None


def match_candidates(
    person: Any, *, agency_ids: list[int] | None = None, threshold: float = ALERT_THRESHOLD,
) -> list[MatchResult]:
    """Persons of the partner agencies (default: the person's clusters) probably the same as `person`, best first.

    Runs over persons the caller may not see: the results carry a database id,
    the score and the agreement flags, and the caller must show nothing else.
    """
    from giapranh.people.models import Person, PersonMatch, name_keys

    if agency_ids is None:
        agency_ids = partner_agency_ids(agency_id=person.owner_agency_id)
    if not agency_ids:
        return []
    family_name, given_name = name_keys(person.full_name)
    persons = Person.objects.filter(owner_agency_id__in=agency_ids).exclude(pk=person.pk)
    # Each block is its own query, so that each uses its index: (given, family, year, agency) for
    # the names, the ID and passport indexes for the numbers.
    queries = []
    if given_name:
        vocab = vocabulary()
        given = _given_variants(given_name, vocab.near(given_name))
        # The family name within one typo too, as `compare` requires of a pair not tied by a number
        # (those come from the number queries below).
        family = {w for w in {family_name, *vocab.near(family_name)} if _syllable_level(family_name, w)}
        by_name = persons.filter(given_key__in=sorted(given), family_key__in=sorted(family))
        year = _year(person)
        if year is not None:
            by_name = by_name.filter(year_q(year))
        queries.append(by_name)
    if person.id_number:
        queries.append(persons.filter(id_number=person.id_number))
    if person.passport_number:
        queries.append(persons.filter(passport_number=person.passport_number))
    rows = {row[0]: row for query in queries for row in query.values_list(*MATCH_FIELDS)}
    results = []
    others = [Row(*row) for row in rows.values()]
    for position, comparison in compare_block(person, others, floor=threshold):  # type: ignore[arg-type]
        if comparison.score >= threshold:
            results.append(MatchResult(others[position].id, comparison.score, comparison.agreements))
    if results:
        # A pair a chief rejected never alerts again.
        ids = [r.other_id for r in results]
        rejected = PersonMatch.objects.filter(status=MatchStatus.REJECTED).filter(
            Q(first_id=person.pk, second_id__in=ids) | Q(second_id=person.pk, first_id__in=ids)
        )
        skip = {first if second == person.pk else second for first, second in rejected.values_list("first_id", "second_id")}
        results = [r for r in results if r.other_id not in skip]
    results.sort(key=lambda r: (-r.score, r.other_id))
    return results


def _admitted(threshold: float) -> tuple[bool, bool]:
    """Whether a pair not tied by an ID number can reach `threshold` born (another day of the same year, a year apart).

    Computed from the weights with every other attribute at its best: a level that cannot
    reach the threshold needs no comparing, unless an ID number agrees (found by the number indexes).
    """
    if not 0 < threshold < 1:
        return True, True
    need = math.log(threshold / (1 - threshold))
    best = PRIOR + NAME_WEIGHTS["exact"] + max(COMMUNE_WEIGHTS.values()) + max(GENDER_WEIGHTS.values())
    best += max(ID_WEIGHTS["unknown"], ID_WEIGHTS["different"])
    return best + BIRTH_WEIGHTS["other_day"] >= need, best + BIRTH_WEIGHTS["year_off_by_one"] >= need


def _masks(number: str) -> list[str]:
    """The number with each character in turn hidden: two numbers one digit apart share one of these."""
    return [f"{len(number)}:{number[:i]}?{number[i + 1:]}" for i in range(len(number))]


def cluster_pairs(
    records: list[Comparable], agencies: list[int], *, threshold: float = ALERT_THRESHOLD,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> Iterator[tuple[int, int, Comparison]]:
    """(i, j, comparison) for the pairs of records of different agencies scoring at least `threshold`, i < j.

    The same pairs, scores and namesake counts as comparing each record with its whole block
    (`BlockingIndex.candidates`), without comparing the pairs that cannot reach the threshold:
    within a block, a pair whose birth dates disagree (another day, a year apart) can reach an
    alert only with an agreeing ID number, so those are found through the number indexes (the
    same number, or one digit apart) instead of by comparing everyone born that year. The
    namesakes of a record among its block are counted, not listed.
    """
    index = BlockingIndex(records)
    other_day, off_by_one = _admitted(threshold)
    floor = threshold or None
    keys = [name_key(record) for record in records]
    years = [_year(record) for record in records]
    by_day: dict[tuple[str, str, int | None, tuple[int, int] | None], list[int]] = defaultdict(list)
    # Namesakes (the same family and given names) by year, in all and per agency.
    named: dict[tuple[tuple[str, str], int | None], int] = defaultdict(int)
    named_here: dict[tuple[tuple[str, str], int | None, int], int] = defaultdict(int)
    named_all: dict[tuple[str, str], int] = defaultdict(int)
    named_all_here: dict[tuple[tuple[str, str], int], int] = defaultdict(int)
    masked: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        family, given = keys[i]
        day = (record.birth_date.month, record.birth_date.day) if record.birth_date else None
        by_day[(given, family, years[i], day)].append(i)
        named[(keys[i], years[i])] += 1
        named_here[(keys[i], years[i], agencies[i])] += 1
        named_all[keys[i]] += 1
        named_all_here[(keys[i], agencies[i])] += 1
        for kind, number in (("i", record.id_number), ("p", record.passport_number)):
            if number:
                for mask in _masks(number):
                    masked[kind + mask].append(i)
    def day_of(record: Comparable) -> tuple[int, int] | None:
        return (record.birth_date.month, record.birth_date.day) if record.birth_date else None

    def block_of(key: tuple[str, str], year: int | None, birth: dt.date | None) -> tuple[list[int], set[tuple[str, str]]]:
        """The records a record of this name and birth is compared with by name (the same for all of them)."""
        family, given = key
        families = index.near_family(family)
        names = {(g, f) for g in index.near(given) for f in families & index.families_of.get(g, set())}
        found: set[int] = set()
        if year is None:
            for g, f in names:
                found.update(index.by_name.get((g, f), ()))
            return sorted(found), names
        days: list[tuple[int, int] | None] = [None]
        if birth is not None:
            days.append((birth.month, birth.day))
            if birth.day <= 12:
                days.append((birth.day, birth.month))
        for g, f in names:
            for y in (year - 1, year, year + 1) if off_by_one else (year,):
                if other_day or birth is None:
                    found.update(index.by_key.get((g, y, f), ()))
                else:
                    for day in days:
                        found.update(by_day.get((g, f, y, day), ()))
            found.update(index.by_key.get((g, None, f), ()))
        return sorted(found), names

    # Records of the same name and birth share their block: they are taken together, the block built once.
    groups: dict[tuple[tuple[str, str], int | None, tuple[int, int] | None], list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        groups[(keys[i], years[i], day_of(record))].append(i)
    order = [i for members in groups.values() for i in members]
    del groups
    positions: Iterable[int] = order
    if progress is not None:
        positions = progress(order)
    current: tuple[Any, ...] | None = None
    block: list[int] = []
    names: set[tuple[str, str]] = set()
    for i in positions:
        record, key, year, agency = records[i], keys[i], years[i], agencies[i]
        group = (key, year, day_of(record))
        if group != current:
            current = group
            block, names = block_of(key, year, record.birth_date)
        window = None if year is None else {year - 1, year, year + 1, None}
        # Tied by a number: the same (any name, any year, as the block has them) or one digit apart (within the block).
        numbered: set[int] = set()
        near_number: set[int] = set()
        for kind, number in (("i", record.id_number), ("p", record.passport_number)):
            if not number:
                continue
            numbered.update(index.by_number.get(number, ()))
            for mask in _masks(number):
                for j in masked.get(kind + mask, ()):
                    if (keys[j][1], keys[j][0]) in names and (window is None or years[j] in window):
                        near_number.add(j)
        # The namesakes among the whole block (other agencies), as `compare_block` counts them.
        if year is None:
            same = named_all[key] - named_all_here[(key, agency)]
        else:
            within = (year - 1, year, year + 1, None)
            same = sum(named[(key, y)] - named_here[(key, y, agency)] for y in within)
            same += sum(1 for j in numbered if keys[j] == key and agencies[j] != agency and years[j] not in within)
        extra = (numbered | near_number).difference(block) if numbered or near_number else ()
        for j in (*block, *extra):
            if j <= i or agencies[j] == agency:
                continue
            candidate = records[j]
            if not _plausible(record, candidate, key, keys[j]):
                continue
            comparison = _compare(record, candidate, namesakes=same - (keys[j] == key), floor=floor)
            if comparison is not None and comparison.score >= threshold:
                yield i, j, comparison


def match_cluster(
    *, cluster: Any, threshold: float = ALERT_THRESHOLD, progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> Iterator[tuple[int, int, Comparison]]:
    """Every pair of persons of different agencies of the cluster scoring at least `threshold` (lower id first)."""
    from giapranh.people.models import Person

    agency_ids = cluster_agency_ids(cluster=cluster)
    rows = Person.objects.filter(owner_agency_id__in=agency_ids).order_by("id").values_list(*MATCH_FIELDS, "owner_agency_id")
    records: list[Row] = []
    agencies: list[int] = []
    for row in rows.iterator(chunk_size=10_000):
        records.append(Row(*row[:-1]))
        agencies.append(row[-1])
    for i, j, comparison in cluster_pairs(records, agencies, threshold=threshold, progress=progress):  # type: ignore[arg-type]
        yield records[i].id, records[j].id, comparison
