"""The one access mechanism, on the test-only Memo record."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from giapranh.core.access import can_edit, can_share, get_visible_or_404
from giapranh.core.models import AccessGrant
from giapranh.territory.models import UnitSuccession
from tests.core.testapp.models import Memo
from tests.factories import AdminUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def memo_a(world, officer_a) -> Memo:
    return Memo.objects.create(title="Mất trộm trâu", owner_agency=world.police_a, commune=world.commune_a)


def test_owner_agency_sees_its_record(memo_a, officer_a, chief_a) -> None:
    assert list(Memo.objects.visible_to(officer_a)) == [memo_a]
    assert list(Memo.objects.visible_to(chief_a)) == [memo_a]


def test_other_commune_gets_404_until_shared_with_the_cluster(memo_a, officer_b, outsider) -> None:
    # given: an unshared record of commune A
    # when / then: officer of B (same cluster) and outsider both get 404
    for user in (officer_b, outsider):
        with pytest.raises(Http404):
            get_visible_or_404(Memo.objects.all(), user, public_id=memo_a.public_id)
    # when: it is shared with the cluster
    memo_a.shared_with_cluster = True
    memo_a.save()
    # then: B reads it; C (outside the cluster) still gets 404
    assert get_visible_or_404(Memo.objects.all(), officer_b, public_id=memo_a.public_id) == memo_a
    with pytest.raises(Http404):
        get_visible_or_404(Memo.objects.all(), outsider, public_id=memo_a.public_id)


def test_missing_and_malformed_ids_are_404_too(officer_a) -> None:
    with pytest.raises(Http404):
        get_visible_or_404(Memo.objects.all(), officer_a, public_id="00000000-0000-0000-0000-000000000000")
    with pytest.raises(Http404):
        get_visible_or_404(Memo.objects.all(), officer_a, public_id="not-a-uuid")


def test_superiors_see_their_subtree_only(world, memo_a, superior_1, officer_a) -> None:
    from tests.factories import UserFactory

    other_side = UserFactory(agency=world.district_police_2, role="superior")
    assert list(Memo.objects.visible_to(superior_1)) == [memo_a]
    assert list(Memo.objects.visible_to(other_side)) == []


def test_steering_and_administrators_never_see_records(world, memo_a, steering, administrator) -> None:
    memo_a.shared_with_cluster = True
    memo_a.save()
    assert not Memo.objects.visible_to(steering).exists()
    assert not Memo.objects.visible_to(administrator).exists()


def test_anonymous_sees_nothing(memo_a) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not Memo.objects.visible_to(AnonymousUser()).exists()


def test_explicit_grant_opens_one_record_to_one_agency(world, memo_a, officer_a, outsider) -> None:
    other = Memo.objects.create(title="Khác", owner_agency=world.police_a, commune=world.commune_a)
    AccessGrant.objects.create(
        content_type=ContentType.objects.get_for_model(Memo), object_id=memo_a.pk,
        agency=world.police_c, reason="notice", granted_by=officer_a,
    )
    assert list(Memo.objects.visible_to(outsider)) == [memo_a]
    assert other not in Memo.objects.visible_to(outsider)


def test_shared_records_follow_the_commune_across_the_reform(world, officer_b) -> None:
    # given: commune A was merged into a new commune on 1 July 2025
    new_a = AdminUnitFactory(name="Xã Yên Lãng", edition="reform2025", valid_from="2025-07-01", valid_to=None)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=new_a)
    memo = Memo.objects.create(title="Sau sáp nhập", owner_agency=world.police_a, commune=new_a, shared_with_cluster=True)
    # then: the cluster (defined on the old communes) still sees it
    assert list(Memo.objects.visible_to(officer_b)) == [memo]


def test_only_owner_officers_edit_and_only_the_chief_shares(memo_a, officer_a, chief_a, officer_b, superior_1) -> None:
    assert can_edit(officer_a, memo_a) and can_edit(chief_a, memo_a)
    assert not can_edit(officer_b, memo_a) and not can_edit(superior_1, memo_a)
    assert can_share(chief_a, memo_a)
    assert not can_share(officer_a, memo_a) and not can_share(officer_b, memo_a)
