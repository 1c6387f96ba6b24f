"""Meetings and their decisions: the host defaults to the chair; the owner agency's chief closes a task; the task board."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from giapranh.accounts.choices import Role
from giapranh.community.models import Task
from giapranh.community.records import MEETINGS, TASKS
from giapranh.core.services import record_create
from giapranh.territory.models import ChairTerm
from tests.factories import UserFactory

D = dt.date


@pytest.fixture
def coordinator(world):
    return UserFactory(username="coordinator", agency=world.police_b, role=Role.COORDINATOR)


def test_the_host_defaults_to_the_chair_on_the_meetings_date(world, coordinator) -> None:
    # given Quang Yên chaired in 2024 and Tam Đa from 2025
    ChairTerm.objects.create(cluster=world.cluster, agency=world.police_a, starts_on=D(2024, 1, 1), ends_on=D(2024, 12, 31))
    ChairTerm.objects.create(cluster=world.cluster, agency=world.police_b, starts_on=D(2025, 1, 1))
    data = {"kind": "periodic", "title": "Giao ban quý", "attending_agencies": [world.police_a, world.police_b]}
    # then a meeting in 2024 is hosted by Quang Yên, one in 2025 by Tam Đa, unless another host is named
    assert record_create(record_type=MEETINGS, actor=coordinator, data={**data, "held_on": D(2024, 6, 28)}).host_agency == world.police_a
    assert record_create(record_type=MEETINGS, actor=coordinator, data={**data, "held_on": D(2025, 3, 28)}).host_agency == world.police_b
    named = record_create(record_type=MEETINGS, actor=coordinator, data={**data, "held_on": D(2025, 3, 29), "host_agency": world.police_a})
    assert named.host_agency == world.police_a
    assert named.cluster == world.cluster


def _task(world, coordinator, meeting=None, **extra):
    data = {"title": "Tuần tra chung", "responsible_agency": world.police_a, "due_on": D(2024, 7, 31), "meeting": meeting, **extra}
    return record_create(record_type=TASKS, actor=coordinator, data=data)


def test_only_the_owner_agencys_chief_closes_a_task(world, coordinator, officer_a, chief_a, officer_b) -> None:
    task = _task(world, coordinator)
    progress = reverse("community:task_progress", kwargs={"public_id": task.public_id})
    client = Client()
    # the officer of the owner agency reports progress but cannot close
    client.force_login(officer_a)
    client.post(progress, {"note": "Đã tuần tra 2 lần"})
    assert client.post(progress, {"note": "", "done": "1"}).status_code == 404
    task.refresh_from_db()
    assert task.status == "in_progress" and "Đã tuần tra 2 lần" in task.progress_notes
    # another commune's officer can do neither
    client.force_login(officer_b)
    assert client.post(progress, {"note": "x", "done": "1"}).status_code == 404
    # the chief closes it
    client.force_login(chief_a)
    detail = client.get(task.get_absolute_url()).content.decode()
    assert 'id="close-task"' in detail
    client.post(progress, {"note": "Hoàn thành", "done": "1"})
    task.refresh_from_db()
    assert task.status == "done" and task.closed_on is not None


def test_the_task_board_shows_open_and_overdue_tasks(world, coordinator, officer_a, outsider) -> None:
    meeting = record_create(record_type=MEETINGS, actor=coordinator, data={"kind": "preliminary_review", "held_on": D(2024, 6, 28), "title": "Sơ kết"})
    overdue = _task(world, coordinator, meeting=meeting, title="Rà soát người nghiện", due_on=D(2024, 1, 31))
    _task(world, coordinator, meeting=meeting, title="Việc của Tam Đa", responsible_agency=world.police_b, due_on=D(2099, 1, 1))
    done = _task(world, coordinator, meeting=meeting, title="Việc đã xong", status="done")
    client = Client()
    client.force_login(officer_a)
    page = client.get(reverse("community:task_board")).content.decode()
    own = page[page.index('id="own-tasks"'):page.index('id="cluster-tasks"')]
    assert "Rà soát người nghiện" in own and "Việc của Tam Đa" not in own and 'data-overdue="1"' in own
    cluster = page[page.index('id="cluster-tasks"'):]
    assert "Rà soát người nghiện" in cluster and "Việc của Tam Đa" in cluster
    assert done.title not in page
    assert Task.objects.get(pk=overdue.pk).is_overdue_on(D(2024, 6, 1))
    # the meeting's page lists its decisions
    assert "Rà soát người nghiện" in client.get(meeting.get_absolute_url()).content.decode()
    # the commune outside the cluster sees no task
    client.force_login(outsider)
    assert "Rà soát người nghiện" not in client.get(reverse("community:task_board")).content.decode()
