"""Deleting a record others depend on (a mediation team with its cases) is refused with a message, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from giapranh.accounts.services import api_token_create
from giapranh.community.models import MediationCase, MediationTeam


@pytest.fixture
def team_with_a_case(world):
    team = MediationTeam.objects.create(
        owner_agency=world.police_a, commune=world.commune_a, village="Thôn Đồng", name="Tổ hòa giải thôn Đồng",
        founded_on=dt.date(2019, 1, 1),
    )
    MediationCase.objects.create(
        owner_agency=world.police_a, commune=world.commune_a, team=team, held_on=dt.date(2024, 3, 2),
        subject="Tranh chấp ranh giới đất", parties=2, result="reconciled",
    )
    return team


def test_the_page_refuses_to_delete_a_team_with_cases_and_says_why(team_with_a_case, chief_a) -> None:
    client = Client()
    client.force_login(chief_a)
    # when
    response = client.post(f"{team_with_a_case.get_absolute_url()}delete/", follow=True)
    # then: back on the team's page, the team kept, the reason named by kind only
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == team_with_a_case.get_absolute_url()
    page = response.content.decode()
    assert "Không thể xóa hồ sơ này" in page
    assert "Tranh chấp ranh giới đất" not in page
    assert MediationTeam.objects.filter(pk=team_with_a_case.pk).exists()
    assert MediationCase.objects.count() == 1


def test_the_api_answers_409_and_the_wrong_users_403_or_404(team_with_a_case, chief_a, officer_b, outsider) -> None:
    url = f"/api/v1/mediation-teams/{team_with_a_case.public_id}"
    # when
    response = Client().delete(url, headers={"Authorization": f"Bearer {api_token_create(user=chief_a)}"})
    # then
    assert response.status_code == 409
    assert "Không thể xóa" in response.json()["detail"]
    assert MediationTeam.objects.filter(pk=team_with_a_case.pk).exists()
    # the cluster reads the team but may not delete it; outside the cluster it does not exist
    for user, status in ((officer_b, 403), (outsider, 404)):
        response = Client().delete(url, headers={"Authorization": f"Bearer {api_token_create(user=user)}"})
        assert response.status_code == status
        assert "Không thể xóa" not in response.content.decode()
    assert MediationTeam.objects.filter(pk=team_with_a_case.pk).exists()
