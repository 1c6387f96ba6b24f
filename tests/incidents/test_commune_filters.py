"""List filters name each commune as the forms do: today's units first, with their predecessors; old ones with their end."""

from __future__ import annotations

import pytest
from django.utils import translation

from giapranh.accounts.models import User
from giapranh.core.kit import record_types

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_units(db: None) -> None:
    from giapranh.accounts.demo import demo_load
    from giapranh.territory.loading import units_load

    units_load(provinces=["26", "08"], progress=False)
    demo_load(records=False)


def _commune_labels(client, url: str) -> list[str]:
    import html
    import re

    page = client.get(url, headers={"Accept-Language": "vi"}).content.decode()
    select = re.search(r'<select name="commune"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, url
    return [html.unescape(label).strip() for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select.group(1)) if value]


@pytest.mark.usefixtures("reference_data")
def test_the_list_filters_offer_todays_communes_first_with_their_old_names(client, demo_units) -> None:
    from django.urls import reverse

    client.force_login(User.objects.get(username="qy.canbo"))
    lists = [reverse(t.url("list")) for t in record_types() if "commune" in [f.name for f in t.model._meta.concrete_fields]]
    assert "/incidents/" in lists
    for url in lists:
        with translation.override("vi"):
            labels = _commune_labels(client, url)
        # today's units first, each with the communes it took over …
        assert "Xã Yên Lãng, Tỉnh Phú Thọ (trước 01/07/2025: Xã Lãng Công, Xã Quang Yên)" in labels, (url, labels)
        current = [label for label in labels if "(đến " not in label]
        assert labels[: len(current)] == current, (url, labels)
        # … then the legacy units, with the day they ended
        assert "Xã Quang Yên, Huyện Sông Lô, Tỉnh Vĩnh Phúc (đến 30/06/2025)" in labels, (url, labels)
        assert "Xã Tam Đa, Huyện Sơn Dương, Tỉnh Tuyên Quang (đến 30/06/2025)" in labels, (url, labels)


@pytest.mark.usefixtures("reference_data")
def test_an_outsider_is_offered_none_of_the_clusters_communes(client, demo_units) -> None:
    from giapranh.accounts.choices import Role
    from giapranh.territory.models import AdminUnit
    from tests.factories import AgencyFactory, UserFactory

    # given: the police of a commune of Sông Lô outside the cluster
    commune = AdminUnit.objects.get(name="Xã Đồng Thịnh", valid_to__isnull=False)
    agency = AgencyFactory(name="Công an xã Đồng Thịnh", code="DTH", jurisdiction=commune)
    user = UserFactory(username="ngoai.cum", agency=agency, role=Role.COMMUNE_OFFICER)
    client.force_login(user)
    with translation.override("vi"):
        labels = _commune_labels(client, "/incidents/")
    assert not any("Tam Đa" in label or "Yên Lãng" in label for label in labels), labels
