"""What a partner keeps after a share ends: its own record of the particulars as received, nothing live."""

from __future__ import annotations

import pytest
from django.test import Client

from giapranh.core.services import record_share
from giapranh.exchange.models import ReceivedParticulars
from giapranh.incidents.choices import InvolvementRole
from giapranh.incidents.services import involvement_add
from giapranh.people.models import Person, PersonMatch
from tests.incidents.factories import make_incident
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("reference_data")


def test_a_shared_persons_particulars_stay_as_received_after_the_share_ends(world, officer_a, chief_a, officer_b, chief_b) -> None:
    # given Quang Yên's incident with its suspect, shared with the cluster
    suspect = PersonFactory(owner_agency=world.police_a, full_name="Đinh Văn Tài", birth_year=1987, phone="0911000001")
    theft = make_incident(actor=officer_a)
    involvement_add(incident=theft, actor=officer_a, person=suspect, role=InvolvementRole.SUSPECT)
    record_share(record=theft, actor=chief_a, shared=True)
    # when Tam Đa links that suspect into its own incident
    own = make_incident(actor=officer_b, summary="Tiêu thụ xe trộm cắp")
    involvement = involvement_add(incident=own, actor=officer_b, person=suspect, role=InvolvementRole.SUSPECT)
    # then its incident holds its own person record, marked as received, the same person as Quang Yên's
    copy = involvement.person
    assert copy != suspect and copy.owner_agency == world.police_b and copy.phone == "0911000001"
    received = ReceivedParticulars.objects.get(person=copy)
    assert received.source_agency == world.police_a and received.via == theft.number and received.received_by == officer_b
    assert PersonMatch.objects.get().status == "confirmed"
    # linking the same person again reuses the copy
    again = involvement_add(incident=own, actor=officer_b, person=suspect, role=InvolvementRole.WITNESS)
    assert again.person == copy
    # when the share is withdrawn and the owner changes the phone number
    record_share(record=theft, actor=chief_a, shared=False)
    Person.objects.filter(pk=suspect.pk).update(phone="0911999999")
    # then Tam Đa keeps what it received and no longer reads the live record
    assert not Person.objects.visible_to(officer_b).filter(pk=suspect.pk).exists()
    copy.refresh_from_db()
    assert copy.phone == "0911000001"
    client = Client()
    client.force_login(officer_b)
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "0911999999" not in page and world.police_a.name in page
    assert client.get(suspect.get_absolute_url()).status_code == 404
    # and the owner's own links are untouched
    assert involvement_add(incident=make_incident(actor=officer_a), actor=officer_a, person=suspect, role=InvolvementRole.VICTIM).person == suspect


def test_a_received_person_put_under_supervision_or_any_kit_record_is_our_own_copy(world, officer_a, chief_a, officer_b) -> None:
    # given Quang Yên's suspect, reachable by Tam Đa through a shared incident
    import datetime as dt

    from django.urls import reverse

    from giapranh.people.services import measure_create
    from tests.people.factories import SupervisionBasisFactory

    suspect = PersonFactory(owner_agency=world.police_a, full_name="Đinh Văn Tài", birth_year=1987)
    theft = make_incident(actor=officer_a)
    involvement_add(incident=theft, actor=officer_a, person=suspect, role=InvolvementRole.SUSPECT)
    record_share(record=theft, actor=chief_a, shared=True)
    # when Tam Đa records a measure for that person through the service
    measure = measure_create(
        actor=officer_b, person=suspect, kind="community_education", decision_number="7/QĐ",
        decision_date=dt.date(2024, 2, 1), starts_on=dt.date(2024, 2, 2),
    )
    # then the measure holds Tam Đa's own copy, not Quang Yên's live record
    assert measure.person != suspect and measure.person.owner_agency == world.police_b
    assert ReceivedParticulars.objects.filter(person=measure.person, source_person=suspect).exists()
    # and a form that is refused (a missing start date) leaves no copy behind
    copies = Person.objects.filter(owner_agency=world.police_b).count()
    client = Client()
    client.force_login(officer_b)
    response = client.post(reverse("people:supervision_create"), {
        "person": str(suspect.public_id), "basis": str(SupervisionBasisFactory().pk), "status": "active", "starts_on": "",
    })
    assert response.status_code == 200 and response.context["form"].errors
    assert Person.objects.filter(owner_agency=world.police_b).count() == copies
