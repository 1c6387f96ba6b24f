from __future__ import annotations

import json
import time

import pytest
from django.core.management import call_command

from giapranh.reports.demo import SEED, SEED_COMMUNITY
from giapranh.territory.loading import units_load

pytestmark = pytest.mark.django_db


def test_demo_reproduces_every_implemented_seed_figure_through_the_cli(tmp_path, capsys) -> None:
    # given: the real units and the demo, generated twice (idempotent)
    units_load(provinces=["26", "08"], progress=False)
    started = time.monotonic()
    call_command("demo")
    elapsed = time.monotonic() - started
    call_command("demo")
    assert "Records generated" not in capsys.readouterr().out.split("Demo logins")[-1]
    # when
    output = tmp_path / "report.json"
    call_command(
        "report", "--cluster", "song-lo-son-duong", "--from", "2015-07-01", "--to", "2020-06-30",
        "--format", "json", "--output", str(output),
    )
    figures = json.loads(output.read_text())["figures"]
    # then
    assert {key: figures[key]["value"] for key in SEED} == SEED
    # the community figures of the seed (issue 11), the roster's total included
    assert {key: figures[key]["value"] for key in SEED_COMMUNITY} == SEED_COMMUNITY
    assert figures["officers.total"]["value"] == 107
    assert figures["teams.mediation"]["value"] == 30
    assert elapsed < 60
    # the coordinator sees the same (every demo record is shared with the cluster)
    call_command(
        "report", "--cluster", "song-lo-son-duong", "--from", "2015-07-01", "--to", "2020-06-30",
        "--user", "cum.thuongtruc", "--output", str(output),
    )
    assert json.loads(output.read_text())["figures"]["incidents.total"]["value"] == 172


def test_every_demo_record_has_its_creation_in_the_history() -> None:
    from giapranh.core.kit import record_types
    from giapranh.people.models import Person

    # given
    units_load(provinces=["26", "08"], progress=False)
    # when
    call_command("demo")
    # then: bulk-written records look like records made through the forms
    for model in {record_type.model for record_type in record_types()} | {Person}:
        created = set(model.history.filter(history_type="+").values_list("id", flat=True))
        assert set(model.objects.values_list("pk", flat=True)) <= created, model.__name__
    assert Person.history.filter(history_type="+").count() > 1000


def test_demo_reports_across_the_reform_have_community_and_exchange_figures_on_both_sides(tmp_path) -> None:
    from giapranh.community.models import MediationCase, OutreachActivity, SelfManagementGroup

    # given
    units_load(provinces=["26", "08"], progress=False)
    call_command("demo")

    def figures(start: str, end: str) -> dict[str, int | None]:
        output = tmp_path / f"{start}.json"
        call_command("report", "--cluster", "song-lo-son-duong", "--from", start, "--to", end, "--output", str(output))
        return {key: f["value"] for key, f in json.loads(output.read_text())["figures"].items()}

    # when: the year before the reform, the half year after it, and the period across it
    before, after, across = figures("2024-07-01", "2025-06-30"), figures("2025-07-01", "2025-12-31"), figures("2024-07-01", "2025-12-31")
    # then: community and exchange figures on both sides of 01/07/2025
    keys = (
        "outreach.news_item", "outreach.slogan_banner", "outreach.public_session", "groups.self_management",
        "teams.mediation", "officers.total", "officers.regular", "models.self_management", "pacts.signatory_communes",
        "exchange.notices", "exchange.requests.made", "exchange.requests.answered", "exchange.requests.on_time",
    )
    for side in (before, after):
        assert all(side[key] for key in keys), {key: side[key] for key in keys}
    assert before["commendations.collective"] + before["commendations.individual"] > 0
    assert after["commendations.collective"] + after["commendations.individual"] > 0
    # dated figures across the reform count each record once
    for key in ("outreach.news_item", "exchange.notices", "exchange.requests.made", "commendations.individual"):
        assert across[key] == before[key] + after[key]
    # some requests were answered late
    assert before["exchange.requests.on_time"] < 100 or after["exchange.requests.on_time"] < 100
    # records dated from 01/07/2025 are filed under the new communes
    for model, field in ((OutreachActivity, "held_on"), (SelfManagementGroup, "founded_on"), (MediationCase, "held_on")):
        later = model.objects.filter(**{f"{field}__gte": "2025-07-01"})
        assert later.exists() and not later.exclude(commune__edition="reform2025").exists()
