"""The person search builds visibility on its own indexed path; a property test checks it never strays.

Over random persons (recorded by communes inside and outside the cluster, some
linked from records shared with the cluster, some not) and random queries, every
person the search returns is one `Person.objects.visible_to(user)` returns.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giapranh.accounts.choices import Role
from giapranh.core.services import record_share
from giapranh.people.models import Person
from giapranh.people.search import search
from tests.factories import UserFactory
from tests.people.factories import MeasureFactory, PersonFactory

SYLLABLES = ["Nguyễn", "Văn", "Đức", "Thị", "Lò", "Bính", "Hoàng", "Mai", "Triệu", "Sìn", "Nông", "Hà", "Đặng", "Quý", "Lợi"]
name = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(" ".join)
person = st.tuples(name, st.sampled_from(["a", "b", "c"]), st.sampled_from(["alone", "linked", "shared"]), st.none() | st.integers(1950, 2005))
query = st.one_of(name, st.lists(st.sampled_from([s.lower() for s in SYLLABLES] + ["nguyen", "duc", "dang", "loi", "thi"]), min_size=1, max_size=3).map(" ".join))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(persons=st.lists(person, min_size=1, max_size=12), queries=st.lists(query, min_size=1, max_size=4))
def test_the_search_never_returns_a_person_the_user_may_not_see(world, officer_a, chief_a, officer_b, outsider, superior_1, persons, queries) -> None:
    agencies = {"a": (world.police_a, world.commune_a, chief_a), "b": (world.police_b, world.commune_b, None), "c": (world.police_c, world.commune_c, None)}
    for full_name, side, link, year in persons:
        agency, commune, chief = agencies[side]
        someone = PersonFactory(owner_agency=agency, full_name=full_name, birth_year=year)
        if link != "alone":
            measure = MeasureFactory(owner_agency=agency, commune=commune, person=someone)
            if link == "shared" and chief is not None:
                record_share(record=measure, actor=chief, shared=True)
    for user in (officer_a, officer_b, outsider, superior_1):
        visible = set(Person.objects.visible_to(user).values_list("pk", flat=True))
        for q in queries:
            found = {hit.person.pk for hit in search(user=user, q=q, limit=50)}
            assert found <= visible, (user.username, q)


@pytest.fixture
def superior_province_1(world):
    """The provincial police of province 1 (communes A and C): every person recorded there is its own."""
    return UserFactory(username="superior_p1", agency=world.province_police_1, role=Role.SUPERIOR)


@pytest.mark.parametrize("subtree", ["listed", "by path"])
@pytest.mark.parametrize("plan", ["province plan", "commune plan"])
def test_a_provincial_superior_finds_its_province_and_nothing_of_the_other(world, superior_province_1, monkeypatch, plan, subtree) -> None:
    """The province's plan checks visibility person by person: the other province's persons stay out."""
    from giapranh.people import links
    from giapranh.people import search as module

    monkeypatch.setattr(module, "AGENCY_INDEX_MAX_SHARE", 0.0 if plan == "province plan" else 1.0)
    # A province's hundreds of agencies are tested by a subquery on the agency path.
    monkeypatch.setattr(links, "SUBTREE_LISTED_MAX", 50 if subtree == "listed" else 0)
    chief_b = UserFactory(username="chief_b", agency=world.police_b, role=Role.COMMUNE_CHIEF)
    # given: namesakes recorded in A and C (province 1) and in B (province 2)
    own_a = PersonFactory(owner_agency=world.police_a, full_name="Nguyễn Văn Đức", birth_year=1980)
    own_c = PersonFactory(owner_agency=world.police_c, full_name="Nguyễn Văn Đức", birth_year=1981)
    other = PersonFactory(owner_agency=world.police_b, full_name="Nguyễn Văn Đức", birth_year=1980)
    # B's unshared record, and B's record shared with the cluster (the province is not a cluster member)
    unshared = PersonFactory(owner_agency=world.police_b, full_name="Nguyễn Văn Đức", birth_year=1979)
    MeasureFactory(owner_agency=world.police_b, commune=world.commune_b, person=unshared)
    shared = PersonFactory(owner_agency=world.police_b, full_name="Nguyễn Văn Đức", birth_year=1982)
    record_share(record=MeasureFactory(owner_agency=world.police_b, commune=world.commune_b, person=shared), actor=chief_b, shared=True)
    # B's person in a record of A: the record is the province's, so the person is visible to it
    linked = PersonFactory(owner_agency=world.police_b, full_name="Nguyễn Văn Đức", birth_year=1978)
    MeasureFactory(owner_agency=world.police_a, commune=world.commune_a, person=linked)
    # when
    found = {hit.person.pk for hit in search(user=superior_province_1, q="nguyen van duc", limit=50)}
    by_year = {hit.person.pk for hit in search(user=superior_province_1, q="Nguyễn Văn Đức", birth_year=1980, limit=50)}
    # then
    assert found == {own_a.pk, own_c.pk, linked.pk}
    assert by_year == {own_a.pk, own_c.pk}
    assert found == set(Person.objects.visible_to(superior_province_1).values_list("pk", flat=True))
    assert not {other.pk, unshared.pk, shared.pk} & found
    # and the numbers typed in the same box follow the same rule
    other.id_number, linked.id_number = "026180000001", "026180000002"
    other.save(update_fields=["id_number"])
    linked.save(update_fields=["id_number"])
    assert [hit.person.pk for hit in search(user=superior_province_1, q="026180000001", limit=5)] == []
    assert [hit.person.pk for hit in search(user=superior_province_1, q="026180000002", limit=5)] == [linked.pk]
