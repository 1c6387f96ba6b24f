"""Counts on a given date (for the review reports), and what the cluster sees of personal data: counts only."""

from __future__ import annotations

import datetime as dt

from giapranh.community.models import (
    MediationCase,
    MediationTeam,
    Officer,
    OutreachActivity,
    ReputablePerson,
    SelfManagementGroup,
)
from giapranh.community.selectors import (
    groups_active_on,
    mediation_between,
    officers_active_on,
    outreach_between,
    reputable_persons_on,
    teams_active_on,
)

D = dt.date


def _officer(world, name, service_type, start, end=None, commune=None, agency=None):
    return Officer.objects.create(
        owner_agency=agency or world.police_a, commune=commune or world.commune_a, full_name=name,
        service_type=service_type, serving_from=start, serving_to=end,
    )


def test_an_officer_who_left_before_the_date_is_not_counted(world, officer_a) -> None:
    # given three regular officers (one left in March, one starts in July) and two semi-professional ones
    _officer(world, "Nguyễn Văn An", "regular", D(2020, 1, 1))
    _officer(world, "Trần Văn Bảo", "regular", D(2020, 1, 1), end=D(2024, 3, 31))
    _officer(world, "Lê Văn Cường", "regular", D(2024, 7, 1))
    _officer(world, "Hà Văn Dũng", "semi_professional", D(2019, 5, 1))
    _officer(world, "Phạm Thị Em", "semi_professional", D(2021, 5, 1))
    # then on 30 June 2024 one regular officer and two semi-professional ones serve
    assert officers_active_on(user=officer_a, day=D(2024, 6, 30)) == {"regular": 1, "semi_professional": 2, "total": 3}
    # the day someone leaves they no longer count; the day one starts, they do
    assert officers_active_on(user=officer_a, day=D(2024, 3, 31))["regular"] == 1
    assert officers_active_on(user=officer_a, day=D(2024, 3, 30))["regular"] == 2
    assert officers_active_on(user=officer_a, day=D(2024, 7, 1))["regular"] == 2


def test_a_dissolved_group_is_not_counted(world, officer_a) -> None:
    SelfManagementGroup.objects.create(owner_agency=world.police_a, commune=world.commune_a, village="Thôn Đồng", name="Tổ 1", households=10, founded_on=D(2018, 1, 1))
    SelfManagementGroup.objects.create(owner_agency=world.police_a, commune=world.commune_a, village="Thôn Đồng", name="Tổ 2", households=15, founded_on=D(2018, 1, 1), dissolved_on=D(2023, 12, 31))
    SelfManagementGroup.objects.create(owner_agency=world.police_a, commune=world.commune_a, village="Thôn Chùa", name="Tổ 3", households=7, founded_on=D(2025, 1, 1))
    assert groups_active_on(user=officer_a, day=D(2024, 6, 30)) == {"groups": 1, "households": 10}
    assert groups_active_on(user=officer_a, day=D(2023, 6, 30)) == {"groups": 2, "households": 25}
    assert groups_active_on(user=officer_a, day=D(2025, 6, 30)) == {"groups": 2, "households": 17}


def test_the_cluster_counts_the_roster_it_may_not_read(world, officer_a, officer_b, outsider, superior_1) -> None:
    # given A's roster: two officers
    _officer(world, "Nguyễn Văn An", "regular", D(2020, 1, 1))
    _officer(world, "Hà Văn Dũng", "semi_professional", D(2019, 5, 1))
    ReputablePerson.objects.create(owner_agency=world.police_a, commune=world.commune_a, full_name="Hoàng Văn Sinh", village="Thôn Đồng", standing="clan_head", recognized_on=D(2020, 1, 1))
    # then the partner across the line reads none of the rows
    assert not Officer.objects.visible_to(officer_b).exists()
    assert not ReputablePerson.objects.visible_to(officer_b).exists()
    # but counts them, per commune of the cluster
    day = D(2024, 6, 30)
    assert officers_active_on(user=officer_b, day=day)["total"] == 2
    assert officers_active_on(user=officer_b, day=day, communes=[world.commune_a])["total"] == 2
    assert officers_active_on(user=officer_b, day=day, communes=[world.commune_b])["total"] == 0
    assert reputable_persons_on(user=officer_b, day=day) == 1
    # the superior reads the rows; the commune outside the cluster counts nothing of A's
    assert Officer.objects.visible_to(superior_1).count() == 2
    assert officers_active_on(user=outsider, day=day)["total"] == 0
    assert officers_active_on(user=outsider, day=day, communes=[world.commune_a])["total"] == 0


def test_community_records_are_the_clusters_by_default(world, officer_a, officer_b, outsider) -> None:
    group = SelfManagementGroup.objects.create(owner_agency=world.police_a, commune=world.commune_a, village="Thôn Đồng", name="Tổ 1", founded_on=D(2018, 1, 1))
    team = MediationTeam.objects.create(owner_agency=world.police_a, commune=world.commune_a, village="Thôn Đồng", name="Tổ hòa giải", founded_on=D(2018, 1, 1))
    case = MediationCase.objects.create(owner_agency=world.police_a, commune=world.commune_a, held_on=D(2024, 1, 5), team=team, subject="Đất", party_names="Nguyễn Văn X, Lê Văn Y", result="reconciled")
    assert SelfManagementGroup.objects.visible_to(officer_b).filter(pk=group.pk).exists()
    assert MediationTeam.objects.visible_to(officer_b).filter(pk=team.pk).exists()
    # the parties of a case are personal data: the case stays with A (and those above)
    assert not MediationCase.objects.visible_to(officer_b).filter(pk=case.pk).exists()
    assert mediation_between(user=officer_b, date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)) == {"reconciled": 1, "not_reconciled": 0, "transferred": 0, "total": 1}
    assert teams_active_on(user=officer_b, day=D(2024, 6, 30)) == {"teams": 1, "members": 0}
    # outside the cluster: nothing
    assert not SelfManagementGroup.objects.visible_to(outsider).exists()


def test_outreach_quantities_in_a_period(world, officer_a) -> None:
    for kind, quantity, audience, day in (("news_item", 3, None, D(2024, 2, 1)), ("slogan_banner", 12, None, D(2024, 3, 1)), ("public_session", 1, 80, D(2024, 4, 1)), ("public_session", 1, 60, D(2025, 1, 2))):
        OutreachActivity.objects.create(owner_agency=world.police_a, commune=world.commune_a, kind=kind, topic="drugs", quantity=quantity, audience=audience, held_on=day)
    assert outreach_between(user=officer_a, date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)) == {"news_item": 3, "slogan_banner": 12, "public_session": 1, "audience": 80}
