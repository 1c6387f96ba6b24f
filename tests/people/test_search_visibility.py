"""The person search builds visibility on its own indexed path; a property test checks it never strays.

Over random persons (recorded by communes inside and outside the cluster, some
linked from records shared with the cluster, some not) and random queries, every
person the search returns is one `Person.objects.visible_to(user)` returns.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giapranh.core.services import record_share
from giapranh.people.models import Person
from giapranh.people.search import search
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
