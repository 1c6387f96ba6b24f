"""Pages: lists, details, forms, involvements, share and delete — and who gets a 404."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giapranh.core.choices import AccessAction
from giapranh.core.models import AccessLogEntry
from giapranh.incidents.choices import InvolvementRole
from giapranh.incidents.models import Incident, TrafficAccident
from giapranh.incidents.services import involvement_add
from tests.incidents.factories import at, category, make_accident, make_incident, make_person

pytestmark = pytest.mark.django_db

LIST = reverse("incidents:incident_list")
# Session, user, agency, the commune filter's units, count, page, categories; not per row.
MAX_LIST_QUERIES = 18
ACCIDENTS = reverse("incidents:accident_list")


def _url(name: str, record, **extra) -> str:
    return reverse(f"incidents:{name}", kwargs={"public_id": record.public_id, **extra})


def _filtered(client, data: dict) -> object:
    """Filters are posted (names never travel in a URL); HTMX answers with the results."""
    return client.post(LIST, data, headers={"HX-Request": "true"})


def _rows(response, testid: str = "incident-row") -> int:
    return response.content.decode().count(f'data-testid="{testid}"')


def _form_data(**overrides) -> dict[str, str]:
    data = {
        "occurred_at": "15/03/2020 08:30",
        "reported_at": "15/03/2020 10:00",
        "commune": "",
        "place": "Thôn Đồng Ếch",
        "latitude": "",
        "longitude": "",
        "category": str(category("ttxh-trom-cap-tai-san").pk),
        "summary": "Mất trộm một con trâu.",
        "status": "received",
        "outcome": "pending",
    }
    data.update(overrides)
    return data


# --- lists ---------------------------------------------------------------------------------------


def test_the_list_shows_visible_incidents_with_their_suspects(client, officer_a, incident_a, officer_b) -> None:
    # given
    make_incident(actor=officer_b)  # B's own, unshared
    client.force_login(officer_a)
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 200
    assert _rows(response) == 1
    body = response.content.decode()
    assert incident_a.number in body
    assert 'data-testid="suspects">1<' in body


def test_list_filters_narrow_the_rows(client, officer_a, incident_a) -> None:
    # given
    make_incident(actor=officer_a, category=category("ttxh-danh-bac"), outcome="prosecuted", place="Bến đò")
    client.force_login(officer_a)
    # when / then
    assert _rows(_filtered(client, {"q": "nguyen van an"})) == 1
    assert _rows(_filtered(client, {"outcome": "prosecuted"})) == 1
    assert _rows(_filtered(client, {"group": "political_security"})) == 0
    assert _rows(_filtered(client, {"category": category("ttxh-danh-bac").pk})) == 1
    assert _rows(_filtered(client, {"date_from": "16/03/2020"})) == 0
    assert _rows(_filtered(client, {"date_from": "15/03/2020", "date_to": "15/03/2020"})) == 2
    response = _filtered(client, {"q": "ben do"})
    assert _rows(response) == 1 and incident_a.number not in response.content.decode()


def test_the_list_is_paginated_and_keeps_its_filters(client, officer_a) -> None:
    # given
    for day in range(1, 31):
        make_incident(actor=officer_a, occurred_at=at(2020, 1, day))
    client.force_login(officer_a)
    # when
    client.post(LIST, {"group": "social_order"})  # kept in the session
    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})
    # then the filters hold across pages, and the page links carry the page number only
    assert (_rows(first), _rows(second)) == (25, 5)
    assert 'href="?page=2"' in first.content.decode()
    assert "QY-2020-030" in first.content.decode() and "QY-2020-001" in second.content.decode()


def test_htmx_requests_get_only_the_table(client, officer_a, incident_a) -> None:
    client.force_login(officer_a)
    # when
    response = client.get(LIST, {"q": "dong ech"}, headers={"HX-Request": "true"})
    # then
    body = response.content.decode()
    assert 'id="incident-table"' in body and "<html" not in body
    assert _rows(response) == 1


def _count_queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_1_or_25_rows(client, officer_a, django_assert_max_num_queries, world) -> None:
    # given
    person = make_person(agency=world.police_a, full_name="Lê Văn Tám")

    def add(day: int) -> None:
        incident = make_incident(actor=officer_a, occurred_at=at(2020, 2, day), partner_agencies=[world.police_b])
        involvement_add(incident=incident, actor=officer_a, person=person, role=InvolvementRole.SUSPECT)

    add(1)
    client.force_login(officer_a)
    client.get(LIST)  # warm the session and the content-type cache
    one_row = _count_queries(client, LIST, {"q": "le van tam"})
    for day in range(2, 26):
        add(day)
    # when / then
    assert _count_queries(client, LIST, {"q": "le van tam"}) == one_row
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        response = client.get(LIST)
    assert _rows(response) == 25


def test_the_accident_list_costs_a_fixed_number_of_queries(client, officer_a, django_assert_max_num_queries) -> None:
    make_accident(actor=officer_a, occurred_at=at(2020, 5, 1))
    client.force_login(officer_a)
    client.get(ACCIDENTS)  # warm the session and the content-type cache
    one_row = _count_queries(client, ACCIDENTS, {"kind": "accident"})
    for day in range(2, 26):
        make_accident(actor=officer_a, occurred_at=at(2020, 5, day))
    assert _count_queries(client, ACCIDENTS, {"kind": "accident"}) == one_row
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        response = client.get(ACCIDENTS, {"kind": "accident"})
    assert _rows(response, "accident-row") == 25


def test_steering_and_administrators_are_refused_record_pages(client, steering, administrator, incident_a, accident_a) -> None:
    for user in (steering, administrator):
        client.force_login(user)
        for url in (LIST, ACCIDENTS, reverse("incidents:incident_create")):
            assert client.get(url).status_code == 403, (user, url)
        # one record answers as if it did not exist: the role learns nothing of it
        for url in (_url("incident_detail", incident_a), _url("accident_detail", accident_a)):
            assert client.get(url).status_code == 404, (user, url)


def test_anonymous_visitors_are_sent_to_sign_in(client, incident_a) -> None:
    response = client.get(_url("incident_detail", incident_a))
    assert response.status_code == 302
    assert str(incident_a.public_id) in response["Location"]  # the record's id, no personal data


# --- detail --------------------------------------------------------------------------------------


def test_the_detail_shows_facts_persons_and_history_and_logs_the_read(client, officer_a, incident_a, person_an) -> None:
    client.force_login(officer_a)
    # when
    response = client.get(_url("incident_detail", incident_a))
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert incident_a.number in body and "Nguyễn Văn An" in body and "Trộm cắp tài sản" in body
    assert _rows(response, "involvement") == 1
    assert 'id="history"' in body and 'id="involvement-form"' in body
    assert 'id="share"' not in body  # an officer does not share; the chief does
    log = AccessLogEntry.objects.filter(action=AccessAction.VIEW).last()
    assert (log.actor, log.target_ref) == (officer_a, str(incident_a.public_id))


def test_the_chief_sees_the_share_button(client, chief_a, incident_a) -> None:
    client.force_login(chief_a)
    body = client.get(_url("incident_detail", incident_a)).content.decode()
    assert 'id="share"' in body and _url("incident_share", incident_a) in body


def test_unshared_records_are_404_for_the_neighbour_and_the_outsider(client, officer_b, outsider, incident_a, accident_a) -> None:
    urls = [
        _url(name, incident_a) for name in ("incident_detail", "incident_edit", "incident_delete")
    ] + [_url(name, accident_a) for name in ("accident_detail", "accident_edit", "accident_delete")]
    for user in (officer_b, outsider):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)


def test_guessed_ids_are_404(client, officer_a, incident_a) -> None:
    client.force_login(officer_a)
    guess = uuid.uuid4()
    for name in ("incident_detail", "incident_edit", "accident_detail"):
        assert client.get(reverse(f"incidents:{name}", kwargs={"public_id": guess})).status_code == 404
    assert client.get(f"/incidents/{incident_a.pk}/").status_code == 404


def test_the_shared_incident_is_read_only_for_the_neighbour(client, officer_b, incident_a) -> None:
    # given
    incident_a.shared_with_cluster = True
    incident_a.save()
    client.force_login(officer_b)
    # when
    response = client.get(_url("incident_detail", incident_a))
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="edit"' not in body and 'id="involvement-form"' not in body
    assert client.get(_url("incident_edit", incident_a)).status_code == 404
    assert client.post(_url("incident_delete", incident_a)).status_code == 404
    assert Incident.objects.filter(pk=incident_a.pk).exists()


# --- create and edit -----------------------------------------------------------------------------


def test_an_officer_records_an_incident_through_the_form(client, world, officer_a) -> None:
    client.force_login(officer_a)
    # when
    response = client.post(
        reverse("incidents:incident_create"),
        _form_data(cleared_jointly="on", partner_agencies=[str(world.police_b.pk)]),
    )
    # then
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    assert incident.number == "QY-2020-001"
    assert incident.commune == world.commune_a  # left empty: the officer's commune on the date
    assert incident.occurred_at == at(2020, 3, 15, 8, 30)
    assert list(incident.partner_agencies.all()) == [world.police_b]
    assert incident.history.get().history_user == officer_a


def test_form_errors_name_their_fields(client, officer_a) -> None:
    client.force_login(officer_a)
    # when
    response = client.post(
        reverse("incidents:incident_create"),
        _form_data(reported_at="14/03/2020 10:00", latitude="21.5", cleared_jointly="on"),
    )
    # then: the form's own checks and the service's rules, in one round
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reported_at", "longitude", "partner_agencies"}
    assert response.content.decode().count('class="errorlist"') == 3
    # when: the form's are fixed, the service's rule still speaks (on the field it concerns)
    response = client.post(reverse("incidents:incident_create"), _form_data(cleared_jointly="on"))
    # then
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"partner_agencies"}
    assert not Incident.objects.exists()


def test_a_commune_not_listed_on_the_date_is_shown_on_the_commune_field(client, world, officer_a, successor_a) -> None:
    client.force_login(officer_a)
    response = client.post(
        reverse("incidents:incident_create"),
        _form_data(occurred_at="01/08/2025 08:00", reported_at="01/08/2025 09:00", commune=str(world.commune_a.pk)),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["commune"]
    assert world.commune_a.name in response.context["form"].errors["commune"][0]


def test_the_owner_edits_an_incident(client, officer_a, incident_a) -> None:
    client.force_login(officer_a)
    # given: the form comes pre-filled in dd/mm/yyyy
    page = client.get(_url("incident_edit", incident_a))
    assert page.status_code == 200 and "15/03/2020 08:30" in page.content.decode()
    # when
    response = client.post(_url("incident_edit", incident_a), _form_data(status="resolved", outcome="prosecuted"))
    # then
    assert response.status_code == 302
    incident_a.refresh_from_db()
    assert (incident_a.status, incident_a.outcome, incident_a.number) == ("resolved", "prosecuted", "QY-2020-001")


def test_superiors_do_not_record(client, superior_1) -> None:
    client.force_login(superior_1)
    assert client.get(reverse("incidents:incident_create")).status_code == 403
    assert client.post(reverse("incidents:accident_create"), {}).status_code == 403


# --- involvements --------------------------------------------------------------------------------


def test_the_owner_adds_and_removes_a_person(client, world, officer_a, incident_a) -> None:
    # given
    victim = make_person(agency=world.police_a, full_name="Hoàng Thị Lan")
    client.force_login(officer_a)
    # when
    response = client.post(_url("involvement_add", incident_a), {"person": str(victim.public_id), "role": "victim", "note": "Chủ trâu"})
    # then
    assert response.status_code == 302
    added = incident_a.involvements.get(person=victim)
    assert (added.role, added.note) == ("victim", "Chủ trâu")
    # when
    response = client.post(_url("involvement_remove", incident_a, involvement_id=added.public_id))
    # then
    assert response.status_code == 302
    assert not incident_a.involvements.filter(person=victim).exists()


def test_an_unknown_person_is_a_form_error_on_the_detail_page(client, world, officer_a, incident_a, person_an) -> None:
    # given: a person only B knows, and a duplicate role
    stranger = make_person(agency=world.police_b, full_name="Lý Văn Tư")
    client.force_login(officer_a)
    for data in (
        {"person": str(stranger.public_id), "role": "witness"},
        {"person": str(uuid.uuid4()), "role": "witness"},
        {"person": str(person_an.public_id), "role": "suspect"},
    ):
        # when
        response = client.post(_url("involvement_add", incident_a), data)
        # then
        assert response.status_code == 200
        assert list(response.context["involvement_form"].errors) == ["person"]
        assert "Lý Văn Tư" not in response.content.decode()
    assert incident_a.involvements.count() == 1


def test_others_cannot_touch_the_persons_of_a_shared_incident(client, world, officer_b, incident_a) -> None:
    incident_a.shared_with_cluster = True
    incident_a.save()
    involvement = incident_a.involvements.get()
    client.force_login(officer_b)
    assert client.post(_url("involvement_add", incident_a), {"person": str(uuid.uuid4()), "role": "witness"}).status_code == 404
    assert client.post(_url("involvement_remove", incident_a, involvement_id=involvement.public_id)).status_code == 404
    assert incident_a.involvements.count() == 1


# --- share and delete ----------------------------------------------------------------------------


def test_the_chief_shares_and_the_officer_cannot(client, chief_a, officer_a, officer_b, incident_a) -> None:
    # officer: 404, nothing changes
    client.force_login(officer_a)
    assert client.post(_url("incident_share", incident_a), {"shared": "1"}).status_code == 404
    incident_a.refresh_from_db()
    assert not incident_a.shared_with_cluster
    # chief: shared, logged
    client.force_login(chief_a)
    assert client.post(_url("incident_share", incident_a), {"shared": "1"}).status_code == 302
    incident_a.refresh_from_db()
    assert incident_a.shared_with_cluster
    assert AccessLogEntry.objects.filter(action=AccessAction.SHARE, actor=chief_a, target_ref=str(incident_a.public_id)).exists()
    # the neighbour now reads it, but cannot unshare it
    client.force_login(officer_b)
    assert client.get(_url("incident_detail", incident_a)).status_code == 200
    assert client.post(_url("incident_share", incident_a), {"shared": "0"}).status_code == 404


def test_delete_asks_for_confirmation_then_deletes(client, officer_a, incident_a) -> None:
    client.force_login(officer_a)
    # when
    page = client.get(_url("incident_delete", incident_a))
    # then
    assert page.status_code == 200 and incident_a.number in page.content.decode()
    assert Incident.objects.filter(pk=incident_a.pk).exists()
    # when
    response = client.post(_url("incident_delete", incident_a))
    # then
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Incident.objects.filter(pk=incident_a.pk).exists()
    assert client.get(_url("incident_detail", incident_a)).status_code == 404


# --- traffic accidents ---------------------------------------------------------------------------


def test_an_accident_is_recorded_shown_and_deleted(client, world, officer_a) -> None:
    client.force_login(officer_a)
    # when
    response = client.post(reverse("incidents:accident_create"), {
        "occurred_at": "02/04/2020 17:45", "commune": "", "place": "ĐT307 km 12", "latitude": "", "longitude": "",
        "kind": "collision", "deaths": "0", "injuries": "2", "vehicles": "xe máy – ô tô tải",
        "damage_vnd": "15000000", "damage_description": "", "summary": "",
    })
    # then
    accident = TrafficAccident.objects.get()
    assert response.status_code == 302
    assert (accident.number, accident.kind, accident.injuries, accident.commune) == ("QY-TN-2020-001", "collision", 2, world.commune_a)
    detail = client.get(accident.get_absolute_url())
    assert detail.status_code == 200 and "15.000.000" in detail.content.decode()
    # and deleted
    assert client.post(_url("accident_delete", accident)).status_code == 302
    assert not TrafficAccident.objects.exists()


def test_a_negative_death_count_is_a_form_error(client, officer_a) -> None:
    client.force_login(officer_a)
    response = client.post(reverse("incidents:accident_create"), {
        "occurred_at": "02/04/2020 17:45", "place": "QL2C", "kind": "accident", "deaths": "-1", "injuries": "0",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["deaths"]
    assert str(TrafficAccident._meta.get_field("deaths").validators[0].message) in errors["deaths"][0]
    assert not TrafficAccident.objects.exists()


def test_accident_persons_and_share(client, world, officer_a, chief_a, officer_b, accident_a) -> None:
    driver = make_person(agency=world.police_a, full_name="Đặng Quốc Huy")
    client.force_login(officer_a)
    assert client.post(_url("accident_involvement_add", accident_a), {"person": str(driver.public_id), "role": "driver"}).status_code == 302
    assert _rows(client.get(accident_a.get_absolute_url()), "involvement") == 1
    client.force_login(chief_a)
    assert client.post(_url("accident_share", accident_a), {"shared": "1"}).status_code == 302
    client.force_login(officer_b)
    assert _rows(client.get(ACCIDENTS, {"q": "dang huy"}), "accident-row") == 1


def test_the_detail_page_does_not_grow_with_its_persons(client, world, officer_a, incident_a) -> None:
    # given
    client.force_login(officer_a)
    url = _url("incident_detail", incident_a)
    client.get(url)
    one_person = _count_queries(client, url)
    for i in range(10):
        person = make_person(agency=world.police_a, full_name=f"Nhân chứng {i}")
        involvement_add(incident=incident_a, actor=officer_a, person=person, role=InvolvementRole.WITNESS)
    # when / then
    assert _count_queries(client, url) == one_person


def test_administrators_extend_the_taxonomy_but_never_see_incidents(client, administrator, incident_a) -> None:
    client.force_login(administrator)
    assert client.get("/admin/incidents/incidentcategory/").status_code == 200
    group = category("ttxh-danh-bac").parent
    assert client.get(f"/admin/incidents/incidentcategory/{group.pk}/change/").status_code == 200
    assert client.get("/admin/incidents/incident/").status_code == 404
    assert client.get("/admin/incidents/trafficaccident/").status_code == 404


def test_typed_names_travel_in_the_body_and_the_session_not_the_url(client, officer_a, incident_a) -> None:
    # given: an officer filters the list by a person's name, as the page's form does
    client.force_login(officer_a)
    make_incident(actor=officer_a, place="Bến đò")
    # when
    response = client.post(LIST, {"q": "nguyen van an"})
    # then: back to the bare list URL (no name in it), which shows the filtered rows
    assert response.status_code == 302 and response["Location"] == LIST
    page = client.get(response["Location"])
    assert _rows(page) == 1 and incident_a.number in page.content.decode()
    assert "nguyen" not in "".join(page.content.decode().split('href="')[1:]).split('"')[0]
    # and the next page link carries only the page number
    assert "q=" not in page.content.decode().split('id="incident-table"')[-1]
    # when: HTMX posts the form, only the table comes back, filtered
    partial = client.post(LIST, {"q": "ben do"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and _rows(partial) == 1
    # when: the filters are cleared
    assert client.get(LIST, {"reset": "1"}).status_code == 302
    assert _rows(client.get(LIST)) == 2


def test_the_filter_form_posts(client, officer_a) -> None:
    client.force_login(officer_a)
    body = client.get(LIST).content.decode()
    form = body[body.index('id="incident-filters"') - 60 : body.index("</form>", body.index('id="incident-filters"'))]
    assert 'method="post"' in form and "hx-post" in form and "hx-get" not in form and "csrfmiddlewaretoken" in form
