"""Person search and visibility: who finds whom, with which spellings."""

from __future__ import annotations

import pytest
from django.http import Http404

from giapranh.people.models import Person
from giapranh.people.search import name_tokens, vocabulary
from giapranh.people.selectors import (
    person_get_for,
    person_linked_records,
    person_list,
    person_search,
    supervision_list,
)
from giapranh.people.services import person_create, person_update
from giapranh.territory.models import UnitSuccession
from tests.factories import AdminUnitFactory
from tests.people.factories import IllegalExitFactory, PersonFactory, SupervisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["commune plan", "commune plan, many linked persons", "province plan"])
def search_plan(request, monkeypatch) -> str:
    """Run every search test through each query plan: a commune's (the agency index plus the
    persons linked from shared records, listed by id or, when many, by subquery) and a
    province's (one query over all it sees)."""
    from giapranh.people import links, search

    monkeypatch.setattr(search, "AGENCY_INDEX_MAX_SHARE", 0.0 if request.param == "province plan" else 1.0)
    if request.param == "commune plan, many linked persons":
        monkeypatch.setattr(links, "LINKED_LISTED_MAX", 0)
    return request.param


@pytest.fixture
def duc(world, officer_a) -> Person:
    return person_create(actor=officer_a, full_name="Nguyễn Văn Đức", birth_year=1985, home_commune=world.commune_a)


@pytest.fixture
def crowd(world, officer_a) -> list[Person]:
    names = [
        ("Nguyễn Văn Dũng", 1985), ("Nguyễn Thị Đức Hạnh", 1990), ("Trần Văn Đức", 1972),
        ("Lê Văn Duy", 1985), ("Nguyễn Văn An", 1985), ("Phạm Minh Đức", 2001),
    ]
    return [person_create(actor=officer_a, full_name=n, birth_year=y, home_commune=world.commune_b) for n, y in names]


def test_tokens_fold_diacritics_and_split_on_punctuation() -> None:
    assert name_tokens("Nguyễn Văn Đức, (Đức béo)") == ["nguyen", "van", "duc", "beo"]


@pytest.mark.parametrize("query", ["nguyen van duc", "Nguyễn Văn Đức", "Nguyen Van Duk", "NGUYỄN  văn  đức"])
def test_three_spellings_find_nguyen_van_duc_first(duc, crowd, officer_a, query) -> None:
    # when
    found = person_search(user=officer_a, q=query)
    # then
    assert found[0] == duc


@pytest.mark.parametrize("query", ["van duc", "duc", "Đức", "nguyen van d", "ngyen van duc"])
def test_partial_and_misspelt_queries_find_him(duc, crowd, officer_a, query) -> None:
    assert duc in person_search(user=officer_a, q=query)


def test_partial_query_finds_every_duc_and_no_one_else(duc, crowd, officer_a) -> None:
    # when
    names = {p.full_name for p in person_search(user=officer_a, q="van duc")}
    # then: exact syllables first; near misses (Duy, Dũng) may follow, but no one without a "van"
    assert {"Nguyễn Văn Đức", "Trần Văn Đức"} <= names
    assert "Phạm Minh Đức" not in names and "Nguyễn Thị Đức Hạnh" not in names


def test_exact_matches_rank_before_typo_matches(duc, crowd, officer_a) -> None:
    found = person_search(user=officer_a, q="nguyen van duc")
    assert found[0] == duc
    assert {p.full_name for p in found[1:]} <= {"Nguyễn Văn Dũng", "Nguyễn Văn An", "Lê Văn Duy", "Trần Văn Đức", "Nguyễn Thị Đức Hạnh"}


def test_birth_year_and_home_commune_narrow_the_search(world, duc, crowd, officer_a) -> None:
    # given: another Nguyễn Văn Đức, born later, living in B
    other = person_create(actor=officer_a, full_name="Nguyễn Văn Đức", birth_year=1999, home_commune=world.commune_b)
    # then
    assert set(person_search(user=officer_a, q="nguyen van duc")) >= {duc, other}
    assert person_search(user=officer_a, q="nguyen van duc", birth_year=1999) == [other]
    assert person_search(user=officer_a, q="nguyen van duc", birth_year=1985) == [duc]
    assert person_search(user=officer_a, q="nguyen van duc", commune=world.commune_a) == [duc]
    assert person_search(user=officer_a, q="nguyen van duc", commune=world.commune_b)[0] == other


def test_commune_filter_follows_the_reform(world, duc, officer_a) -> None:
    # given: commune A merged into a new commune on 1 July 2025
    new_a = AdminUnitFactory(name="Xã Yên Lãng", edition="reform2025", valid_from="2025-07-01", valid_to=None)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=new_a)
    # then: filtering on the new commune finds people recorded against the old one
    assert person_search(user=officer_a, q="duc", commune=new_a) == [duc]


def test_other_names_are_searched_too(officer_a) -> None:
    person = person_create(actor=officer_a, full_name="Hoàng Văn Tư", other_names="Tư Sẹo, Tư Đen")
    assert person_search(user=officer_a, q="tu seo") == [person]


def test_a_new_syllable_is_searchable_at_once(officer_a, duc) -> None:
    # given: the vocabulary is loaded
    vocabulary()
    # when: a person with a syllable never seen before is recorded
    person = person_create(actor=officer_a, full_name="Sùng A Páo")
    # then: exact, prefix and typo queries find them
    assert person_search(user=officer_a, q="sung a pao") == [person]
    assert person_search(user=officer_a, q="sung a pa") == [person]
    assert person_search(user=officer_a, q="sung a paoo") == [person]


