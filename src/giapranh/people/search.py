"""Diacritics-insensitive, typo-tolerant person search over a syllable index.

Why not a trigram index: the suite runs on SQLite and PostgreSQL alike, and
Vietnamese names are short sequences of a few thousand distinct syllables.

- Every person's folded names are split into syllables (`PersonNameToken`,
  indexed by (token, person) and (person, token)); the distinct syllables form
  a small vocabulary (`NameToken`) that each process caches.
- A query syllable is expanded against the vocabulary: itself; a prefix for the
  last syllable (the officer is still typing); and, in a second pass, every
  syllable within one edit (optimal string alignment: two swapped neighbouring
  letters are one edit) for syllables of three letters or more, one letter more
  for two-letter syllables (`ti` → thi).
- SQL finds the persons having one syllable of every expanded set: the rarest
  set drives, the others are probed per candidate through the (person, token)
  index; visibility and the year / commune filters apply in the same query.
  Of a query of three syllables or more only the family and given names are
  required (the middle name is often dropped or different); candidates that
  spell more of the query exactly are looked at first. When even the rarest
  syllable matches a crowd (a superior's common name) and ordering would cost
  more than it helps, the exact, then typo-tolerant, then middle-less sets are
  tried in turn.
- A province's police (most persons are its own) looks a name of two syllables
  or more up first by the family and given names stored on each person
  (`Person.family_key`, `given_key`, one index with the birth year), visibility
  checked per candidate (`VisibleParts.checked_q`); the syllable index only
  when that leaves the page short.
- A birth year keeps the persons born that year, a year either side, or of
  unknown year; it ranks rather than excludes.
- A CCCD, CMND, passport or phone number in the query finds its person directly.
- `name_similarity` ranks the few hundred candidates: family and given names
  weigh more than the middle name, each name syllable answers one query
  syllable (so `Phan Thanh Thành` is not `Phan Thanh Dũng`), an agreeing birth
  year adds to the score.
"""

from __future__ import annotations

import bisect
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Case, Count, Exists, Max, OuterRef, Q, Value, When
from django.db.models.functions import Length
from django.utils import timezone
from rapidfuzz import process
from rapidfuzz.distance import OSA

from giapranh.core.text import fold
from giapranh.people.links import persons_checked_q, persons_visible_parts
from giapranh.people.models import EARLIEST_BIRTH_YEAR, NameToken, Person, PersonNameToken
from giapranh.people.namegen import known_syllables

TOKEN_SPLIT = re.compile(r"[^0-9a-z]+")
TOKEN_MAX = 40
FUZZY_MIN_LENGTH = 3  # shorter syllables are only forgiven a missing letter
FUZZY_INSERT_MIN_LENGTH = 2
PREFIX_MIN_LENGTH = 1
CANDIDATES = 200
# Above this many estimated namesakes (by family and given names), they are not ordered.
KEYS_ORDERED_MAX = 5_000
# About the share of persons born within a year of a given year, or in an unknown year.
KEYS_YEAR_SHARE = 0.15
# Persons sampled (the newest) to estimate how common each syllable is.
FREQUENCY_SAMPLE = 50_000
# Above this many estimated matches, ordering candidates by name length costs more than it helps.
ORDERED_MAX = 20_000
OWNED_COUNT_SECONDS = 300
AGENCY_INDEX_MAX_SHARE = 0.2
FREQUENCY_REFRESH_SECONDS = 6 * 3600


def name_tokens(text: str) -> list[str]:
    """Folded syllables of a name, in order, without repeats (`Nguyễn Văn Đức` → nguyen, van, duc)."""
    seen: dict[str, None] = {}
    for token in TOKEN_SPLIT.split(fold(text)):
        if token:
            seen.setdefault(token[:TOKEN_MAX], None)
    return list(seen)


def name_syllables(text: str) -> list[str]:
    """Folded syllables of a name, in order, repeats kept (`Phan Thanh Thành` → phan, thanh, thanh)."""
    return [token[:TOKEN_MAX] for token in TOKEN_SPLIT.split(fold(text)) if token]


