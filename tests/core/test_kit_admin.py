"""Every declared record type is in the admin, behind its access rule: an administrator sees no record there."""

from __future__ import annotations

from django.contrib import admin

from giapranh.core.kit import record_types
from tests.incidents.factories import make_incident


def test_every_record_type_is_registered_read_only(rf, administrator) -> None:
    for record_type in record_types():
        model_admin = admin.site._registry[record_type.model]
        request = rf.get("/admin/")
        request.user = administrator
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_the_admin_lists_what_the_policy_gives_the_user(rf, administrator, superior_1, outsider, officer_a) -> None:
    # given an incident of Quang Yên
    incident = make_incident(actor=officer_a)
    model_admin = admin.site._registry[type(incident)]

    def listed(user) -> list:
        request = rf.get("/admin/incidents/incident/")
        request.user = user
        return list(model_admin.get_queryset(request))

    # then the administrator sees no operational record, the district above Quang Yên sees it, the outsider does not
    assert listed(administrator) == []
    assert listed(superior_1) == [incident]
    assert listed(outsider) == []
