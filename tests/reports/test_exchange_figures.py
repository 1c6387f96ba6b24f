"""The exchange figures of the review report on small hand-built data (issue 11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from giapranh.exchange.models import CoordinationRequest, Delivery, Notice, RequestTransition
from giapranh.reports.narrative import narrative_draft
from giapranh.reports.scope import scope_for_cluster, scope_for_unit
from giapranh.reports.selectors import figure_rows, figure_shown, report_compute, scope_resolve
from giapranh.territory.choices import Edition
from giapranh.territory.models import ClusterMembership, UnitSuccession
from tests.factories import AdminUnitFactory
from tests.reports.conftest import at

pytestmark = pytest.mark.usefixtures("reference_data")

START, END = dt.date(2019, 1, 1), dt.date(2019, 12, 31)


def notice(sender: Any, to: Any, when: dt.datetime, *, withdrawn: bool = False) -> Notice:
    record = Notice.objects.create(
        owner_agency=sender, subject="Trao đổi tin về đối tượng trộm cắp", sent_at=when,
        withdrawn_at=when + dt.timedelta(hours=2) if withdrawn else None,
    )
    Delivery.objects.create(notice=record, agency=to)
    return record


def request(sender: Any, to: Any, when: dt.datetime, *, deadline_days: int = 3, answer_after_days: float | None = None,
            answer: str = "accepted", user: Any = None, withdrawn: bool = False) -> CoordinationRequest:
    record = CoordinationRequest.objects.create(
        owner_agency=sender, to_agency=to, subject="Đề nghị xác minh nơi cư trú", sent_at=when,
        deadline=when + dt.timedelta(days=deadline_days), status=answer if answer_after_days is not None else "sent",
        withdrawn_at=when + dt.timedelta(hours=1) if withdrawn else None,
    )
    Delivery.objects.create(request=record, agency=to)
    if answer_after_days is not None:
        RequestTransition.objects.create(
            request=record, from_status="sent", to_status=answer, actor=user, agency=to,
            at=when + dt.timedelta(days=answer_after_days),
        )
    return record


def _report(user: Any, world: Any, start: dt.date = START, end: dt.date = END) -> Any:
    scope = scope_resolve(user=user, cluster=world.cluster.slug, start=start, end=end)
    return report_compute(reader=user, scope=scope, start=start, end=end)


def test_notices_count_on_the_edge_days_and_not_when_withdrawn(world, officer_a) -> None:
    # given: 00:00 on the first day, 23:59 on the last, a minute outside each end, and a withdrawn notice
    notice(world.police_a, world.police_b, at(START, 0, 0))
    notice(world.police_a, world.police_b, at(END, 23, 59))
    notice(world.police_a, world.police_b, at(START - dt.timedelta(days=1), 23, 59))
    notice(world.police_a, world.police_b, at(END + dt.timedelta(days=1), 0, 0))
    notice(world.police_a, world.police_b, at(dt.date(2019, 6, 1)), withdrawn=True)
    # when
    data = _report(officer_a, world)
    # then
    assert data.value("exchange.notices") == 2


def test_requests_made_answered_and_the_share_answered_by_the_deadline(world, officer_a, chief_a) -> None:
    # given: answered in time, declined after its deadline, not answered, and withdrawn
    request(world.police_b, world.police_a, at(dt.date(2019, 2, 1)), answer_after_days=1, user=chief_a)
    request(world.police_a, world.police_b, at(dt.date(2019, 3, 1)), deadline_days=3, answer_after_days=5,
            answer="declined", user=chief_a)
    request(world.police_a, world.police_b, at(dt.date(2019, 4, 1)))
    request(world.police_a, world.police_b, at(dt.date(2019, 5, 1)), withdrawn=True)
    # when
    data = _report(officer_a, world)
    share = next(f for f in data.figures if f.key == "exchange.requests.on_time")
    # then
    assert data.value("exchange.requests.made") == 3
    assert data.value("exchange.requests.answered") == 2
    assert (share.value, share.numerator, share.denominator) == (33, 1, 3)
    assert figure_shown(share.as_dict(), officer_a) == "33% (1/3)"
    assert "đã trả lời 2 đề nghị, trong đó 1 đề nghị (33%) được trả lời đúng hạn" in narrative_draft(
        figures=data.as_dict()["figures"], scope_name="cụm", start="01/01/2019", end="31/12/2019",
    )["results"]


def test_the_share_of_no_requests_has_no_value(world, officer_a) -> None:
    # when
    data = _report(officer_a, world)
    share = next(f for f in data.figures if f.key == "exchange.requests.on_time")
    # then
    assert share.value is None and share.denominator == 0
    assert share.as_dict()["value"] is None
    assert figure_shown(share.as_dict(), officer_a) == "—"


def test_the_drill_down_rows_sum_to_the_figures(world, officer_a, chief_a) -> None:
    # given
    request(world.police_b, world.police_a, at(dt.date(2019, 2, 1)), answer_after_days=1, user=chief_a)
    request(world.police_a, world.police_b, at(dt.date(2019, 3, 1)), answer_after_days=5, answer="declined", user=chief_a)
    request(world.police_a, world.police_b, at(dt.date(2019, 4, 1)))
    notice(world.police_b, world.police_a, at(dt.date(2019, 7, 1)))
    scope = scope_resolve(user=officer_a, cluster=world.cluster.slug, start=START, end=END)
    data = report_compute(reader=officer_a, scope=scope, start=START, end=END)
    # when
    share_figure, rows = figure_rows(reader=officer_a, scope=scope, key="exchange.requests.on_time", start=START, end=END)
    _figure, answered = figure_rows(reader=officer_a, scope=scope, key="exchange.requests.answered", start=START, end=END)
    _figure, notices = figure_rows(reader=officer_a, scope=scope, key="exchange.notices", start=START, end=END)
    # then: the share's rows are every request made, those marked on time its numerator
    columns = dict(share_figure.columns)
    on_time = [(columns[_("Answered")](row), columns[_("Answered by the deadline")](row)) for row in rows]
    assert len(on_time) == data.value("exchange.requests.made") == 3
    assert [t for _a, t in on_time].count(gettext("yes")) == 1 == data.as_dict()["figures"]["exchange.requests.on_time"]["numerator"]
    assert [a for a, _t in on_time].count(gettext("yes")) == answered.count() == data.value("exchange.requests.answered") == 2
    assert notices.count() == data.value("exchange.notices") == 1


def test_a_wrong_user_learns_nothing_from_the_exchange_figures(world, officer_a, chief_a, outsider, steering) -> None:
    # given: a request between A and B; the outsider (C) is no party
    request(world.police_b, world.police_a, at(dt.date(2019, 2, 1)), answer_after_days=1, user=chief_a)
    notice(world.police_a, world.police_b, at(dt.date(2019, 2, 2)))
    scope = scope_for_unit(code=world.commune_a.code, edition="legacy")
    # then: the outsider counts none and lists none
    data = report_compute(reader=outsider, scope=scope, start=START, end=END)
    assert data.value("exchange.notices") == data.value("exchange.requests.made") == 0
    for key in ("exchange.notices", "exchange.requests.made", "exchange.requests.on_time"):
        assert figure_rows(reader=outsider, scope=scope, key=key, start=START, end=END)[1].count() == 0
    # the steering viewer (A's district) gets the numbers and no rows
    assert _report(steering, world).value("exchange.notices") == 1
    with pytest.raises(Http404):
        figure_rows(reader=steering, scope=scope, key="exchange.requests.made", start=START, end=END)


def test_a_message_belongs_to_the_sender_commune_and_its_successor_after_the_reform(world, officer_a) -> None:
    # given: A's successor R from 01/07/2025; A's police keeps its legacy jurisdiction
    r = AdminUnitFactory(edition=Edition.REFORM_2025, code="77010", valid_from=dt.date(2025, 7, 1), valid_to=None)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=r, is_default=True)
    ClusterMembership.objects.filter(cluster=world.cluster).update(valid_to=dt.date(2025, 6, 30))
    ClusterMembership.objects.create(cluster=world.cluster, commune=r, valid_from=dt.date(2025, 7, 1))
    notice(world.police_a, world.police_b, at(dt.date(2025, 6, 30), 23, 59))
    notice(world.police_a, world.police_b, at(dt.date(2025, 7, 1), 0, 0))
    notice(world.district_police_1, world.police_b, at(dt.date(2025, 7, 2)))  # a district's: no commune's
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    # when
    cluster = report_compute(reader=officer_a, scope=scope_for_cluster(cluster=world.cluster, start=start, end=end), start=start, end=end)
    current = report_compute(reader=officer_a, scope=scope_for_unit(code="77010", edition="current"), start=start, end=end)
    legacy = report_compute(reader=officer_a, scope=scope_for_unit(code=world.commune_a.code, edition="legacy"), start=start, end=end)
    # then: each notice once, on both sides of the reform
    assert cluster.value("exchange.notices") == 2
    assert current.value("exchange.notices") == 2
    assert legacy.value("exchange.notices") == 1


def test_the_exchange_figures_reach_the_page_drill_down_docx_xlsx_and_json(client, world, chief_a, outsider) -> None:
    import io
    import zipfile

    from openpyxl import load_workbook

    from giapranh.accounts.choices import Role
    from giapranh.reports.models import ReviewReport
    from tests.factories import UserFactory

    # given: two requests of A, one answered in time, one not answered
    request(world.police_b, world.police_a, at(dt.date(2019, 2, 1)), answer_after_days=1, user=chief_a)
    request(world.police_a, world.police_b, at(dt.date(2019, 4, 1)))
    coordinator = UserFactory(username="coordinator_a", agency=world.police_a, role=Role.COORDINATOR)
    client.force_login(coordinator)
    client.post("/reports/", {"cluster": world.cluster.slug, "edition": "current", "start": "01/01/2019", "end": "31/12/2019"})
    report = ReviewReport.objects.get()
    # when
    page = client.get(report.get_absolute_url()).content.decode()
    drill = client.get(f"/reports/{report.public_id}/figures/exchange.requests.on_time/").content.decode()
    docx = client.get(f"/reports/{report.public_id}/export.docx").content
    book = load_workbook(io.BytesIO(client.get(f"/reports/{report.public_id}/export.xlsx").content))
    payload = client.get(f"/reports/{report.public_id}/export.json").json()
    # then
    assert "50% (1/2)" in page and "Tỷ lệ đề nghị được trả lời đúng hạn" in page
    assert "Trả lời đúng hạn" in drill and drill.count("<tr>") == 3  # header and two requests
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert "50% (1/2)" in archive.read("word/document.xml").decode()
    sheet = next(s for s in book.worksheets if s.title.endswith("exchange.requests.on_time"))
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 2 and [r[-1] for r in rows].count("có") == 1
    share = payload["figures"]["exchange.requests.on_time"]
    assert (share["value"], share["numerator"], share["denominator"]) == (50, 1, 2)
    assert "gửi 2 đề nghị phối hợp, đã trả lời 1 đề nghị" in report.narrative["results"]
    # the outsider reads none of it
    client.force_login(outsider)
    assert client.get(f"/reports/{report.public_id}/figures/exchange.requests.on_time/").status_code == 404