def person_tokens(person: Person) -> list[str]:
    return name_tokens(person.build_search_key())


# --- the index, maintained by the services --------------------------------------------------


def vocabulary_add(tokens: Iterable[str]) -> None:
    """Add syllables the vocabulary does not know yet (insert only the new ones: keeps ids dense)."""
    tokens = set(tokens)
    if not tokens:
        return
    known = set(NameToken.objects.filter(token__in=tokens).values_list("token", flat=True))
    missing = tokens - known
    if missing:
        NameToken.objects.bulk_create([NameToken(token=t) for t in sorted(missing)], ignore_conflicts=True)


def person_index(person: Person) -> None:
    """Bring the person's syllable rows in line with their names."""
    wanted = set(person_tokens(person))
    current = set(PersonNameToken.objects.filter(person=person).values_list("token", flat=True))
    if current - wanted:
        PersonNameToken.objects.filter(person=person, token__in=current - wanted).delete()
    if wanted - current:
        vocabulary_add(wanted - current)
        PersonNameToken.objects.bulk_create(
            [PersonNameToken(person=person, token=t, owner_agency_id=person.owner_agency_id) for t in sorted(wanted - current)],
            ignore_conflicts=True,
        )


# --- the vocabulary cache --------------------------------------------------------------------


@dataclass
class Vocabulary:
    fingerprint: tuple[int, int]
    words: list[str]
    frequency: dict[str, int] = field(default_factory=dict)
    # How many persons one sampled person stands for, and about how many persons there are.
    scale: float = 1.0
    population: int = 0
    counted_at: float = 0.0

    def prefixed(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.words, prefix)
        found = []
        for word in self.words[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return found

    def near(self, token: str) -> list[str]:
        """Syllables one edit away; a two-letter syllable only gains a letter (`ti` → thi, `tu` → thu)."""
        matches = process.extract(token, self.words, scorer=OSA.distance, score_cutoff=1, limit=None)
        words = [word for word, _distance, _index in matches]
        if len(token) < FUZZY_MIN_LENGTH:
            words = [word for word in words if len(word) > len(token)]
        return words


_lock = threading.Lock()
_cache: dict[str, Vocabulary] = {}
_owned_counts: dict[tuple[str, str], tuple[int, float]] = {}


def _fingerprint() -> tuple[int, int]:
    row = NameToken.objects.aggregate(top=Max("id"), rows=Count("id"))
    return (row["top"] or 0, row["rows"] or 0)


def _count(tokens: list[str] | None) -> tuple[dict[str, int], float, int]:
    """How often syllables occur among the newest persons, the sample's scale and the population."""
    newest = Person.objects.aggregate(top=Max("id"))["top"] or 0
    rows = PersonNameToken.objects.filter(person_id__gt=newest - FREQUENCY_SAMPLE)
    if tokens is not None:
        rows = rows.filter(token__in=tokens)
    counts = dict(rows.order_by().values_list("token").annotate(n=Count("person_id")).values_list("token", "n"))
    return counts, max(1.0, newest / FREQUENCY_SAMPLE), newest


def vocabulary() -> Vocabulary:
    """The cached vocabulary, reloaded when a syllable has appeared since.

    Only a vocabulary read outside a transaction is cached: inside one it may
    hold syllables that are later rolled back (and SQLite reuses their ids).
    """
    alias = connection.alias
    fingerprint = _fingerprint()
    cached = _cache.get(alias)
    now = time.monotonic()
    if cached is not None and cached.fingerprint == fingerprint and now - cached.counted_at < FREQUENCY_REFRESH_SECONDS:
        return cached
    words = sorted(NameToken.objects.values_list("token", flat=True))
    if cached is not None and now - cached.counted_at < FREQUENCY_REFRESH_SECONDS:
        # Only new syllables need counting; they are rare by nature.
        frequency, scale, population = dict(cached.frequency), cached.scale, cached.population
        new = [w for w in words if w not in frequency]
        if new:
            frequency.update(dict.fromkeys(new, 0) | _count(new)[0])
        counted_at = cached.counted_at
    else:
        counts, scale, population = _count(None)
        frequency = dict.fromkeys(words, 0) | counts
        counted_at = now
    result = Vocabulary(fingerprint, words, frequency, scale, population, counted_at)
    if not transaction.get_connection().in_atomic_block:
        with _lock:
            _cache[alias] = result
    return result


def vocabulary_forget() -> None:
    """Drop the cached vocabulary and scope sizes (tests; after bulk loads)."""
    with _lock:
        _cache.clear()
        _owned_counts.clear()


# --- ranking ---------------------------------------------------------------------------------

# Family and given names tell persons apart; the middle name is often dropped or different.
EDGE_WEIGHT = 1.0
MIDDLE_WEIGHT = 0.4
# A name syllable the query does not mention costs a little (partial queries stay near the top).
EXTRA_SYLLABLE_PENALTY = 0.03
# A query's family (given) name answered by another part of the name.
ROLE_MISMATCH = 0.9
TYPING_SIMILARITY = 0.85
EDIT_SIMILARITY = 0.8
KNOWN_EDIT_SIMILARITY = 0.4
INSERT_SIMILARITY = 0.75
# Typed with the same diacritics as recorded: breaks ties between `Thanh` and `Thành`.
MARKS_BONUS = 0.02
ALIAS_PENALTY = 0.05
# The birth year given: the same year, or one year off.
YEAR_BONUS = {0: 0.10, 1: 0.05}
NUMBER_SCORE = 200.0


def syllable_similarity(a: str, b: str, *, typing: bool = False) -> float:
    """How well the name syllable `b` answers the query syllable `a` (1: the same, 0: unrelated)."""
    if a == b:
        return 1.0
    if typing and b.startswith(a):
        return TYPING_SIMILARITY
    if min(len(a), len(b)) >= FUZZY_MIN_LENGTH and OSA.distance(a, b, score_cutoff=1) <= 1:
        # `loi` typed for a recorded `Lộc` is more likely another name than a typo.
        known = known_syllables()
        return KNOWN_EDIT_SIMILARITY if a in known and b in known else EDIT_SIMILARITY
    if len(a) == FUZZY_INSERT_MIN_LENGTH and len(b) == len(a) + 1 and OSA.distance(a, b, score_cutoff=1) <= 1:
        return INSERT_SIMILARITY
    return 0.0


def name_similarity(query: list[str], name: list[str], *, typing: bool = False) -> float:
    """Similarity (about 0..1) of a folded query to a folded name, syllable lists with repeats kept.

    Each name syllable answers at most one query syllable; the first and last
    query syllables (family and given names) weigh twice a middle one.
    """
    n, m = len(query), len(name)
    if not n or not m:
        return 0.0
    weights = [EDGE_WEIGHT if i in (0, n - 1) else MIDDLE_WEIGHT for i in range(n)]
    pairs = []
    for i, a in enumerate(query):
        for j, b in enumerate(name):
            similarity = syllable_similarity(a, b, typing=typing and i == n - 1)
            if not similarity:
                continue
            if n >= 2 and m >= 2 and ((i == 0) != (j == 0) or (i == n - 1) != (j == m - 1)):
                similarity *= ROLE_MISMATCH
            pairs.append((similarity * weights[i], i, j))
    pairs.sort(key=lambda p: (-p[0], abs(p[1] - p[2])))
    used_query: set[int] = set()
    used_name: set[int] = set()
    total = 0.0
    for value, i, j in pairs:
        if i in used_query or j in used_name:
            continue
        used_query.add(i)
        used_name.add(j)
        total += value
    return total / sum(weights) - EXTRA_SYLLABLE_PENALTY * (m - len(used_name))


def _marks_bonus(raw_query: list[str], raw_name: list[str]) -> float:
    """Syllables typed with the recorded diacritics (only when the query has any)."""
    left = list(raw_name)
    bonus = 0.0
    for syllable in raw_query:
        if syllable in left:
            left.remove(syllable)
            bonus += MARKS_BONUS
    return bonus


# --- the search ------------------------------------------------------------------------------


@dataclass
class Ranked:
    person: Person
    score: float
    exact: bool


def _expansions(tokens: list[str], vocab: Vocabulary, *, fuzzy: bool, keep_unknown: bool = False) -> list[set[str]] | None:
    """For every query syllable, the vocabulary syllables it may stand for (None: nothing can match).

    With `keep_unknown`, a syllable standing for nothing is kept as itself (to rank by exactness).
    """
    sets = []
    for index, token in enumerate(tokens):
        words = {token}
        if index == len(tokens) - 1 and len(token) >= PREFIX_MIN_LENGTH:
            words.update(vocab.prefixed(token))
        if fuzzy and len(token) >= FUZZY_INSERT_MIN_LENGTH:
            words.update(vocab.near(token))
        words = {w for w in words if w in vocab.frequency}
        if not words:
            if not keep_unknown:
                return None
            words = {token}
        sets.append(words)
    return sets


def _owned_estimate(queryset: models.QuerySet[Person], key: tuple[str, str], *, cap: int) -> int:
    """How many persons an agency subtree recorded, counted up to `cap` (cached a few minutes)."""
    now = time.monotonic()
    cached = _owned_counts.get(key)
    if cached is not None and now - cached[1] < OWNED_COUNT_SECONDS:
        return cached[0]
    count = queryset.order_by()[:cap].count()
    _owned_counts[key] = (count, now)
    return count


@dataclass
class Scope:
    """Part of what the user sees, queried on its own so that each part uses its best index."""

    # The persons of this part, already narrowed by the caller's filters.
    persons: models.QuerySet[Person]
    # The syllable rows of these persons: the rarest query syllable is looked up among them.
    syllables: models.QuerySet[PersonNameToken]
    # About which share of all persons the part holds (to estimate how many match).
    share: float
    # Most persons are the user's (a province's police): a name's family and given names are
    # looked up first through the (given, family, year) index of the persons table.
    broad: bool = False


@dataclass(frozen=True)
class Candidate:
    id: int
    full_name: str
    other_names: str
    search_key: str
    birth_year: int | None


CANDIDATE_FIELDS = ("id", "full_name", "other_names", "search_key", "birth_year")


def _weight(words: set[str], vocab: Vocabulary) -> float:
    return sum(vocab.frequency.get(w, 0) for w in words) * vocab.scale


def _crowded(scope: Scope, sets: list[set[str]], vocab: Vocabulary) -> bool:
    """Would the candidates be too many to order (the rarest syllable alone matches a crowd)?"""
    return min(_weight(words, vocab) for words in sets) * scope.share > ORDERED_MAX


def _candidates(
    scope: Scope, sets: list[set[str]], vocab: Vocabulary, exclude: set[int], prefer: list[set[str]] | None = None,
) -> list[Candidate]:
    rarest, *others = sorted(sets, key=lambda words: _weight(words, vocab))
    # The rarest syllable drives: the scope's persons having it ...
    queryset = scope.persons.filter(pk__in=scope.syllables.filter(token__in=rarest).values("person_id"))
    for words in others:
        # ... checked for the other syllables through the (person, token) index.
        queryset = queryset.filter(Exists(PersonNameToken.objects.filter(person_id=OuterRef("pk"), token__in=words)))
    if exclude:
        queryset = queryset.exclude(pk__in=exclude)
    # Shorter names match the query more completely: look at them first, unless that means sorting a crowd.
    if not _crowded(scope, [rarest], vocab):
        order: list[Any] = [Length("search_key"), "id"]
        if prefer:
            # Typo-tolerant candidates: those spelling more of the query exactly come first.
            exact = sum(
                (
                    Case(When(Exists(PersonNameToken.objects.filter(person_id=OuterRef("pk"), token__in=words)), then=1), default=0)
                    for words in prefer
                ),
                Value(0),
            )
            queryset = queryset.alias(exactness=exact)
            order.insert(0, "-exactness")
        queryset = queryset.order_by(*order)
    else:
        queryset = queryset.order_by()
    rows = queryset.values_list(*CANDIDATE_FIELDS)[:CANDIDATES]
    return [Candidate(*row) for row in rows]


def _by_name_keys(
    scope: Scope, query: list[str], vocab: Vocabulary, exclude: set[int], *, birth_year: int | None,
) -> list[Candidate]:
    """Persons whose family and given names answer the query's first and last syllables.

    Each within one typo, the last one possibly still being typed; one range of the
    (given, family, year) index per pair of spellings, however common the name. Those
    spelling more of the query exactly (the middle names included) come first.
    """
    first, last, middles = query[0], query[-1], query[1:-1]
    family = {first, *(vocab.near(first) if len(first) >= FUZZY_INSERT_MIN_LENGTH else ())}
    given = {last, *vocab.prefixed(last), *(vocab.near(last) if len(last) >= FUZZY_INSERT_MIN_LENGTH else ())}
    family = {w for w in family if w in vocab.frequency}
    given = {w for w in given if w in vocab.frequency}
    if not family or not given:
        return []
    queryset = scope.persons.filter(family_key__in=sorted(family), given_key__in=sorted(given))
    if exclude:
        queryset = queryset.exclude(pk__in=exclude)
    rows = _weight(family, vocab) * _weight(given, vocab) / max(1, vocab.population) * scope.share
    if rows * (KEYS_YEAR_SHARE if birth_year else 1.0) > KEYS_ORDERED_MAX:
        # Thousands of namesakes (a common name without a year): ordering them all costs more than it
        # helps; those spelling the whole query exactly (born that year, when given) are taken first,
        # as the index gives them.
        exact = queryset.filter(family_key=first, given_key=last)
        for middle in dict.fromkeys(middles):
            exact = exact.filter(search_key__contains=f" {middle} ")
        found: list[Candidate] = []
        for part in ([exact.filter(birth_year=birth_year)] if birth_year else []) + [exact, queryset]:
            if len(found) >= CANDIDATES:
                break
            if found:
                part = part.exclude(pk__in=[c.id for c in found])
            found += [Candidate(*row) for row in part.order_by().values_list(*CANDIDATE_FIELDS)[: CANDIDATES - len(found)]]
        return found
    exactness = Case(When(family_key=first, then=1), default=0) + Case(When(given_key=last, then=1), default=0)
    for middle in dict.fromkeys(middles):
        exactness += Case(When(search_key__contains=f" {middle} ", then=1), default=0)
    order: list[Any] = ["-exactness", Length("search_key"), "id"]
    if birth_year:
        # Among equally exact spellings, the year given first, a year off next, unknown years last.
        order.insert(1, Case(When(birth_year=birth_year, then=0), When(birth_year__isnull=True, then=2), default=1))
    queryset = queryset.alias(exactness=exactness).order_by(*order)
    return [Candidate(*row) for row in queryset.values_list(*CANDIDATE_FIELDS)[:CANDIDATES]]


def _scopes(user: Any, filters: Q, vocab: Vocabulary) -> list[Scope]:
    parts = persons_visible_parts(user)
    if parts is None:
        return []
    population = max(1, vocab.population)
    large = int(population * AGENCY_INDEX_MAX_SHARE) + 1
    owned = _owned_estimate(Person.objects.filter(parts.owned_q), (connection.alias, user.agency.path), cap=large)
    if owned >= large:
        # A province's or district's police: most persons are its own. One query over all it
        # sees, driven by the (token, person) index, visibility checked per candidate: its own
        # agencies first, the records linking a person only for the few persons recorded elsewhere
        # (never the list of every person its records link: for a province, a scan of all of them).
        persons = Person.objects.filter(parts.checked_q).filter(filters)
        return [Scope(persons, PersonNameToken.objects.all(), owned / population, broad=True)]
    # A commune's police: its persons through the (agency, token) index ...
    scopes = [
        Scope(
            Person.objects.filter(parts.owned_q).filter(filters),
            PersonNameToken.objects.filter(owner_agency_id__in=parts.agency_ids),
            owned / population,
        )
    ]
    if parts.linked is not None:
        # ... and the persons linked from records it sees but recorded elsewhere: few (records
        # shared by the cluster, granted by a notice), so they are listed once, then looked up by id.
        # (Listed without touching the persons table: joined to it, the planner cannot tell how
        # few they are and may scan, say, everyone born in 1991.)
        ids = parts.linked_ids
        if ids is None:
            others = Person.objects.filter(pk__in=parts.linked).exclude(parts.owned_q).filter(filters)
            scopes.append(Scope(others, PersonNameToken.objects.all(), 1.0))
        elif ids:
            others = Person.objects.filter(pk__in=ids).exclude(parts.owned_q).filter(filters)
            scopes.append(Scope(others, PersonNameToken.objects.filter(person_id__in=ids), len(ids) / population))
    return scopes


def year_q(birth_year: int | None) -> Q:
    """Born in `birth_year`, a year either side (typed years are often off by one), or in an unknown year."""
    if not birth_year:
        return Q()
    return Q(birth_year__range=(birth_year - 1, birth_year + 1)) | Q(birth_year__isnull=True)


# Digits typed with spaces, dots or dashes (`0010 8001 2345`, `091.234.5678`), a passport number (`E12345678`).
_DIGITS = re.compile(r"\+?\d[\d .\-]*\d")
_PASSPORT = re.compile(r"\b[A-Za-z]{1,2}\d{6,9}\b")
NUMBER_MIN_DIGITS = 9


def split_numbers(q: str) -> tuple[Q | None, str]:
    """The identity numbers typed in a query (a Q over CCCD, CMND, passport and phone) and the rest of it."""
    found = Q()
    any_number = False
    rest = q
    for match in _PASSPORT.finditer(q):
        found |= Q(passport_number=match.group().upper())
        any_number = True
        rest = rest.replace(match.group(), " ")
    for match in _DIGITS.finditer(rest):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) < NUMBER_MIN_DIGITS:
            continue
        any_number = True
        rest = rest.replace(match.group(), " ")
        local = "0" + digits[2:] if digits.startswith("84") and len(digits) >= 11 else digits
        phones = {digits, local, "+84" + local[1:] if local.startswith("0") else local}
        found |= Q(id_number=digits) | Q(passport_number=digits) | Q(phone__in=sorted(phones))
    return (found if any_number else None), rest


