"""The commune offered for a record is the one listed on its date, labelled with its predecessor."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from giapranh.core.forms import filter_form_for
from giapranh.incidents.forms import IncidentForm
from giapranh.incidents.records import INCIDENTS
from tests.incidents.factories import category

pytestmark = pytest.mark.django_db


def _labels(field) -> list[str]:
    return [str(label) for value, label in field.choices if value]


def test_the_new_commune_is_labelled_with_its_predecessor_and_the_old_with_its_end(officer_a, successor_a) -> None:
    with translation.override("vi"):
        labels = _labels(IncidentForm(user=officer_a).fields["commune"])
    assert labels[0] == "Xã Quang Yên, Tỉnh Phú Thọ (trước 01/07/2025: Xã Quang Yên)"
    assert labels[1] == "Xã Quang Yên, Huyện Sông Lô, Tỉnh Vĩnh Phúc (đến 30/06/2025)"


def test_a_new_record_defaults_to_the_commune_listed_on_its_date(officer_a, successor_a) -> None:
    form = IncidentForm(user=officer_a)
    with translation.override("vi"):
        assert form["commune"].value() is None
        assert str(form.fields["commune"].empty_label) == "Xã của tôi, theo danh mục vào ngày của hồ sơ"


def test_list_filters_name_old_and_new_communes_apart(officer_a, successor_a) -> None:
    with translation.override("vi"):
        labels = _labels(filter_form_for(INCIDENTS)(user=officer_a).fields["commune"])
    assert "Xã Quang Yên, Tỉnh Phú Thọ (trước 01/07/2025: Xã Quang Yên)" in labels


def test_an_outsider_is_offered_none_of_them(outsider, successor_a) -> None:
    labels = _labels(IncidentForm(user=outsider).fields["commune"])
    assert not any("Quang Yên" in label for label in labels)


def test_the_dashboard_shows_the_agency_unit_listed_today(client, officer_a, successor_a) -> None:
    client.force_login(officer_a)
    html = client.get("/", headers={"Accept-Language": "vi"}).content.decode()
    assert "Xã Quang Yên, Tỉnh Phú Thọ" in html and "trước 01/07/2025: Xã Quang Yên" in html


def test_a_commune_refused_for_the_date_names_the_one_listed_then(client, world, officer_a, successor_a) -> None:
    # given: today's incident filed under the commune's pre-reform name
    client.force_login(officer_a)
    response = client.post(reverse("incidents:incident_create"), {
        "occurred_at": "01/09/2025 08:30", "reported_at": "01/09/2025 09:00", "commune": world.commune_a.pk,
        "place": "Thôn Đồng Ếch", "category": str(category("ttxh-trom-cap-tai-san").pk), "summary": "Mất trộm.",
        "status": "received", "outcome": "pending",
    }, headers={"Accept-Language": "vi"})
    # then: the error names the commune listed on that date
    errors = response.context["form"].errors["commune"]
    assert any("vào ngày đó là Xã Quang Yên" in str(error) for error in errors), errors
