"""Diacritics-insensitive, typo-tolerant person search over a syllable index.

Why not a trigram index: the suite runs on SQLite and PostgreSQL alike, and
Vietnamese names are short sequences of a few thousand distinct syllables.

- Every person's folded names are split into syllables (`PersonNameToken`,
  indexed by (token, person) and (person, token)); the distinct syllables form
  a small vocabulary (`NameToken`) that each process caches.
- A query syllable is expanded against the vocabulary: itself; a prefix for the
  last syllable (the officer is still typing); and, in a second pass, every
  syllable within one edit (rapidfuzz) for syllables of three letters or more,
  one letter more for two-letter syllables (`ti` → thi).
- SQL finds the persons having one syllable of every expanded set: the rarest
  set drives, the others are probed per candidate through the (person, token)
  index; visibility and the year / commune filters apply in the same query.
- rapidfuzz ranks the few hundred candidates against the folded names.
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
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from giapranh.core.text import fold
from giapranh.people.links import persons_visible_parts
from giapranh.people.models import NameToken, Person, PersonNameToken

TOKEN_SPLIT = re.compile(r"[^0-9a-z]+")
TOKEN_MAX = 40
FUZZY_MIN_LENGTH = 3  # shorter syllables are only forgiven a missing letter
FUZZY_INSERT_MIN_LENGTH = 2
PREFIX_MIN_LENGTH = 1
CANDIDATES = 200
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
        matches = process.extract(token, self.words, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
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


@dataclass(frozen=True)
class Candidate:
    id: int
    full_name: str
    search_key: str


def _candidates(
    scope: Scope, sets: list[set[str]], vocab: Vocabulary, exclude: set[int], prefer: list[set[str]] | None = None,
) -> list[Candidate]:
    def weight(words: set[str]) -> float:
        return sum(vocab.frequency.get(w, 0) for w in words) * vocab.scale

    rarest, *others = sorted(sets, key=weight)
    # The rarest syllable drives: the scope's persons having it ...
    queryset = scope.persons.filter(pk__in=scope.syllables.filter(token__in=rarest).values("person_id"))
    for words in others:
        # ... checked for the other syllables through the (person, token) index.
        queryset = queryset.filter(Exists(PersonNameToken.objects.filter(person_id=OuterRef("pk"), token__in=words)))
    if exclude:
        queryset = queryset.exclude(pk__in=exclude)
    # Shorter names match the query more completely: look at them first, unless that means sorting a crowd.
    if weight(rarest) * scope.share <= ORDERED_MAX:
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
    rows = queryset.values_list("id", "full_name", "search_key")[:CANDIDATES]
    return [Candidate(*row) for row in rows]


def _score(query: str, candidate: Candidate) -> float:
    return max(
        fuzz.WRatio(query, fold(candidate.full_name)),
        fuzz.WRatio(query, candidate.search_key) - 5,  # an alias match ranks just below a name match
    )


def _scopes(user: Any, filters: Q, vocab: Vocabulary) -> list[Scope]:
    parts = persons_visible_parts(user)
    if parts is None:
        return []
    population = max(1, vocab.population)
    large = int(population * AGENCY_INDEX_MAX_SHARE) + 1
    owned = _owned_estimate(Person.objects.filter(parts.owned_q), (connection.alias, user.agency.path), cap=large)
    if owned >= large:
        # A province's or district's police: most persons are its own. One query over all it
        # sees, driven by the (token, person) index, visibility checked per candidate.
        return [Scope(Person.objects.filter(parts.visible_q).filter(filters), PersonNameToken.objects.all(), owned / population)]
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


def search(*, user: Any, q: str, filters: Q | None = None, limit: int) -> list[Ranked]:
    """Rank the persons `user` sees (narrowed by `filters`) whose names match `q`."""
    tokens = name_tokens(q)
    if not tokens:
        return []
    query = " ".join(tokens)
    vocab = vocabulary()
    scopes = _scopes(user, filters or Q(), vocab)
    ranked: list[tuple[float, bool, Candidate]] = []
    seen: set[int] = set()
    exact_sets = _expansions(tokens, vocab, fuzzy=False, keep_unknown=True)
    for fuzzy in (False, True):
        sets = _expansions(tokens, vocab, fuzzy=fuzzy)
        if sets is None:
            continue
        prefer = exact_sets if fuzzy else None
        batch = [(_score(query, c), not fuzzy, c) for scope in scopes for c in _candidates(scope, sets, vocab, seen, prefer)]
        batch.sort(key=lambda r: (-r[0], r[2].search_key, r[2].id))
        ranked.extend(batch)
        seen.update(candidate.id for _, _, candidate in batch)
        if len(ranked) >= limit:
            break
    ranked = ranked[:limit]
    # Only the persons shown are loaded whole (with their home commune).
    persons = Person.objects.select_related("home_commune").in_bulk([candidate.id for _, _, candidate in ranked])
    return [Ranked(persons[c.id], score, exact) for score, exact, c in ranked if c.id in persons]


def index_stats() -> dict[str, Any]:
    """Sizes of the index (for the benchmark report)."""
    return {"syllables": NameToken.objects.count(), "rows": PersonNameToken.objects.count()}