def test_renaming_updates_the_index(officer_a, duc) -> None:
    person_update(person=duc, actor=officer_a, full_name="Nguyễn Văn Đạt")
    assert person_search(user=officer_a, q="nguyen van dat") == [duc]
    assert duc not in person_search(user=officer_a, q="nguyen van duc")


def test_empty_or_punctuation_query_finds_nothing(duc, officer_a) -> None:
    assert person_search(user=officer_a, q="") == []
    assert person_search(user=officer_a, q=" ,. ") == []


def test_invisible_persons_are_never_found(duc, officer_b, outsider, steering, administrator) -> None:
    for user in (officer_b, outsider, steering, administrator):
        assert person_search(user=user, q="nguyen van duc") == []
        assert list(Person.objects.visible_to(user)) == []
        with pytest.raises(Http404):
            person_get_for(user=user, public_id=duc.public_id)


def test_superiors_see_persons_of_their_subtree(world, duc, superior_1) -> None:
    from tests.factories import UserFactory

    other_district = UserFactory(agency=world.district_police_2, role="superior")
    assert person_search(user=superior_1, q="nguyen van duc") == [duc]
    assert person_search(user=other_district, q="nguyen van duc") == []


def test_a_person_becomes_visible_through_a_record_shared_with_the_cluster(world, duc, officer_b, outsider) -> None:
    # given: an unshared supervision of Đức by commune A
    supervision = SupervisionFactory(owner_agency=world.police_a, commune=world.commune_a, person=duc)
    assert person_search(user=officer_b, q="nguyen van duc") == []
    # when: A shares it with the cluster
    supervision.shared_with_cluster = True
    supervision.save()
    # then: B finds and opens the person; C, outside the cluster, still does not
    assert person_search(user=officer_b, q="nguyen van duc") == [duc]
    assert person_get_for(user=officer_b, public_id=duc.public_id) == duc
    assert person_search(user=outsider, q="nguyen van duc") == []


def test_linked_records_list_only_what_the_user_sees(world, duc, officer_a, officer_b) -> None:
    # given: a shared supervision and an unshared illegal exit of the same person
    shared = SupervisionFactory(owner_agency=world.police_a, commune=world.commune_a, person=duc, shared_with_cluster=True)
    hidden = IllegalExitFactory(owner_agency=world.police_a, commune=world.commune_a, person=duc)
    # then
    mine = {r for group in person_linked_records(user=officer_a, person=duc) for r in group.records}
    theirs = {r for group in person_linked_records(user=officer_b, person=duc) for r in group.records}
    assert mine == {shared, hidden}
    assert theirs == {shared}


def test_person_list_filters_by_recorded_period_and_ranks_a_query(world, officer_a, duc, crowd) -> None:
    import datetime as dt

    from django.utils import timezone

    assert list(person_list(user=officer_a, date_to=dt.date(2000, 1, 1))) == []
    assert duc in person_list(user=officer_a, date_from=timezone.localdate())
    assert person_list(user=officer_a, q="nguyen van duc")[0] == duc


def test_record_lists_search_the_person_folded(world, officer_a) -> None:
    # given
    person = PersonFactory(owner_agency=world.police_a, full_name="Đặng Thị Hồng")
    record = SupervisionFactory(owner_agency=world.police_a, commune=world.commune_a, person=person)
    SupervisionFactory(owner_agency=world.police_a, commune=world.commune_a)
    # then
    assert list(supervision_list(user=officer_a, q="dang thi hong")) == [record]
    assert list(supervision_list(user=officer_a, q="Đặng Thị")) == [record]


@pytest.mark.django_db(transaction=True)
def test_the_cached_vocabulary_learns_new_syllables_across_commits(world, officer_a) -> None:
    # given: committed data and a vocabulary cached outside any transaction
    from giapranh.people import search

    person_create(actor=officer_a, full_name="Nguyễn Văn Đức")
    first = vocabulary()
    assert search._cache and "pao" not in first.words
    # when: a person with a syllable never seen before is committed
    pao = person_create(actor=officer_a, full_name="Sùng A Páo")
    # then: the next search reloads the vocabulary and forgives a typo in the new syllable
    assert person_search(user=officer_a, q="sung a paoo") == [pao]
    assert "pao" in vocabulary().words


def test_a_dropped_letter_in_a_short_syllable_is_forgiven(officer_a) -> None:
    # given
    lai = person_create(actor=officer_a, full_name="Lê Thị Lài")
    person_create(actor=officer_a, full_name="Lý Văn Lai")
    # then: "ti" stands for "thi"; "le" is not stretched to "ly" (a different family name)
    assert person_search(user=officer_a, q="le ti lai") == [lai]


def test_a_typo_query_looks_first_at_names_spelling_the_rest_exactly(officer_a, monkeypatch) -> None:
    # given: fewer candidates looked at than near matches exist
    from giapranh.people import search

    monkeypatch.setattr(search, "CANDIDATES", 3)
    for _ in range(4):
        person_create(actor=officer_a, full_name="Nguyễn Văn An")
    tan = person_create(actor=officer_a, full_name="Nguyễn Văn Tân")
    # when: the family name is misspelt; "van" and "tan" are exact
    found = person_search(user=officer_a, q="ngyen van tan")
    # then
    assert found[0] == tan
