"""Pages of the people app: lists, details, forms, deletion, sharing and the person picker."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giapranh.core.models import AccessLogEntry
from giapranh.people.models import ForeignVisit, IllegalExit, Measure, Person, Supervision
from tests.people.factories import (
    ForeignVisitFactory,
    IllegalExitFactory,
    MeasureFactory,
    PersonFactory,
    SupervisionFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, the filter form's communes, the user's cluster, the page and its count.
MAX_LIST_QUERIES = 19  # the page, its filters, and the access-log row for a page of names
LISTS = ["people:person_list", "people:supervision_list", "people:measure_list", "people:visit_list", "people:exit_list"]


@pytest.fixture
def duc(world) -> Person:
    return PersonFactory(
        owner_agency=world.police_a, full_name="Nguyễn Văn Đức", birth_year=1985, home_commune=world.commune_a,
        id_number="001085012345",
    )


@pytest.fixture
def records_a(world, duc) -> dict[str, object]:
    """One unshared record of each kind, all owned by commune A."""
    common = {"owner_agency": world.police_a, "commune": world.commune_a}
    return {
        "supervision": SupervisionFactory(person=duc, **common),
        "measure": MeasureFactory(person=duc, **common),
        "visit": ForeignVisitFactory(**common),
        "exit": IllegalExitFactory(**common),
    }


def _detail_urls(duc: Person, records: dict[str, object]) -> list[str]:
    return [duc.get_absolute_url(), *(r.get_absolute_url() for r in records.values())]  # type: ignore[attr-defined]


# --- who may open what ------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", LISTS)
def test_lists_require_sign_in(client, world, url_name) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("url_name", [*LISTS, "people:person_picker"])
def test_steering_viewers_get_403_on_every_list(client, steering, url_name) -> None:
    # given
    client.force_login(steering)
    # when
    response = client.get(reverse(url_name), {"q": "duc", "name": "person", "id": "id_person"})
    # then
    assert response.status_code == 403


def test_other_communes_get_404_on_unshared_records_and_persons(client, duc, records_a, officer_b, outsider) -> None:
    for user in (officer_b, outsider):
        client.force_login(user)
        for url in _detail_urls(duc, records_a):
            assert client.get(url).status_code == 404, (user.username, url)


def test_guessed_ids_get_404(client, officer_a) -> None:
    client.force_login(officer_a)
    guessed = uuid.uuid4()
    for name in ("person", "supervision", "measure", "visit", "exit"):
        assert client.get(reverse(f"people:{name}_detail", args=[guessed])).status_code == 404
        assert client.get(reverse(f"people:{name}_edit", args=[guessed])).status_code == 404
    assert client.get("/people/not-a-uuid/").status_code == 404


def test_a_shared_record_opens_to_the_cluster_with_its_person_but_not_for_editing(
    client, world, duc, records_a, officer_b, outsider
) -> None:
    # given
    supervision = records_a["supervision"]
    supervision.shared_with_cluster = True
    supervision.save()
    # when
    client.force_login(officer_b)
    # then: B reads the record and the person, but cannot edit or delete either
    assert client.get(supervision.get_absolute_url()).status_code == 200
    assert client.get(duc.get_absolute_url()).status_code == 200
    assert client.get(reverse("people:supervision_edit", args=[supervision.public_id])).status_code == 404
    assert client.get(reverse("people:supervision_delete", args=[supervision.public_id])).status_code == 404
    assert client.get(reverse("people:person_edit", args=[duc.public_id])).status_code == 404
    # and C, outside the cluster, still sees nothing
    client.force_login(outsider)
    assert client.get(supervision.get_absolute_url()).status_code == 404
    assert client.get(duc.get_absolute_url()).status_code == 404


def test_superiors_read_but_do_not_create(client, duc, superior_1) -> None:
    client.force_login(superior_1)
    assert client.get(duc.get_absolute_url()).status_code == 200
    assert client.get(reverse("people:person_create")).status_code == 403
    assert client.get(reverse("people:supervision_create")).status_code == 403


# --- lists ------------------------------------------------------------------------------------


def test_person_list_filters_by_name_year_and_commune(client, world, duc, officer_a) -> None:
    # given
    PersonFactory(owner_agency=world.police_a, full_name="Trần Thị Lan", birth_year=1990, home_commune=world.commune_b)
    client.force_login(officer_a)
    # when / then
    def names(**params: object) -> set[str]:
        response = client.post(reverse("people:person_list"), params, headers={"HX-Request": "true"})
        assert response.status_code == 200
        return {p.full_name for p in response.context["records"]}

    assert names() == {"Nguyễn Văn Đức", "Trần Thị Lan"}
    assert names(q="Nguyen Van Duk") == {"Nguyễn Văn Đức"}
    assert names(birth_year=1990) == {"Trần Thị Lan"}
    assert names(commune=world.commune_a.pk) == {"Nguyễn Văn Đức"}


def _queries(client, url: str, **params: object) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return len(queries), response


def test_person_list_pages_through_persons_without_n_plus_1(client, world, officer_a, django_assert_max_num_queries) -> None:
    # given: a few persons, one of them linked from a record
    url = reverse("people:person_list")
    for i in range(3):
        PersonFactory(owner_agency=world.police_a, full_name=f"Lê Văn Thử {i:02d}", home_commune=world.commune_a)
    client.force_login(officer_a)
    client.get(url)  # warm the per-process caches (content types)
    few, _response = _queries(client, url)
    # when: more persons than a page holds
    for i in range(3, 30):
        PersonFactory(owner_agency=world.police_a, full_name=f"Lê Văn Thử {i:02d}", home_commune=world.commune_b)
    many, first = _queries(client, url)
    second = client.get(url, {"page": 2})
    # then: the page costs the same number of queries
    assert many == few <= MAX_LIST_QUERIES
    assert len(first.context["records"]) == 25 and len(second.context["records"]) == 5
    assert first.context["page"].paginator.count == 30


def test_a_posted_person_search_is_logged_too(client, duc, officer_a) -> None:
    # given
    client.force_login(officer_a)
    before = AccessLogEntry.objects.count()
    # when: the page's form posts the name, then the list shows the result
    client.post(reverse("people:person_list"), {"q": "nguyen van duc"}, follow=True)
    # then
    rows = list(AccessLogEntry.objects.filter(id__gt=before))
    assert [(r.action, r.target_type, r.target_ref) for r in rows] == [("search", "people.person", "")]


def test_person_search_on_the_list_writes_one_search_row_without_the_query(client, duc, officer_a) -> None:
    # given
    client.force_login(officer_a)
    before = AccessLogEntry.objects.count()
    # when
    client.post(reverse("people:person_list"), {"q": "nguyen van duc"}, headers={"HX-Request": "true"})
    client.get(reverse("people:person_list"), {"reset": 1})
    client.get(reverse("people:person_list"))  # a plain list of names is logged as such
    client.get(reverse("people:person_list"), {"q": "nguyen van duc"})  # a name in a link does not search
    # then one row per page of names, never the query
    rows = list(AccessLogEntry.objects.filter(id__gt=before))
    assert [(r.action, r.target_type, r.target_ref, r.reason) for r in rows] == [
        ("search", "people.person", "", ""), ("list_names", "people.person", "", ""), ("list_names", "people.person", "", ""),
    ]


def test_htmx_filtering_returns_only_the_results(client, duc, officer_a) -> None:
    client.force_login(officer_a)
    response = client.get(reverse("people:person_list"), {"q": "duc"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="person-table"' in body and "Nguyễn Văn Đức" in body


@pytest.mark.parametrize(
    ("url_name", "factory"),
    [
        ("people:supervision_list", SupervisionFactory),
        ("people:measure_list", MeasureFactory),
        ("people:visit_list", ForeignVisitFactory),
        ("people:exit_list", IllegalExitFactory),
    ],
)
def test_record_lists_page_without_n_plus_1(client, world, officer_a, url_name, factory) -> None:
    # given
    url = reverse(url_name)
    factory(owner_agency=world.police_a, commune=world.commune_a)
    client.force_login(officer_a)
    client.get(url)
    few, _response = _queries(client, url)
    # when
    for _ in range(26):
        factory(owner_agency=world.police_a, commune=world.commune_a)
    many, response = _queries(client, url)
    # then
    assert many == few <= MAX_LIST_QUERIES
    assert len(response.context["records"]) == 25
    assert len(client.get(url, {"page": 2}).context["records"]) == 2


def test_record_lists_filter_by_period_kind_and_text(client, world, officer_a) -> None:
    # given
    common = {"owner_agency": world.police_a, "commune": world.commune_a}
    early = SupervisionFactory(starts_on=dt.date(2016, 1, 5), status="ended", ends_on=dt.date(2017, 1, 1), **common)
    late = SupervisionFactory(starts_on=dt.date(2020, 1, 5), **common)
    rehab = MeasureFactory(kind="compulsory_rehab", facility="Cơ sở cai nghiện tỉnh", **common)
    MeasureFactory(**common)
    tourist = ForeignVisitFactory(purpose="tourism", **common)
    ForeignVisitFactory(**common)
    trafficked = IllegalExitFactory(suspected_trafficking=True, **common)
    IllegalExitFactory(person=PersonFactory(owner_agency=world.police_a, full_name="Lò Thị Dung"), **common)
    client.force_login(officer_a)

    def listed(url_name: str, **params: object) -> list[object]:
        return list(client.post(reverse(url_name), params, headers={"HX-Request": "true"}).context["records"])

    # then
    assert listed("people:supervision_list", date_from="01/01/2019") == [late]
    assert listed("people:supervision_list", date_to="31/12/2016") == [early]
    assert listed("people:supervision_list", status="ended") == [early]
    assert listed("people:measure_list", kind="compulsory_rehab") == [rehab]
    assert listed("people:visit_list", purpose="tourism") == [tourist]
    assert listed("people:exit_list", suspected_trafficking="1") == [trafficked]
    assert listed("people:exit_list", q="lo thi dung") != [] and trafficked not in listed("people:exit_list", q="lo thi dung")
    assert listed("people:supervision_list", commune=world.commune_b.pk) == []


# --- details ----------------------------------------------------------------------------------


def test_reading_a_person_writes_an_access_log_row(client, duc, officer_a) -> None:
    # given
    client.force_login(officer_a)
    # when
    response = client.get(duc.get_absolute_url())
    # then
    assert response.status_code == 200 and "001085012345" in response.content.decode()
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.target_type, entry.target_ref, entry.actor_username) == (
        "view", "people.person", str(duc.public_id), "officer_a",
    )


def test_person_detail_lists_only_the_records_the_reader_sees(client, world, duc, records_a, officer_b) -> None:
    # given: only the supervision is shared
    supervision = records_a["supervision"]
    supervision.shared_with_cluster = True
    supervision.save()
    # when
    client.force_login(officer_b)
    body = client.get(duc.get_absolute_url()).content.decode()
    # then
    assert str(supervision.public_id) in body
    assert str(records_a["measure"].public_id) not in body


def test_record_details_log_and_show_history(client, records_a, officer_a) -> None:
    client.force_login(officer_a)
    for record in records_a.values():
        before = AccessLogEntry.objects.count()
        response = client.get(record.get_absolute_url())  # type: ignore[attr-defined]
        assert response.status_code == 200
        assert 'id="history"' in response.content.decode()
        assert AccessLogEntry.objects.count() == before + 1


# --- forms ------------------------------------------------------------------------------------


def test_officer_records_a_person_and_edits_them(client, world, officer_a) -> None:
    # given
    client.force_login(officer_a)
    # when
    response = client.post(reverse("people:person_create"), {
        "full_name": "Hà Văn Sơn", "gender": "male", "birth_date": "02/09/1980", "id_number": "0010 8001 2345",
        "nationality": "Việt Nam", "home_commune": world.commune_a.pk,
    })
    # then
    person = Person.objects.get(full_name="Hà Văn Sơn")
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert (person.owner_agency, person.birth_year, person.id_number, person.nationality) == (world.police_a, 1980, "001080012345", "VN")
    # when: edited
    response = client.post(reverse("people:person_edit", args=[person.public_id]), {
        "full_name": "Hà Văn Sơn", "other_names": "Sơn Râu", "gender": "male", "birth_date": "02/09/1980",
        "id_number": "001080012345", "nationality": "VN",
    })
    person.refresh_from_db()
    assert response.status_code == 302 and person.other_names == "Sơn Râu"
    assert person.history.count() == 2 and person.history.first().history_user == officer_a


def test_person_form_names_the_field_in_error(client, officer_a) -> None:
    client.force_login(officer_a)
    response = client.post(reverse("people:person_create"), {
        "full_name": "Hà Văn Sơn", "gender": "male", "id_number": "12345", "nationality": "VN",
    })
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert not Person.objects.exists()


def test_supervision_form_takes_the_picked_person_and_numbers_the_record(client, world, duc, officer_a) -> None:
    # given
    client.force_login(officer_a)
    basis = Supervision._meta.get_field("basis").related_model.objects.get(code="tien-an-tien-su")
    # when: the commune is left empty
    response = client.post(reverse("people:supervision_create"), {
        "person": str(duc.public_id), "basis": basis.pk, "starts_on": "15/03/2020", "status": "active",
    })
    # then
    supervision = Supervision.objects.get()
    assert response.status_code == 302
    assert (supervision.person, supervision.number, supervision.commune) == (duc, "QY-QL-2020-001", world.commune_a)


def test_a_picker_refuses_a_person_the_user_cannot_see(client, world, officer_b) -> None:
    # given: a person of commune A, unknown to B
    hidden = PersonFactory(owner_agency=world.police_a)
    client.force_login(officer_b)
    # when
    response = client.post(reverse("people:exit_create"), {"person": str(hidden.public_id), "left_on": "01/02/2019", "destination_country": "CN", "status": "abroad"})
    # then
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not IllegalExit.objects.exists()


def test_create_forms_are_prefilled_with_the_person(client, duc, officer_a) -> None:
    client.force_login(officer_a)
    body = client.get(reverse("people:supervision_create"), {"person": duc.public_id}).content.decode()
    assert f'value="{duc.public_id}"' in body and "Nguyễn Văn Đức" in body


def test_editing_a_record_shows_its_person_by_public_id_only(client, records_a, duc, officer_a) -> None:
    client.force_login(officer_a)
    body = client.get(reverse("people:measure_edit", args=[records_a["measure"].public_id])).content.decode()
    assert f'name="person" id="id_person" value="{duc.public_id}"' in body


def test_every_record_form_saves(client, world, officer_a) -> None:
    # given
    client.force_login(officer_a)
    person = PersonFactory(owner_agency=world.police_a)
    visitor = PersonFactory(owner_agency=world.police_a, full_name="Lý Minh", nationality="CN", passport_number="E7654321")
    posts = {
        "people:measure_create": {"person": person.public_id, "kind": "compulsory_rehab", "decision_number": "12/QĐ-UBND",
                                  "decision_date": "01/06/2019", "starts_on": "10/06/2019", "facility": "Cơ sở cai nghiện"},
        "people:visit_create": {"visitor": visitor.public_id, "purpose": "family_visit", "host_household": "Ông Lò Văn Pủa, thôn Tân Lập",
                                "arrival_on": "03/02/2019", "departure_on": "10/02/2019"},
        "people:exit_create": {"person": person.public_id, "left_on": "05/05/2018", "destination_country": "Trung Quốc", "status": "abroad"},
    }
    # when / then
    for url_name, data in posts.items():
        response = client.post(reverse(url_name), data)
        assert response.status_code == 302, response.context["form"].errors
    assert Measure.objects.count() == ForeignVisit.objects.count() == IllegalExit.objects.count() == 1
    assert IllegalExit.objects.get().destination_country == "CN"


# --- deletion and sharing ---------------------------------------------------------------------


def test_delete_asks_for_confirmation_then_deletes(client, records_a, officer_a) -> None:
    # given
    client.force_login(officer_a)
    visit = records_a["visit"]
    url = reverse("people:visit_delete", args=[visit.public_id])
    # when: opened
    response = client.get(url)
    # then: nothing happened yet
    assert response.status_code == 200 and 'id="confirm-delete"' in response.content.decode()
    assert ForeignVisit.objects.filter(pk=visit.pk).exists()
    # when: confirmed
    response = client.post(url)
    # then
    assert response.status_code == 302 and response["Location"] == reverse("people:visit_list")
    assert not ForeignVisit.objects.filter(pk=visit.pk).exists()


def test_a_person_in_a_record_is_not_deleted(client, duc, records_a, officer_a) -> None:
    client.force_login(officer_a)
    response = client.post(reverse("people:person_delete", args=[duc.public_id]))
    assert response.status_code == 302 and response["Location"] == duc.get_absolute_url()
    assert Person.objects.filter(pk=duc.pk).exists()


def test_a_person_in_no_record_is_deleted(client, world, officer_a) -> None:
    person = PersonFactory(owner_agency=world.police_a)
    client.force_login(officer_a)
    response = client.post(reverse("people:person_delete", args=[person.public_id]))
    assert response.status_code == 302 and not Person.objects.filter(pk=person.pk).exists()


def test_only_the_chief_shares(client, records_a, officer_a, chief_a) -> None:
    exit_ = records_a["exit"]
    url = reverse("people:exit_share", args=[exit_.public_id])
    client.force_login(officer_a)
    assert client.post(url, {"shared": "1"}).status_code == 404
    client.force_login(chief_a)
    assert client.post(url, {"shared": "1"}).status_code == 302
    exit_.refresh_from_db()
    assert exit_.shared_with_cluster


# --- the person picker ------------------------------------------------------------------------


def test_picker_lists_visible_matches_without_id_numbers_and_logs_one_search(client, world, duc, officer_a, officer_b) -> None:
    # given
    client.force_login(officer_a)
    before = AccessLogEntry.objects.count()
    # when
    response = client.post(reverse("people:person_picker"), {"person-search": "nguyen van duk", "name": "person", "id": "id_person"}, HTTP_HX_REQUEST="true")
    # then
    body = response.content.decode()
    assert f'data-person="{duc.public_id}"' in body and "1985" in body and "Xã Quang Yên" in body
    assert duc.id_number not in body
    assert 'data-testid="person-create"' in body
    assert list(AccessLogEntry.objects.filter(id__gt=before).values_list("action", "reason")) == [("search", "")]
    # and B, who may not see him, finds nothing
    client.force_login(officer_b)
    response = client.post(reverse("people:person_picker"), {"person-search": "nguyen van duc", "name": "person", "id": "id_person"})
    assert str(duc.public_id) not in response.content.decode()


def test_picking_renders_the_widget_with_the_public_id(client, duc, officer_a, officer_b) -> None:
    client.force_login(officer_a)
    params = {"name": "person", "id": "id_person", "person": str(duc.public_id)}
    body = client.get(reverse("people:person_pick"), params).content.decode()
    assert f'<input type="hidden" name="person" id="id_person" value="{duc.public_id}">' in body
    assert 'id="id_person_picker"' in body
    client.force_login(officer_b)
    assert client.get(reverse("people:person_pick"), params).status_code == 404


def test_picker_rejects_odd_field_names(client, officer_a) -> None:
    client.force_login(officer_a)
    response = client.post(reverse("people:person_picker"), {"q": "duc", "name": '"><script>', "id": "x"})
    assert response.status_code == 404


def test_quick_create_records_and_picks_the_new_person(client, world, officer_a) -> None:
    # given
    client.force_login(officer_a)
    url = reverse("people:person_quick_create")
    form = client.get(url, {"name": "visitor", "id": "id_visitor", "visitor-search": "Vương Đại Minh"}).content.decode()
    assert 'value="Vương Đại Minh"' in form
    # when
    response = client.post(url, {
        "name": "visitor", "id": "id_visitor", "visitor-new-full_name": "Vương Đại Minh", "visitor-new-gender": "male",
        "visitor-new-nationality": "CN", "visitor-new-passport_number": "e 1234 5678",
    })
    # then
    person = Person.objects.get(full_name="Vương Đại Minh")
    assert person.passport_number == "E12345678" and person.owner_agency == world.police_a
    assert f'value="{person.public_id}"' in response.content.decode()


def test_quick_create_errors_stay_in_the_results_box(client, officer_a) -> None:
    client.force_login(officer_a)
    response = client.post(reverse("people:person_quick_create"), {
        "name": "person", "id": "id_person", "person-new-full_name": "", "person-new-gender": "male", "person-new-nationality": "VN",
    }, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#id_person_results"
    assert "errorlist" in response.content.decode()
    assert not Person.objects.exists()