# A birth year typed after the name (`tran huu loi 1983`), or a date of birth (`12/03/1983`).
_YEAR = re.compile(r"(?<![\d/.\-])(?:\d{1,2}[/.\-]\d{1,2}[/.\-])?((?:19|20)\d\d)(?![\d/.\-])")


def split_year(q: str) -> tuple[int | None, str]:
    """The birth year (or date of birth) typed in a query, and the rest of it."""
    match = _YEAR.search(q)
    if match is None:
        return None, q
    year = int(match.group(1))
    if not EARLIEST_BIRTH_YEAR <= year <= timezone.localdate().year:
        return None, q
    return year, q[: match.start()] + " " + q[match.end() :]


def _rank(candidate: Candidate, query: list[str], raw_query: list[str] | None, birth_year: int | None) -> tuple[float, bool]:
    names = [candidate.full_name] + [alias for alias in candidate.other_names.split(",") if alias.strip()]
    best = -1.0
    exact = False
    for index, name in enumerate(names):
        syllables = name_syllables(name)
        value = name_similarity(query, syllables, typing=True) - (ALIAS_PENALTY if index else 0.0)
        if raw_query:
            value += _marks_bonus(raw_query, name.lower().split())
        if value > best:
            best = value
            exact = all(token in syllables for token in query)
    if birth_year and candidate.birth_year:
        best += YEAR_BONUS.get(abs(candidate.birth_year - birth_year), 0.0)
    return best * 100, exact


