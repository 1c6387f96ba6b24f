"""The same-person matcher: calibrated on a labelled set, blocking in the database, remembered pairs."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from giapranh.people.choices import MatchStatus
from giapranh.people.matching import (
    ALERT_THRESHOLD,
    BlockingIndex,
    MatchResult,
    block_pairs,
    cluster_pairs,
    compare,
    compare_block,
    match_candidates,
    match_records,
)
from giapranh.people.models import PersonMatch
from giapranh.people.namegen import Record, labelled_set, strip_marks
from giapranh.people.services import person_create, person_match_decide
from tests.factories import UserFactory

BASE = Record(
    key="a", identity=1, full_name="Đặng Thị Hường", gender="female", birth_date=dt.date(1984, 3, 11),
    birth_year=1984, id_number="026184012345", home_commune_id=1,
)


def _score(**changes: object) -> float:
    return compare(BASE, replace(BASE, key="b", **changes)).score  # type: ignore[arg-type]


# --- the comparison --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"full_name": strip_marks(BASE.full_name)},  # no diacritics, đ as d
        {"full_name": "Dang Thi Huong", "id_number": ""},
        {"full_name": "Đặng Thị Hưnòg"},  # two letters swapped
        {"full_name": "Đặng Hường", "id_number": ""},  # middle name dropped
        {"birth_date": None},  # the year only
        {"birth_date": dt.date(1984, 11, 3), "id_number": ""},  # day and month swapped
        {"id_number": "026184012845"},  # one wrong digit
        {"home_commune_id": None, "id_number": ""},
    ],
)
def test_hand_typing_noise_still_matches(changes) -> None:
    assert _score(**changes) >= ALERT_THRESHOLD


@pytest.mark.parametrize(
    "changes",
    [
        {"birth_date": dt.date(1991, 5, 2), "birth_year": 1991, "id_number": ""},  # a namesake born later
        {"id_number": "026184099999"},  # a namesake with another ID
        {"gender": "male", "id_number": ""},
        {"full_name": "Đặng Thị Hương", "birth_date": None, "id_number": ""},  # another given name, one letter apart
        {"full_name": "Đặng Văn Hùng", "gender": "male", "birth_date": None},
    ],
)
def test_namesakes_and_others_stay_apart(changes) -> None:
    assert _score(**changes) < ALERT_THRESHOLD


def test_agreements_name_each_attribute() -> None:
    other = replace(BASE, full_name="Dang Thi Huong", birth_date=None, id_number="", home_commune_id=2)
    result = compare(BASE, other)
    assert result.agreements == {
        "name": "agree", "birth": "agree", "id_number": "unknown", "home_commune": "disagree", "gender": "agree",
    }


def test_precision_and_recall_on_the_small_labelled_set() -> None:
    # given: two communes' records of partly the same 400 people, typed with noise, and namesakes
    labelled = labelled_set(seed=8, persons=400)
    truth = labelled.true_pairs()
    # when
    found = {(labelled.a[i].key, labelled.b[j].key) for i, j, _ in match_records(labelled.a, labelled.b)}
    # then
    true_positives = len(found & truth)
    precision, recall = true_positives / len(found), true_positives / len(truth)
    assert precision >= 0.97, precision
    assert recall >= 0.90, recall


def test_blocking_loses_no_pair_the_comparison_would_alert_on_and_compares_few_others() -> None:
    # given: a smaller set, compared in full
    labelled = labelled_set(seed=8, persons=150)
    alerts = {
        (a.key, b.key) for a in labelled.a for b in labelled.b if compare(a, b).score >= ALERT_THRESHOLD
    }
    # when
    blocked = {(labelled.a[i].key, labelled.b[j].key) for i, j in block_pairs(labelled.a, labelled.b)}
    # then
    assert alerts <= blocked
    assert len(blocked) < len(labelled.a) * len(labelled.b) / 50


def test_the_labelled_set_has_border_minority_names_and_namesakes() -> None:
    labelled = labelled_set(seed=8, persons=400)
    families = {r.full_name.split()[0] for r in labelled.a}
    assert {"Bàn", "Chảo", "Lục", "Diệp"} & families
    names_a = {r.full_name for r in labelled.a}
    identities_a = {r.identity for r in labelled.a}
    assert any(r.full_name in names_a and r.identity not in identities_a for r in labelled.b)


# --- in the database -------------------------------------------------------------------------


@pytest.fixture
def huong_a(world, officer_a):
    return person_create(
        actor=officer_a, full_name="Đặng Thị Hường", gender="female", birth_date=dt.date(1984, 3, 11),
        id_number="026184012345", home_commune=world.commune_a,
    )


@pytest.fixture
def huong_b(world, officer_b):
    return person_create(
        actor=officer_b, full_name="Dang Thi Hunog", gender="female", birth_year=1984, home_commune=world.commune_a,
    )


@pytest.mark.django_db
def test_the_on_link_check_finds_the_same_person_across_the_line(world, huong_a, huong_b, officer_b) -> None:
    # given: a namesake born elsewhere in time, and someone unrelated
    person_create(actor=officer_b, full_name="Đặng Thị Hường", gender="female", birth_year=1950)
    person_create(actor=officer_b, full_name="Nguyễn Văn An", birth_year=1984)
    # when
    results = match_candidates(huong_a)
    # then: one result, naming no one (an id, a score and flags)
    assert [r.other_id for r in results] == [huong_b.pk]
    assert isinstance(results[0], MatchResult) and set(vars(results[0])) == {"other_id", "score", "agreements"}
    assert results[0].agreements["name"] == "agree" and results[0].agreements["id_number"] == "unknown"
    assert [r.other_id for r in match_candidates(huong_b)] == [huong_a.pk]


@pytest.mark.django_db
def test_the_on_link_check_finds_persons_bulk_loaded_or_renamed(world, huong_a, officer_b) -> None:
    """The block is read from the folded family and given names stored on each person: bulk loads and renames keep them."""
    from giapranh.people.models import Person

    # given: B's record loaded in bulk (a demo, an import), another renamed afterwards
    [loaded] = Person.objects.bulk_create([
        Person(owner_agency=world.police_b, full_name="Đặng Thị Hường", gender="female", birth_date=dt.date(1984, 3, 11)),
    ])
    renamed = person_create(actor=officer_b, full_name="Lò Văn Pủa", gender="female", birth_year=1984)
    renamed.full_name = "Dang Thi Huong"
    renamed.save(update_fields=["full_name"])
    # then
    assert Person.objects.filter(pk=loaded.pk, family_key="dang", given_key="huong").exists()
    assert Person.objects.filter(pk=renamed.pk, family_key="dang", given_key="huong").exists()
    assert {r.other_id for r in match_candidates(huong_a, threshold=0.5)} == {loaded.pk, renamed.pk}


@pytest.mark.django_db
def test_the_on_link_check_stays_inside_the_cluster(world, huong_a) -> None:
    # given: the same person recorded by commune C, outside the cluster
    officer_c = UserFactory(agency=world.police_c, role="commune_officer")
    person_create(actor=officer_c, full_name="Đặng Thị Hường", gender="female", birth_year=1984)
    assert match_candidates(huong_a) == []


@pytest.mark.django_db
def test_match_command_is_idempotent_and_remembers_decisions(world, huong_a, huong_b, chief_a, officer_b) -> None:
    # when: run twice
    out = io.StringIO()
    call_command("match", cluster=world.cluster.slug, no_progress=True, stdout=out)
    call_command("match", cluster=world.cluster.slug, no_progress=True, stdout=out)
    # then: one pair, in id order
    pair = PersonMatch.objects.get()
    assert (pair.first_id, pair.second_id) == (huong_a.pk, huong_b.pk)
    assert "1 probable matches" in out.getvalue() and "Đặng" not in out.getvalue()
    # when: A's chief rejects it; an officer of B may not decide
    with pytest.raises(PermissionDenied):
        person_match_decide(match=pair, actor=officer_b, status=MatchStatus.CONFIRMED)
    person_match_decide(match=pair, actor=chief_a, status=MatchStatus.REJECTED)
    call_command("match", cluster=world.cluster.slug, no_progress=True, stdout=out)
    # then: the decision stays, and the on-link check no longer reports the pair
    pair.refresh_from_db()
    assert pair.status == MatchStatus.REJECTED and PersonMatch.objects.count() == 1
    assert match_candidates(huong_a) == []


@pytest.mark.django_db
def test_match_command_refuses_an_unknown_cluster(world) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("match", cluster="no-such-cluster", no_progress=True)


@pytest.mark.django_db
def test_a_chief_outside_the_pair_may_not_decide(world, huong_a, huong_b) -> None:
    call_command("match", cluster=world.cluster.slug, no_progress=True, stdout=io.StringIO())
    chief_c = UserFactory(agency=world.police_c, role="commune_chief")
    with pytest.raises(PermissionDenied):
        person_match_decide(match=PersonMatch.objects.get(), actor=chief_c, status=MatchStatus.REJECTED)


def _whole_blocks(records, agencies, threshold):
    """Each record compared with its whole block: what `cluster_pairs` must reproduce."""
    index = BlockingIndex(records)
    found = {}
    for i, record in enumerate(records):
        block = [j for j in index.candidates(record) if agencies[j] != agencies[i]]
        later = [j > i for j in block]
        for position, comparison in compare_block(record, [records[j] for j in block], only=later.__getitem__, floor=threshold):
            if comparison.score >= threshold:
                found[(i, block[position])] = comparison
    return found


@pytest.mark.parametrize("threshold", [ALERT_THRESHOLD, 0.8, 0.5])
def test_the_cluster_run_finds_the_pairs_and_scores_of_comparing_whole_blocks(threshold) -> None:
    # given: two communes' records of partly the same persons (typos, swapped days and months, an ID
    # one digit off, year only), among three agencies, namesakes included
    labelled = labelled_set(seed=11, persons=1500, namesakes=0.3)
    records = [*labelled.a, *labelled.b]
    agencies = [i % 3 for i in range(len(records))]
    # when
    found = {(i, j): comparison for i, j, comparison in cluster_pairs(records, agencies, threshold=threshold)}
    # then: the same pairs, the same scores (namesakes counted alike), without comparing every pair
    expected = _whole_blocks(records, agencies, threshold)
    assert len(expected) > 300
    assert found == expected
