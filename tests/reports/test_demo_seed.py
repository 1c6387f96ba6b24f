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