def search(
    *, user: Any, q: str, filters: Q | None = None, limit: int, birth_year: int | None = None,
) -> list[Ranked]:
    """Rank the persons `user` sees (narrowed by `filters`, and by `birth_year` ±1 or unknown) matching `q`.

    `q` is a name, or a CCCD / CMND / passport / phone number, or both; a year typed after the name
    (`tran huu loi 1983`) counts as `birth_year`.
    """
    numbers, rest = split_numbers(q)
    typed_year, rest = split_year(rest)
    birth_year = birth_year or typed_year
    found: list[Ranked] = []
    if numbers is not None:
        persons = (
            Person.objects.filter(persons_checked_q(user)).filter(filters or Q()).filter(numbers)
            .select_related("home_commune").order_by("search_key", "id")[:limit]
        )
        found = [Ranked(person, NUMBER_SCORE, True) for person in persons]
    query = name_syllables(rest)
    tokens = name_tokens(rest)
    if not tokens or len(found) >= limit:
        return found[:limit]
    raw = rest.lower().split()
    raw_query = raw if fold(rest) != rest.lower() else None
    vocab = vocabulary()
    scopes = _scopes(user, (filters or Q()) & year_q(birth_year), vocab)
    seen: set[int] = {r.person.pk for r in found}
    candidates: list[Candidate] = []
    exact_sets = _expansions(tokens, vocab, fuzzy=False, keep_unknown=True)
    # A middle name dropped or different: the family and given names must still be there.
    widest = [query[0], query[-1]] if len(tokens) >= 3 else tokens
    widest_sets = _expansions(widest, vocab, fuzzy=True)
    tiers: list[tuple[list[str], bool]]
    if widest_sets is not None and not any(_crowded(scope, widest_sets, vocab) for scope in scopes):
        # Few enough to order: one query, the candidates spelling more of the query exactly first.
        tiers = [(widest, True)]
    else:
        # Crowds (a superior's common name): every syllable as typed; then within one typo when
        # the page is short; then without the middle name, since namesakes of the typed middle
        # name can fill a page on their own.
        tiers = [(tokens, False), (tokens, True)]
        if len(tokens) >= 3:
            tiers.append((widest, True))
    if len(query) >= 2 and len(scopes) == 1 and scopes[0].broad:
        # A province: the family and given names through their own index first; the syllable
        # index only when that leaves the page short (a query not naming family and given names).
        batch = _by_name_keys(scopes[0], query, vocab, seen, birth_year=birth_year)
        candidates.extend(batch)
        seen.update(c.id for c in batch)
        if len(candidates) + len(found) >= limit:
            tiers = []
    for number, (tier_tokens, fuzzy) in enumerate(tiers):
        if number == 1 and len(candidates) + len(found) >= limit:
            continue
        sets = _expansions(tier_tokens, vocab, fuzzy=fuzzy)
        if sets is None:
            continue
        prefer = exact_sets if fuzzy else None
        for scope in scopes:
            batch = _candidates(scope, sets, vocab, seen, prefer)
            candidates.extend(batch)
            seen.update(c.id for c in batch)
    ranked = []
    for candidate in candidates:
        score, exact = _rank(candidate, query, raw_query, birth_year)
        ranked.append((score, exact, candidate))
    ranked.sort(key=lambda r: (-r[0], r[2].search_key, r[2].id))
    ranked = ranked[: limit - len(found)]
    # Only the persons shown are loaded whole (with their home commune).
    persons_by_id = Person.objects.select_related("home_commune").in_bulk([c.id for _, _, c in ranked])
    found.extend(Ranked(persons_by_id[c.id], score, exact) for score, exact, c in ranked if c.id in persons_by_id)
    return found


def index_stats() -> dict[str, Any]:
    """Sizes of the index (for the benchmark report)."""
    return {"syllables": NameToken.objects.count(), "rows": PersonNameToken.objects.count()}
