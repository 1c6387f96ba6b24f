from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from giapranh.accounts.demo import DEMO_PASSWORD, demo_load
from giapranh.accounts.models import Agency, User
from giapranh.territory.loading import units_load
from giapranh.territory.models import Cluster

pytestmark = pytest.mark.django_db


def test_demo_needs_the_units_loaded_first() -> None:
    with pytest.raises(ImproperlyConfigured, match="loadunits"):
        demo_load()


def test_demo_builds_the_cluster_from_real_units_and_is_idempotent(capsys) -> None:
    # given: the real units of Vĩnh Phúc and Tuyên Quang
    units_load(provinces=["26", "08"], progress=False)
    # when
    call_command("demo")
    first = capsys.readouterr().out
    call_command("demo")
    second = capsys.readouterr().out
    # then: one cluster of six communes on both sides of the provincial line
    cluster = Cluster.objects.get(slug="song-lo-son-duong")
    communes = {
        u.name: u.parent.parent.name
        for u in cluster.communes.filter(edition="legacy63").select_related("parent__parent")
    }
    assert communes == {
        "Xã Quang Yên": "Tỉnh Vĩnh Phúc", "Xã Hải Lựu": "Tỉnh Vĩnh Phúc", "Xã Lãng Công": "Tỉnh Vĩnh Phúc",
        "Xã Tam Đa": "Tỉnh Tuyên Quang", "Xã Trường Sinh": "Tỉnh Tuyên Quang", "Xã Đại Phú": "Tỉnh Tuyên Quang",
    }
    assert Agency.objects.count() == 10
    assert Agency.objects.get(code="QY").parent.code == "SL"
    assert set(User.objects.values_list("role", flat=True)) == {
        "commune_officer", "commune_chief", "superior", "coordinator", "steering", "administrator",
    }
    assert User.objects.get(username="qy.canbo").check_password(DEMO_PASSWORD)
    assert "qy.canbo" in first and DEMO_PASSWORD in first
    assert "nothing created" in second
    assert Agency.objects.count() == 10 and User.objects.count() == 12
    # from 01/07/2025 the successors, confirmed by the coordinator
    current = set(cluster.memberships.filter(commune__edition="reform2025", confirmed=True).values_list("commune__name", flat=True))
    assert current == {"Xã Yên Lãng", "Xã Hải Lựu", "Xã Phú Lương", "Xã Trường Sinh"}
